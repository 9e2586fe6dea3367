// The tokenizer benchmark, driven from Node: our ring and tokenizer against a string-based parser in
// the same XS worker, five interleaved rounds, medians. Heap slots and computrons come from the
// worker's meters; the cost of a delivery itself (measured with an empty command) is subtracted.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker, type Reply } from "../hosts/xs/worker.js";

const here = dirname(fileURLToPath(import.meta.url));
const text = (r: Reply) => new TextDecoder().decode(r.reply);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<object[]> {
	const worker = new XsWorker({ name: "bench-tokenizer" });
	try {
		await worker.import(join(here, "tokenizer-xs.js"));
		const [bytes, chunks, payload, frames, lines] = text(await worker.command("s")).split(",").map(Number) as number[];
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
		const ours = { slots: [] as number[], compute: [] as number[], ms: [] as number[] };
		const base = { slots: [] as number[], compute: [] as number[], ms: [] as number[] };
		const floor = { slots: [] as number[], compute: [] as number[], ms: [] as number[] };
		for (let round = 0; round < 5; round++) {
			for (const [op, into] of [["o", ours], ["b", base], ["f", floor]] as const) {
				const [slots, compute] = await measure(op);
				const ms = Number(text(await worker.command("r")).split(",")[0]);
				into.slots.push(slots - noopSlots);
				into.compute.push(compute - noopCompute);
				into.ms.push(ms);
			}
		}
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
			runs: 5,
		}];
	} finally {
		await worker.close();
	}
}
