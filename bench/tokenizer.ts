// The tokenizer benchmark, driven from Node: our ring and tokenizer against a string-based parser in
// the same XS worker, interleaved rounds in each of several workers, medians. Heap slots and computrons
// come from the worker's meters; the cost of a delivery itself (an empty command) is subtracted.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker, type Reply } from "../hosts/xs/worker.js";

const here = dirname(fileURLToPath(import.meta.url));
const text = (r: Reply) => new TextDecoder().decode(r.reply);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// The same code measures a few percent apart from one worker process to the next (where XS's heap
// and code land), so the rounds of several workers are pooled.
const WORKERS = 3;
const ROUNDS = 5;

interface Series {
	slots: number[];
	compute: number[];
	ms: number[];
}

const series = (): Series => ({ slots: [], compute: [], ms: [] });

/** One worker: its checks, then ROUNDS interleaved rounds of ours, the baseline and the floor. */
async function measureWorker(ours: Series, base: Series, floor: Series): Promise<number[]> {
	const worker = new XsWorker({ name: "bench-tokenizer" });
	try {
		await worker.import(join(here, "tokenizer-xs.js"));
		const shape = text(await worker.command("s")).split(",").map(Number) as number[];
		const [, , payload, frames, lines] = shape;
		// Measures one command after a full collection: [slots created, computrons].
		const measure = async (op: string): Promise<[number, number]> => {
			const before = await worker.command("g");
			const after = await worker.command(op);
			return [after.meter.currentHeapCount - before.meter.currentHeapCount, after.meter.compute];
		};
		const [noopSlots, noopCompute] = await measure("n");
		const check = async (who: string) => {
			const [, got, oks, infos] = text(await worker.command("r")).split(",").map(Number) as number[];
			if (got !== payload || oks !== frames || infos !== lines) throw new Error(`${who} parsed ${got} payload bytes, ${oks} OK, ${infos} lines; expected ${payload}, ${frames}, ${lines}`);
		};
		for (let i = 0; i < 2; i++) {
			await measure("o");
			await check("tokenizer");
			await measure("b");
			await check("baseline");
		}
		for (let round = 0; round < ROUNDS; round++) {
			for (const [op, into] of [["o", ours], ["b", base], ["f", floor]] as const) {
				const [slots, compute] = await measure(op);
				const ms = Number(text(await worker.command("r")).split(",")[0]);
				into.slots.push(slots - noopSlots);
				into.compute.push(compute - noopCompute);
				into.ms.push(ms);
			}
		}
		return shape;
	} finally {
		await worker.close();
	}
}

export async function run(): Promise<object[]> {
	const ours = series(), base = series(), floor = series();
	let shape: number[] = [];
	for (let w = 0; w < WORKERS; w++) shape = await measureWorker(ours, base, floor);
	const [bytes, chunks] = shape;
	const ms = median(ours.ms);
	const baselineMs = median(base.ms);
	return [{
		bench: "tokenizer",
		engine: "xs",
		bytes,
		chunks,
		allocatedSlots: Math.max(...ours.slots),
		baselineAllocatedSlots: median(base.slots),
		computrons: median(ours.compute),
		baselineComputrons: median(base.compute),
		ms: Math.round(ms * 100) / 100,
		baselineMs: Math.round(baselineMs * 100) / 100,
		ratio: Math.round((baselineMs / ms) * 10) / 10,
		// the reads alone (serial read into the ring, no tokens): what no tokenizer can go below
		floorMs: Math.round(median(floor.ms) * 100) / 100,
		// ours against that floor, the two measured in the same rounds (target ≤ 1.6)
		floorRatio: Math.round((ms / median(floor.ms)) * 100) / 100,
		floorComputrons: median(floor.compute),
		runs: WORKERS * ROUNDS,
		workers: WORKERS,
	}];
}
