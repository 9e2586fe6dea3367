// `npm run bench [-- name… --json --bytes N --seed S --requests N --profile manual|field]`: runs the benchmarks (all, or those
// named) and prints their figures, as JSON lines with --json. `npm run fuzz` and `npm run soak` are
// this with one name.
import * as tokenizer from "./tokenizer.js";
import * as download from "./download.js";
import * as requests from "./requests.js";
import * as faults from "./faults.js";
import * as fuzz from "./fuzz.js";
import * as soak from "./soak.js";
import * as memory from "./memory.js";
import * as ota from "./ota.js";
import * as energy from "./energy.js";
import * as misuse from "./misuse.js";

export interface BenchOptions {
	bytes?: number;
	seed?: number;
	requests?: number;
	/** The emulator's profile (soak): "manual" (default) or "field". */
	profile?: "manual" | "field";
}

const benches: Record<string, { run(options: BenchOptions): Promise<object[]> }> = { tokenizer, download, requests, faults, misuse, fuzz, soak, memory, ota, energy };
const VALUED = ["--bytes", "--seed", "--requests"];

const args = process.argv.slice(2);
const json = args.includes("--json");
const options: BenchOptions = {};
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
	const arg = args[i]!;
	if (arg === "--profile") {
		const value = args[++i];
		if (value !== "manual" && value !== "field") {
			console.error("--profile takes manual or field");
			process.exit(2);
		}
		options.profile = value;
	} else if (VALUED.includes(arg)) {
		const value = Number(args[++i]);
		if (!Number.isSafeInteger(value) || value < 0) {
			console.error(`${arg} takes a whole number`);
			process.exit(2);
		}
		options[arg.slice(2) as "bytes" | "seed" | "requests"] = value;
	} else if (!arg.startsWith("-")) names.push(arg);
}
let failed = false;
for (const name of names.length ? names : Object.keys(benches)) {
	const bench = benches[name];
	if (!bench) {
		console.error(`unknown bench "${name}"; known: ${Object.keys(benches).join(", ")}`);
		process.exitCode = 2;
		continue;
	}
	for (const line of await bench.run(options)) {
		const l = line as { failures?: number; failed?: number; corrupted?: number; unsettled?: number; failedWithoutFault?: number };
		if (l.failures || l.failed || l.corrupted || l.unsettled || l.failedWithoutFault) failed = true;
		if (json) console.log(JSON.stringify(line));
		else console.log(Object.entries(line).map(([k, v]) => `${k}: ${v}`).join(", "));
	}
}
if (failed) process.exitCode = 1;
