// `npm test`: every test in Node (node's own runner), then every portable case in real XS (xsnap),
// one line per engine and a total. A case that fails in either engine fails the run.
import { run } from "node:test";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { findFiles, selected, testRoot } from "./engine/files.js";
import { XsWorker } from "../hosts/xs/worker.js";
import { WorldHost } from "./support/node-world.js";

interface Tally {
	passed: number;
	failed: number;
}

// `node build/test/run.js at/ http/` runs only the files whose path contains one of the words.
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
process.env.TEST_ONLY = only.join(",");

async function runNode(): Promise<Tally> {
	const tally = { passed: 0, failed: 0 };
	const files = findFiles(".test.js").filter((f) => f.endsWith("node-cases.test.js") || selected(f));
	const stream = run({ files, concurrency: availableParallelism() });
	for await (const event of stream) {
		if (event.type !== "test:pass" && event.type !== "test:fail") continue;
		const data = event.data as { name: string; file?: string; details: { type?: string; error?: Error } };
		if (data.details.type === "suite") continue;
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

async function runXsFile(file: string, tally: Tally): Promise<void> {
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
				console.log(`xs ✗ ${relative(testRoot, file)} › ${result.name}\n    ${String(result.error).split("\n").slice(0, 8).join("\n    ")}`);
			}
			return new Uint8Array(0);
		},
	});
	try {
		await worker.import(file);
		await worker.import(join(testRoot, "engine", "xs-cases.js"));
		await worker.command("run");
	} catch (e) {
		console.log(`xs ✗ ${relative(testRoot, file)}: ${(e as Error).message}`);
		if (expected < 0) tally.failed++;
	} finally {
		await worker.close();
		await host.close();
	}
	if (expected > seen) {
		tally.failed += expected - seen;
		console.log(`xs ✗ ${relative(testRoot, file)}: ${expected - seen} case(s) never settled`);
	}
}

async function runXs(): Promise<Tally> {
	const tally = { passed: 0, failed: 0 };
	const files = findFiles(".case.js").filter(selected);
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
		while (next < files.length) await runXsFile(files[next++]!, tally);
	});
	await Promise.all(lanes);
	return tally;
}

const node = await runNode();
console.log(`node: ${node.passed} passed, ${node.failed} failed`);
const xs = await runXs();
console.log(`xs: ${xs.passed} passed, ${xs.failed} failed`);
const passed = node.passed + xs.passed;
const failed = node.failed + xs.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
