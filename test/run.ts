// `npm test`: every test in Node (node's own runner), then every portable case in real XS (xsnap),
// then the host-sensitive cases in XS again under each Moddable host model (test/support/hosts.ts:
// Linux's GLib timer and serial, the ESP32's timer and UART FIFO); then the module-sensitive cases (end
// to end, the reliability matrices, the soak) again against the BG95 emulator, in Node, XS and each host
// model. A line per case file as it ends, one line per engine, host model and module, and a total. A case
// that fails anywhere fails the run.
import { run } from "node:test";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { findFiles, selected, testRoot } from "./engine/files.js";
import { WorkerMissing, XsWorker, workerBinary } from "../hosts/xs/worker.js";
import { WorldHost } from "./support/node-world.js";

interface Tally {
	passed: number;
	failed: number;
}

// `node build/test/run.js at/ http/` runs only the files whose path contains one of the words.
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
process.env.TEST_ONLY = only.join(",");

// A line as each test file ends, and as each case file ends inside node-cases.test.js (Node streams a
// file's events as it runs, so these come while the phase goes on); counts are summed from the tests.
async function runNode(files = findFiles(".test.js").filter((f) => f.endsWith("node-cases.test.js") || selected(f))): Promise<Tally> {
	const tally = { passed: 0, failed: 0 };
	const stream = run({ files, concurrency: availableParallelism() });
	for await (const event of stream) {
		if (event.type !== "test:pass" && event.type !== "test:fail" && event.type !== "test:complete") continue;
		const data = event.data as { name: string; nesting: number; file?: string; details: { type?: string; passed?: boolean; duration_ms?: number; error?: Error } };
		if (event.type === "test:complete") {
			if (data.nesting === 0 && data.file && data.name === data.file) {
				console.log(`  node ${data.details.passed ? "✓" : "✗"} ${relative(testRoot, data.file)} (${((data.details.duration_ms ?? 0) / 1000).toFixed(1)} s)`);
			}
			continue;
		}
		if (data.details.type === "suite") {
			if (data.nesting === 0) console.log(`  node ${event.type === "test:pass" ? "✓" : "✗"} ${data.name}`);
			continue;
		}
		if (event.type === "test:pass") tally.passed++;
		else {
			tally.failed++;
			const error = data.details.error as (Error & { cause?: unknown }) | undefined;
			const cause = error?.cause as Error | undefined;
			console.log(`node ✗ ${data.file ? relative(testRoot, data.file) + " › " : ""}${data.name}\n    ${String(cause?.stack ?? cause ?? error?.message).split("\n").slice(0, 8).join("\n    ")}`);
		}
	}
	return tally;
}

// The cases whose outcome depends on the host's Timer and serial.
const HOST_SENSITIVE = /(^|\/)(e2e|hosts)\/|\/client-|download|fetch|misuse/;
// The cases that run against a module (the emulator's worlds, the stand-in modules): run for each one.
const MODULE_SENSITIVE = /(^|\/)e2e\/|reliability\/(fault-matrix|misuse-matrix|soak)/;

// Counts one file's cases (the lanes run files side by side, so a shared count would mix them), then
// adds them to the run's tally.
async function runXsFile(file: string, total: Tally, label: string, model: string, module: string): Promise<void> {
	const tally = { passed: 0, failed: 0 };
	let expected = -1;
	let seen = 0;
	const host = new WorldHost();
	const worker = new XsWorker({
		name: relative(testRoot, file),
		onCommand: (message) => {
			if (message[0] === 0) return host.handle(message.subarray(1));
			const text = new TextDecoder().decode(message);
			const result = JSON.parse(text) as { count?: number; name?: string; ok?: boolean; error?: string };
			if (result.count !== undefined) {
				expected = result.count;
				return new Uint8Array(0);
			}
			seen++;
			if (result.ok) tally.passed++;
			else {
				tally.failed++;
				console.log(`${label} ✗ ${relative(testRoot, file)} › ${result.name}\n    ${String(result.error).split("\n").slice(0, 8).join("\n    ")}`);
			}
			return new Uint8Array(0);
		},
	});
	try {
		if (model !== "plain") await worker.evaluate(`globalThis.hostModel = ${JSON.stringify(model)}`);
		if (module !== "bc660k") await worker.evaluate(`globalThis.moduleModel = ${JSON.stringify(module)}`);
		// Imported dynamically so that a file that throws while loading is a failure (xs-cases.ts awaits it):
		// the worker's own module import reports success whatever the module does.
		await worker.evaluate(`globalThis.caseFileLoaded = import(${JSON.stringify(file)})`);
		await worker.import(join(testRoot, "engine", "xs-cases.js"));
		await worker.command("run");
	} catch (e) {
		console.log(`${label} ✗ ${relative(testRoot, file)}: ${(e as Error).message}`);
		if (expected < 0) tally.failed++;
	} finally {
		await worker.close();
		await host.close();
	}
	if (expected > seen) {
		tally.failed += expected - seen;
		console.log(`${label} ✗ ${relative(testRoot, file)}: ${expected - seen} case(s) never settled`);
	}
	total.passed += tally.passed;
	total.failed += tally.failed;
	console.log(`  ${label} ${tally.failed ? "✗" : "✓"} ${relative(testRoot, file)}: ${tally.passed} passed${tally.failed ? `, ${tally.failed} failed` : ""}`);
}

async function runXs(label: string, model: string, module: string, files: string[]): Promise<Tally> {
	const tally = { passed: 0, failed: 0 };
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
		while (next < files.length) await runXsFile(files[next++]!, tally, label, model, module);
	});
	await Promise.all(lanes);
	return tally;
}

const lines: string[] = [];
console.log("node: running every test file…");
const node = await runNode();
lines.push(`node: ${node.passed} passed, ${node.failed} failed`);
console.log(lines[0]);
const cases = findFiles(".case.js").filter(selected);
try {
	workerBinary();
} catch (error) {
	if (!(error instanceof WorkerMissing)) throw error;
	console.log(`xs: ${error.message}`);
	console.log(`${node.passed} passed, ${node.failed + 1} failed`);
	process.exit(1);
}
const hostSensitive = cases.filter((f) => HOST_SENSITIVE.test(relative(testRoot, f)));
const moduleSensitive = cases.filter((f) => MODULE_SENSITIVE.test(relative(testRoot, f)));
const runs: [label: string, model: string, module: string, files: string[]][] = [
	["xs", "plain", "bc660k", cases],
	["xs/lin", "lin", "bc660k", hostSensitive],
	["xs/esp32", "esp32", "bc660k", hostSensitive],
	["xs/bg95", "plain", "bg95", moduleSensitive],
	["xs/lin/bg95", "lin", "bg95", moduleSensitive.filter((f) => hostSensitive.includes(f))],
	["xs/esp32/bg95", "esp32", "bg95", moduleSensitive.filter((f) => hostSensitive.includes(f))],
];
let passed = node.passed, failed = node.failed;
// The module-sensitive cases in Node against the BG95 (the runner's children read TEST_MODULE).
if (moduleSensitive.length) {
	console.log(`node/bg95: running ${moduleSensitive.length} case files…`);
	process.env.TEST_MODULE = "bg95";
	process.env.TEST_ONLY = moduleSensitive.map((f) => relative(testRoot, f)).join(",");
	const bg95 = await runNode(findFiles(".test.js").filter((f) => f.endsWith("node-cases.test.js")));
	lines.push(`node/bg95: ${bg95.passed} passed, ${bg95.failed} failed`);
	console.log(lines[lines.length - 1]);
	passed += bg95.passed;
	failed += bg95.failed;
}
for (const [label, model, module, files] of runs) {
	console.log(`${label}: running ${files.length} case files…`);
	const tally = await runXs(label, model, module, files);
	lines.push(`${label}: ${tally.passed} passed, ${tally.failed} failed`);
	console.log(lines[lines.length - 1]);
	passed += tally.passed;
	failed += tally.failed;
}
// The summary again at the end, where a reader (and CI) looks.
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
