// The requests benchmark: 1,000 warm GETs in XS on the emulator; the heap (slots in use after a full
// collection) before and after, and the command lines one warm GET costs.
import { withXsWorld } from "./xs-world.js";

export async function run(): Promise<object[]> {
	return withXsWorld("bench-requests", "requests-xs.js", async (worker) => {
		const call = async (text: string) => {
			const r = await worker.command(text);
			const value = JSON.parse(new TextDecoder().decode(r.reply));
			if (value.error || value.failed) throw new Error(`requests bench: ${JSON.stringify(value)}`);
			return { value, heap: r.meter.currentHeapCount };
		};
		await call("open");
		await call("run 20"); // warm-up: every lazy structure made
		const start = (await call("gc")).heap;
		const requests = 1000;
		const { value } = await call(`run ${requests}`);
		const end = (await call("gc")).heap;
		await call("close");
		return [{ bench: "requests", engine: "xs", requests, heapCountStart: start, heapCountEnd: end, roundTripsWarmGet: value.linesPerGet }];
	});
}
