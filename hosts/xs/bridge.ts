// The XS side of the desktop host: a serial `io` class and a clock that forward to the Node process
// driving the xsnap worker, through the worker's synchronous issueCommand(). XS drives: runUntil asks
// Node for the next step (module output, or timers that came due) and delivers it, so serial
// callbacks and timers run in XS exactly as a device's event loop would run them.
// Node's half is link.ts; the tests' world (test/support/xs-world.ts) rides on the same bridge.
import { decodeFrame, encodeFrame } from "./frame.js";
import type { ClockLike } from "./timer.js";

declare function issueCommand(message: ArrayBuffer): ArrayBuffer;

/** Asks Node for one operation. Host operations start with a zero byte (the rest of the channel
 *  carries the test runner's reports). */
export function call(op: string, args: object = {}, bytes?: Uint8Array): { header: any; bytes: Uint8Array } {
	const body = encodeFrame({ op, ...args }, bytes);
	const message = new Uint8Array(body.length + 1);
	message.set(body, 1);
	const answer = decodeFrame(new Uint8Array(issueCommand(message.buffer)));
	if (answer.header.error) throw new Error(`host: ${answer.header.error}`);
	return answer;
}

interface PortOptions {
	onReadable?: (this: unknown, count: number) => void;
	onWritable?: (this: unknown, count: number) => void;
	onError?: (this: unknown, error: unknown) => void;
}

// What Node says the ESP32's UART FIFO (or a PC's tty) can take after each drained write.
const WRITABLE = 1024;
const DRAIN_SPINS = 32;
const IDLE_SPINS = 32;

export class Bridge implements ClockLike {
	#now: number;
	#rx = new Uint8Array(1 << 16);
	#rxHead = 0;
	#rxTail = 0;
	#port: { options: PortOptions; self: object } | undefined;
	#writable = false;
	#timeouts = new Map<number, () => void>();
	#calls = 0; // serial writes and timer changes: what an idle app would do if it woke

	constructor(now = 0) {
		this.#now = now;
	}

	now(): number {
		return this.#now;
	}

	setTimeout(fn: () => void, ms: number): unknown {
		this.#calls++;
		const id = call("setTimeout", { ms }).header.id as number;
		this.#timeouts.set(id, fn);
		return id;
	}

	clearTimeout(id: unknown): void {
		this.#calls++;
		if (this.#timeouts.delete(id as number)) call("clearTimeout", { id });
	}

	/** The ECMA-419 serial class bound to this bridge (one port at a time). */
	serialClass(): new (options: PortOptions) => object {
		const bridge = this;
		return class BridgeSerial {
			constructor(options: PortOptions) {
				bridge.#port = { options, self: this };
				bridge.#writable = true;
			}
			read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
				return bridge.#read(buffer);
			}
			write(data: ArrayBuffer): void {
				if (!(data instanceof ArrayBuffer)) throw new TypeError("write: ArrayBuffer only (as Moddable's Linux serial)");
				bridge.#calls++;
				call("write", {}, new Uint8Array(data));
				bridge.#writable = true; // the UART drains on Node's side: room again at the next step
			}
			close(): void {
				if (bridge.#port?.self === this) bridge.#port = undefined;
			}
		};
	}

	#read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
		let count = this.#rxTail - this.#rxHead;
		if (typeof buffer === "object") {
			const target = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
			if (!count) return undefined;
			if (count > target.length) count = target.length;
			target.set(this.#rx.subarray(this.#rxHead, this.#rxHead + count));
			this.#rxHead += count;
			return count;
		}
		if (typeof buffer === "number" && count > buffer) count = buffer;
		if (!count) return undefined;
		const out = this.#rx.slice(this.#rxHead, this.#rxHead + count).buffer;
		this.#rxHead += count;
		return out;
	}

	#receive(bytes: Uint8Array): void {
		if (this.#rxHead === this.#rxTail) this.#rxHead = this.#rxTail = 0;
		if (this.#rxTail + bytes.length > this.#rx.length) {
			this.#rx.copyWithin(0, this.#rxHead, this.#rxTail);
			this.#rxTail -= this.#rxHead;
			this.#rxHead = 0;
			if (this.#rxTail + bytes.length > this.#rx.length) {
				const bigger = new Uint8Array(Math.max(this.#rx.length * 2, this.#rxTail + bytes.length));
				bigger.set(this.#rx.subarray(0, this.#rxTail));
				this.#rx = bigger;
			}
		}
		this.#rx.set(bytes, this.#rxTail);
		this.#rxTail += bytes.length;
	}

	/** The event loop: delivers serial events and timers until done() or limitMs have passed on
	 *  Node's clock, or nothing is left that could happen. Returns done(). */
	async runUntil(done: () => boolean, limitMs: number): Promise<boolean> {
		const deadline = this.#now + limitMs;
		for (;;) {
			if (await this.#drain(done)) return true;
			if (this.#now >= deadline) return false;
			const port = this.#port;
			if (this.#writable && port) {
				this.#writable = false;
				port.options.onWritable?.call(port.self, WRITABLE);
				continue;
			}
			const step = call("step", { until: deadline });
			this.#now = step.header.now;
			if (step.header.serialError && port) port.options.onError?.call(port.self, new Error(step.header.serialError));
			if (step.bytes.length) {
				this.#receive(step.bytes);
				if (port) port.options.onReadable?.call(port.self, this.#rxTail - this.#rxHead);
			}
			for (const id of step.header.fired as number[]) {
				const fn = this.#timeouts.get(id);
				this.#timeouts.delete(id);
				fn?.();
			}
			if (step.header.idle && !step.bytes.length && !step.header.fired.length) {
				// Nothing is scheduled: only promise jobs still running could start something.
				const calls = this.#calls;
				for (let spin = 0; spin < IDLE_SPINS && this.#calls === calls; spin++) if (await this.#drain(done)) return true;
				if (this.#calls === calls) return done();
			}
		}
	}

	// Lets the promise jobs that are pending run (the app's and fetch's chains) before time moves on,
	// so the clock does not jump to the next event while the app is still about to schedule an
	// earlier one. A job chain advances one link per turn: DRAIN_SPINS turns cover a long one.
	async #drain(done: () => boolean): Promise<boolean> {
		for (let spin = 0; spin < DRAIN_SPINS; spin++) {
			await undefined;
			if (done()) return true;
		}
		return false;
	}
}
