// The requests benchmark: 1,000 warm GETs in XS on the emulator; the heap (slots in use after a full
// collection) before and after, and the command lines one warm GET costs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "../hosts/xs/worker.js";
import { WorldHost } from "../test/support/node-world.js";

const here = dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<object[]> {
	const host = new WorldHost();
	const worker = new XsWorker({ name: "bench-requests", onCommand: (m) => host.handle(m.subarray(1)) });
	const call = async (text: string) => {
		const r = await worker.command(text);
		const value = JSON.parse(new TextDecoder().decode(r.reply));
		if (value.error || value.failed) throw new Error(`requests bench: ${JSON.stringify(value)}`);
		return { value, heap: r.meter.currentHeapCount };
	};
	try {
		await worker.import(join(here, "requests-xs.js"));
		await call("open");
		await call("run 20"); // warm-up: every lazy structure made
		const start = (await call("gc")).heap;
		const requests = 1000;
		const { value } = await call(`run ${requests}`);
		const end = (await call("gc")).heap;
		await call("close");
		return [{ bench: "requests", engine: "xs", requests, heapCountStart: start, heapCountEnd: end, roundTripsWarmGet: value.linesPerGet }];
	} finally {
		await worker.close();
		await host.close();
	}
}
