// Runs inside the XS worker: fuzz sessions on command (test/reliability/fuzz.ts), one batch per
// delivery so the heap can be read between batches.
import { describe, fuzz } from "../test/reliability/fuzz.js";

declare function gc(): void;

function reply(value: object): ArrayBuffer {
	return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
}

(globalThis as { handleCommand?: (m: ArrayBuffer) => unknown }).handleCommand = (message: ArrayBuffer) => {
	const [op, seed, firstSession, bytes] = new TextDecoder().decode(message).split(" ").map((word, i) => (i ? Number(word) : word)) as [string, number, number, number];
	if (op === "gc") {
		gc();
		return reply({});
	}
	try {
		const report = fuzz({ seed, firstSession, bytes });
		return reply({ ...report, failures: report.failures.map(describe) });
	} catch (e) {
		return reply({ error: String((e as Error)?.stack ?? e) });
	}
};
