// `npm run fuzz [-- --bytes N --seed S --json]`: the fuzzer (test/reliability/fuzz.ts) over N bytes of
// mutated module output, in XS (xsnap) and in Node, the same seed in both. XS runs in batches so the
// heap (slots in use after a full collection) can be compared between the first batch and the last.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "../hosts/xs/worker.js";
import { describe, fuzz } from "../test/reliability/fuzz.js";

const here = dirname(fileURLToPath(import.meta.url));

export interface FuzzBenchOptions {
	bytes?: number;
	seed?: number;
}

const BATCH = 1 << 20;

export async function run(options: FuzzBenchOptions = {}): Promise<object[]> {
	const bytes = options.bytes ?? 1e7;
	const seed = options.seed ?? 1;
	const lines: object[] = [];
	const worker = new XsWorker({ name: "bench-fuzz" });
	try {
		await worker.import(join(here, "fuzz-xs.js"));
		const xs = { bytes: 0, requests: 0, succeeded: 0, sessions: 0, failures: [] as string[] };
		let heapCountStart = 0;
		let heapCountEnd = 0;
		while (xs.bytes < bytes) {
			const r = await worker.command(`run ${seed} ${xs.sessions} ${Math.min(BATCH, bytes - xs.bytes)}`);
			const value = JSON.parse(new TextDecoder().decode(r.reply));
			if (value.error) throw new Error(`fuzz in XS: ${value.error}`);
			xs.bytes += value.bytes;
			xs.requests += value.requests;
			xs.succeeded += value.succeeded;
			xs.sessions += value.sessions;
			xs.failures.push(...value.failures);
			const heap = (await worker.command("gc")).meter.currentHeapCount;
			if (!heapCountStart) heapCountStart = heap;
			heapCountEnd = heap;
		}
		for (const failure of xs.failures) console.error(`xs ${failure}`);
		lines.push({ bench: "fuzz", engine: "xs", bytes: xs.bytes, seed, failures: xs.failures.length, requests: xs.requests, succeeded: xs.succeeded, heapCountStart, heapCountEnd });
	} finally {
		await worker.close();
	}
	const node = fuzz({ bytes, seed });
	for (const failure of node.failures) console.error(`node ${describe(failure)}`);
	lines.push({ bench: "fuzz", engine: "node", bytes: node.bytes, seed, failures: node.failures.length, requests: node.requests, succeeded: node.succeeded });
	return lines;
}
