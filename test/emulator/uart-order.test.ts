// On real time the host's chunks reach the module in the order they were written, even where the timers
// that carry them fire out of order (Node's timers run on a clock of their own: a chunk due a fraction
// of a millisecond after another may fire first; seen on Moddable's Linux runtime, where a CA upload's
// Ctrl+Z overtook its last 63 bytes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Emulator, type Clock } from "../../emulator/index.js";

// Fires every pending timer, newest first: the worst order a real clock could give.
class BackwardsClock implements Clock {
	#now = 0;
	#pending: (() => void)[] = [];
	now(): number {
		return this.#now;
	}
	setTimeout(fn: () => void): unknown {
		this.#pending.push(fn);
		return fn;
	}
	clearTimeout(id: unknown): void {
		const i = this.#pending.indexOf(id as () => void);
		if (i >= 0) this.#pending.splice(i, 1);
	}
	run(): void {
		for (let guard = 0; this.#pending.length && guard < 10000; guard++) {
			this.#now += 1;
			this.#pending.pop()!();
		}
	}
}

test("chunks written one after another arrive in order when their timers fire backwards", () => {
	const clock = new BackwardsClock();
	const emulator = new Emulator({ clock, boot: false, echo: false });
	let output = "";
	emulator.onOutput = (bytes) => {
		output += Buffer.from(bytes).toString("latin1");
	};
	for (const chunk of ["A", "T", "+CGMI", "\r"]) emulator.input(Buffer.from(chunk, "latin1"));
	clock.run();
	assert.match(output, /Quectel[\s\S]*\r\nOK\r\n$/);
});
