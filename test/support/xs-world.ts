// The world as XS sees it: a serial class and a Timer that forward to the Node process driving the
// worker, through the synchronous issueCommand. XS drives: runUntil asks Node for the next step
// (module output, or timers that came due on the virtual clock) and delivers it here.
import type { OpenWorld, World, WorldOptions } from "./world.js";
import { VirtualTimer, type ClockLike } from "./virtual-timer.js";
import { decodeFrame, encodeFrame } from "./frame.js";

declare function issueCommand(message: ArrayBuffer): ArrayBuffer;

// Host operations are marked with a leading zero byte; case reports are JSON text.
function call(op: string, args: object = {}, bytes?: Uint8Array): { header: any; bytes: Uint8Array } {
	const body = encodeFrame({ op, ...args }, bytes);
	const message = new Uint8Array(body.length + 1);
	message.set(body, 1);
	const answer = decodeFrame(new Uint8Array(issueCommand(message.buffer)));
	if (answer.header.error) throw new Error(`world: ${answer.header.error}`);
	return answer;
}

interface PortOptions {
	onReadable?: (this: unknown, count: number) => void;
	onWritable?: (this: unknown, count: number) => void;
}

class Bridge implements ClockLike {
	now_ = 0;
	rx = new Uint8Array(1 << 16);
	rxHead = 0;
	rxTail = 0;
	port: { options: PortOptions; self: object } | undefined;
	writable = false;
	timeouts = new Map<number, () => void>();

	now(): number {
		return this.now_;
	}

	setTimeout(fn: () => void, ms: number): unknown {
		const id = call("setTimeout", { ms }).header.id as number;
		this.timeouts.set(id, fn);
		return id;
	}

	clearTimeout(id: unknown): void {
		if (this.timeouts.delete(id as number)) call("clearTimeout", { id });
	}

	receive(bytes: Uint8Array): void {
		if (this.rxHead === this.rxTail) this.rxHead = this.rxTail = 0;
		if (this.rxTail + bytes.length > this.rx.length) {
			this.rx.copyWithin(0, this.rxHead, this.rxTail);
			this.rxTail -= this.rxHead;
			this.rxHead = 0;
			if (this.rxTail + bytes.length > this.rx.length) {
				const bigger = new Uint8Array(Math.max(this.rx.length * 2, this.rxTail + bytes.length));
				bigger.set(this.rx.subarray(0, this.rxTail));
				this.rx = bigger;
			}
		}
		this.rx.set(bytes, this.rxTail);
		this.rxTail += bytes.length;
	}
}

const openXsWorld: OpenWorld = async (options: WorldOptions) => {
	const bridge = new Bridge();
	const opened = call("open", { options }).header;
	bridge.now_ = opened.now;
	const timer = new VirtualTimer(bridge);
	class XsSerial {
		constructor(portOptions: PortOptions) {
			bridge.port = { options: portOptions, self: this };
			bridge.writable = true;
		}
		read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
			let count = bridge.rxTail - bridge.rxHead;
			if (typeof buffer === "object") {
				const target = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
				if (!count) return undefined;
				if (count > target.length) count = target.length;
				target.set(bridge.rx.subarray(bridge.rxHead, bridge.rxHead + count));
				bridge.rxHead += count;
				return count;
			}
			if (typeof buffer === "number" && count > buffer) count = buffer;
			if (!count) return undefined;
			const out = bridge.rx.slice(bridge.rxHead, bridge.rxHead + count).buffer;
			bridge.rxHead += count;
			return out;
		}
		write(data: ArrayBuffer): void {
			call("write", {}, new Uint8Array(data));
			bridge.writable = true; // the UART drains in the emulator: room again at the next step
		}
		close(): void {
			bridge.port = undefined;
		}
	}
	const world: World = {
		serial: { io: XsSerial, baud: options.baud ?? 115200 },
		timer,
		servers: opened.servers,
		now: () => bridge.now_,
		async runUntil(done, limitMs) {
			const deadline = bridge.now_ + limitMs;
			for (;;) {
				await undefined; // let promise jobs (the fetch layer's) run
				if (done()) return true;
				if (bridge.now_ >= deadline) return false;
				if (bridge.writable && bridge.port) {
					bridge.writable = false;
					bridge.port.options.onWritable?.call(bridge.port.self, 1024);
					continue;
				}
				const step = call("step", { until: deadline });
				bridge.now_ = step.header.now;
				if (step.bytes.length) {
					bridge.receive(step.bytes);
					if (bridge.port) bridge.port.options.onReadable?.call(bridge.port.self, bridge.rxTail - bridge.rxHead);
				}
				for (const id of step.header.fired as number[]) {
					const fn = bridge.timeouts.get(id);
					bridge.timeouts.delete(id);
					fn?.();
				}
				if (step.header.idle && !step.bytes.length && !step.header.fired.length) {
					await undefined;
					return done();
				}
			}
		},
		inject(spec) {
			call("inject", { spec });
		},
		expectedBytes(n, seed) {
			return call("bytes", { n, seed }).bytes.slice();
		},
		async requests() {
			return call("requests").header.requests;
		},
		async close() {
			call("close");
		},
	};
	return world;
};

export function installXsWorld(install: (open: OpenWorld) => void): void {
	install(openXsWorld);
}
