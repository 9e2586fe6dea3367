// `npm run soak [-- --requests N --seed S --profile manual|field --json]`: the soak (test/reliability/soak.ts) in XS on the
// emulator's virtual clock, N requests (default 10,000) with faults in a tenth of them. The heap (slots
// in use after a full collection) is read after the first batch, once everything lazy exists, and at
// the end. One line per module.
import { perModule, withXsWorld } from "./xs-world.js";

const BATCH = 500;

export async function run(options: { requests?: number; seed?: number; profile?: "manual" | "field" } = {}): Promise<object[]> {
	const requests = options.requests ?? 10000;
	const seed = options.seed ?? 1;
	const profile = options.profile ?? "manual";
	return perModule((module) => withXsWorld("bench-soak", "soak-xs.js", async (worker) => {
		const call = async (text: string) => {
			const r = await worker.command(text);
			const value = JSON.parse(new TextDecoder().decode(r.reply));
			if (value.error) throw new Error(`soak: ${value.error}`);
			return { value, heap: r.meter.currentHeapCount };
		};
		await call(`open ${seed} ${profile}`);
		let done = 0;
		let heapCountStart = 0;
		let heapCountEnd = 0;
		let heapCountMax = 0; // after any batch: flat means no batch ends higher than a few slots of state
		while (done < requests) {
			const n = Math.min(BATCH, requests - done);
			await call(`run ${n}`);
			done += n;
			heapCountEnd = (await call("gc")).heap;
			if (!heapCountStart) heapCountStart = heapCountEnd;
			heapCountMax = Math.max(heapCountMax, heapCountEnd);
		}
		const { value: report } = await call("close");
		for (const problem of report.problems) console.error(`soak (${module}): ${problem}`);
		return [{
			bench: "soak", engine: "xs", profile, requests: report.requests, corrupted: report.corrupted, unsettled: report.unsettled,
			heapCountStart, heapCountEnd, heapCountMax, seed, succeeded: report.succeeded, faults: report.faults, failedWithoutFault: report.failedWithoutFault,
			timersIdleMax: report.timersIdleMax, timersAfterClose: report.timersAfterClose,
		}];
	}, module));
}
