// Node's half of the desktop host (bridge.ts is the XS half): answers the worker's serial writes,
// timers and steps. The wire behind it is a Link: the emulator in-process on a virtual clock, or a real
// module on a serial port on the real clock. A step returns as soon as there is module output or a
// timer due; on a virtual clock time jumps to the next event instead of being waited for.
import { decodeFrame, encodeFrame } from "./frame.js";

export interface LinkClock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
	/** Virtual clocks only: the time of the next event, and a jump to it. */
	nextAt?(): number | undefined;
	advance?(ms: number): void;
}

export interface Link {
	clock: LinkClock;
	/** Bytes from the MCU to the module. */
	write(bytes: Uint8Array): void;
	/** Set by the server: bytes from the module to the MCU. */
	onOutput: ((bytes: Uint8Array) => void) | undefined;
	/** Set by the server: the port failed (unplugged adapter). */
	onError?: ((message: string) => void) | undefined;
	/** Lets real I/O (sockets behind the emulator) make progress. */
	settle?(): Promise<void>;
}

export type ExtraOp = (header: any, bytes: Uint8Array) => Promise<[object, Uint8Array?] | undefined>;

export class LinkServer {
	#link: Link | undefined;
	#rx: Uint8Array[] = [];
	#fired: number[] = [];
	#timeouts = new Map<number, unknown>();
	#nextId = 1;
	#serialError = "";
	#wake: (() => void) | undefined;
	#extra: ExtraOp;

	constructor(extra: ExtraOp = async () => undefined) {
		this.#extra = extra;
	}

	/** Puts a wire behind the worker's serial (replacing any other). */
	attach(link: Link): void {
		this.detach();
		this.#link = link;
		link.onOutput = (chunk) => {
			this.#rx.push(chunk.slice());
			this.#wake?.();
		};
		link.onError = (message) => {
			this.#serialError = message;
			this.#wake?.();
		};
	}

	detach(): void {
		const link = this.#link;
		if (link) {
			for (const handle of this.#timeouts.values()) link.clock.clearTimeout(handle);
			link.onOutput = undefined;
			link.onError = undefined;
		}
		this.#link = undefined;
		this.#rx.length = 0;
		this.#fired.length = 0;
		this.#timeouts.clear();
	}

	/** Answers one issueCommand message (without its leading zero byte). */
	async handle(message: Uint8Array): Promise<Uint8Array> {
		try {
			const { header, bytes } = decodeFrame(message);
			const [answer, raw] = (await this.#extra(header, bytes)) ?? (await this.#op(header, bytes));
			return encodeFrame(answer, raw);
		} catch (error) {
			return encodeFrame({ error: String((error as Error)?.stack ?? error) });
		}
	}

	#op(header: any, bytes: Uint8Array): [object, Uint8Array?] | Promise<[object, Uint8Array?]> {
		const link = this.#need();
		switch (header.op) {
			case "write":
				link.write(bytes.slice());
				return [{}];
			case "setTimeout": {
				const id = this.#nextId++;
				this.#timeouts.set(id, link.clock.setTimeout(() => {
					this.#timeouts.delete(id);
					this.#fired.push(id);
					this.#wake?.();
				}, header.ms));
				return [{ id }];
			}
			case "clearTimeout": {
				const handle = this.#timeouts.get(header.id);
				this.#timeouts.delete(header.id);
				if (handle !== undefined) link.clock.clearTimeout(handle);
				return [{}];
			}
			case "step":
				return this.#step(link, header.until);
		}
		throw new Error(`unknown op ${header.op}`);
	}

	// Until there is something for XS, or `until` is reached.
	async #step(link: Link, until: number): Promise<[object, Uint8Array?]> {
		const clock = link.clock;
		for (;;) {
			if (!this.#pending() && link.settle) await link.settle();
			if (this.#pending()) break;
			if (clock.nextAt && clock.advance) {
				const next = clock.nextAt();
				if (next === undefined) return [{ now: clock.now(), fired: [], idle: true }]; // time stands still
				if (next > until) {
					clock.advance(until - clock.now());
					return [{ now: clock.now(), fired: [] }];
				}
				clock.advance(next - clock.now());
				continue;
			}
			const left = until - clock.now();
			if (left <= 0) return [{ now: clock.now(), fired: [] }];
			await new Promise<void>((resolve) => {
				const timeout = setTimeout(resolve, left);
				this.#wake = () => {
					clearTimeout(timeout);
					resolve();
				};
			});
			this.#wake = undefined;
		}
		const serialError = this.#serialError;
		this.#serialError = "";
		const fired = this.#fired.splice(0, this.#fired.length);
		const rx = Buffer.concat(this.#rx.splice(0, this.#rx.length));
		return [{ now: clock.now(), fired, serialError }, rx];
	}

	#pending(): boolean {
		return this.#rx.length > 0 || this.#fired.length > 0 || this.#serialError !== "";
	}

	#need(): Link {
		if (!this.#link) throw new Error("no serial link");
		return this.#link;
	}
}

/** The emulator (anything with input, onOutput and settle) as a Link. */
export function emulatorLink(emulator: { input(bytes: Uint8Array): void; onOutput: ((bytes: Uint8Array) => void) | undefined; settle(): Promise<void> }, clock: LinkClock): Link {
	const link: Link = {
		clock,
		write: (bytes) => emulator.input(bytes),
		onOutput: undefined,
		settle: () => emulator.settle(),
	};
	emulator.onOutput = (bytes) => link.onOutput?.(bytes);
	return link;
}
