// `npm run bench [-- name… --json]`: runs the benchmarks (all, or those named) and prints their
// figures, as JSON lines with --json.
import * as tokenizer from "./tokenizer.js";
import * as download from "./download.js";
import * as requests from "./requests.js";
import * as faults from "./faults.js";

const benches: Record<string, { run(): Promise<object[]> }> = { tokenizer, download, requests, faults };

const args = process.argv.slice(2);
const json = args.includes("--json");
const names = args.filter((a) => !a.startsWith("-"));
for (const name of names.length ? names : Object.keys(benches)) {
	const bench = benches[name];
	if (!bench) {
		console.error(`unknown bench "${name}"; known: ${Object.keys(benches).join(", ")}`);
		process.exitCode = 2;
		continue;
	}
	for (const line of await bench.run()) {
		if (json) console.log(JSON.stringify(line));
		else console.log(Object.entries(line).map(([k, v]) => `${k}: ${v}`).join(", "));
	}
}
