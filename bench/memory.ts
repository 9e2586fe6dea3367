// The memory benchmark, for one client and for four (fetch to four origins), each after one request per
// client: bufferBytes, the ArrayBuffers the library allocated (seen by wrapping the typed-array
// constructors before it is imported, callers read from the stack) that are still alive after a full
// collection; allocatedBytes, all it allocated on the way (transients too); slots, the heap slots in use
// after a collection minus the same world without the library. MEMORY_DETAIL=1 lists what is alive.
import { withXsWorld } from "./xs-world.js";

export async function run(): Promise<object[]> {
	const lines: object[] = [];
	for (const clients of [1, 4]) {
		lines.push(await withXsWorld("bench-memory", ["memory-shim.js", "memory-xs.js"], async (worker) => {
			const call = async (text: string) => {
				const r = await worker.command(text);
				const value = JSON.parse(new TextDecoder().decode(r.reply));
				if (value.error) throw new Error(`memory bench: ${value.error}`);
				return { value, heap: r.meter.currentHeapCount };
			};
			await call("open");
			const baseline = (await call("gc")).heap;
			const { value } = await call(`run ${clients}`);
			const used = (await call("gc")).heap;
			const alive = (await call("alive")).value;
			await call("close");
			if (process.env.MEMORY_DETAIL) for (const line of alive.where) console.error(`  ${line}`);
			return { bench: "memory", engine: "xs", clients, bufferBytes: alive.bytes, slots: used - baseline, allocatedBytes: value.allocatedBytes };
		}));
	}
	return lines;
}
