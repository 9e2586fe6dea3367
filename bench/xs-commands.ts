// What the XS sides of the benchmarks share: answers as JSON, and a command handler whose work may be
// async (xsnap takes the answer once `result` is set, after the promise jobs ran). "gc" answers at once,
// so the meter of that delivery reads the heap after a full collection.
declare function gc(): void;

export function reply(value: object): ArrayBuffer {
	return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
}

/** Serves "<op> <arg>…" commands with `work`; a failure answers {error}. */
export function serveCommands(work: (op: string, args: string[]) => object | Promise<object>): void {
	(globalThis as { handleCommand?: (m: ArrayBuffer) => unknown }).handleCommand = (message: ArrayBuffer) => {
		const [op = "", ...args] = new TextDecoder().decode(message).split(" ");
		if (op === "gc") {
			gc();
			return reply({});
		}
		const answer: { result?: ArrayBuffer } = {};
		Promise.resolve()
			.then(() => work(op, args))
			.then((value) => (answer.result = reply(value)), (e) => (answer.result = reply({ error: String((e as Error)?.stack ?? e) })));
		return answer;
	};
}
