// Moddable's ECMA-419 serial as each real host behaves (MODDABLE-NOTES, measured on Linux and read
// from the ESP32 source), wrapped around any serial class the tests have (the emulator's, the XS
// bridge's, the mock's): what the host refuses is refused here, what it would punish is recorded as
// a host fault that fails the test.
import type { ClockLike } from "../../hosts/xs/timer.js";
import type { SerialClass, SerialPort } from "../../modules/at/io.js";

type Callbacks = {
	onReadable?: (this: unknown, count: number) => void;
	onWritable?: (this: unknown, count: number) => void;
	onError?: (this: unknown, error: unknown) => void;
};
type Options = Record<string, unknown> & Callbacks;

const faults: string[] = [];

/** Something the real host would have answered with an abort or a crash. */
export function hostFault(message: string): Error {
	faults.push(message);
	return new Error(message);
}

/** The host faults since the last call (a world checks them when it closes). */
export function takeHostFaults(): string[] {
	return faults.splice(0, faults.length);
}

const LINUX_WRITE_MAX = 1024;
const LINUX_QUEUE = 19 * 1024; // about what a pty takes before writes throw, with a slow reader
const ESP32_FIFO = 128;

// Bytes leave the UART one after another at the baud rate (10 bits a byte).
class Uart {
	#clock: ClockLike;
	#byteMs: number;
	#busyUntil = 0;
	queued = 0;

	constructor(clock: ClockLike, baud: number) {
		this.#clock = clock;
		this.#byteMs = 10000 / baud;
	}

	/** Queues `count` bytes; `sent` runs when they are through. */
	send(count: number, sent: () => void): void {
		const now = this.#clock.now();
		this.queued += count;
		this.#busyUntil = Math.max(now, this.#busyUntil) + count * this.#byteMs;
		this.#clock.setTimeout(() => {
			this.queued -= count;
			sent();
		}, Math.ceil(this.#busyUntil - now));
	}
}

// The serial under a host double: its input and errors go through the double; when the host may write
// more is the double's to say (its own tty or FIFO), not the other end's. `fails` runs after the
// double's onError (Linux closes the port then).
function openBase(Base: SerialClass, options: Options, call: (name: keyof Callbacks, arg: unknown) => void, fails?: () => void): SerialPort {
	return new Base({
		...options,
		onReadable(count: number) {
			call("onReadable", count);
		},
		onWritable() {},
		onError(error: unknown) {
			call("onError", error);
			fails?.();
		},
	});
}

/** Moddable's Linux serial (modules/io/serial/lin): read(buffer) unsupported, write(ArrayBuffer ≤ 1024)
 *  only, onWritable always 1024, exceptions in callbacks swallowed, anything after close() a crash;
 *  an error on the port (its other end gone) calls onError, then the port closes itself. */
export function linuxSerial(Base: SerialClass, clock: ClockLike, baud: number): SerialClass {
	return class LinuxSerial implements SerialPort {
		#base: SerialPort;
		#closed = false;
		#uart = new Uart(clock, baud);
		#options: Options;
		/** Exceptions the host swallowed without a trace. */
		swallowed = 0;

		constructor(options: Options) {
			const format = options.format ?? "buffer";
			if (format !== "buffer" && format !== "string;ascii") throw new RangeError(`invalid format ${String(format)}`);
			this.#options = options;
			this.#base = openBase(Base, options, (name, arg) => this.#call(name, arg), () => this.close());
		}

		#call(name: keyof Callbacks, arg: unknown): void {
			if (this.#closed) return;
			try {
				(this.#options[name] as ((this: unknown, a: unknown) => void) | undefined)?.call(this, arg);
			} catch {
				this.swallowed++;
			}
		}

		#alive(method: string): void {
			if (this.#closed) throw hostFault(`Linux serial: ${method}() after close() crashes the process`);
		}

		read(arg?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
			this.#alive("read");
			if (typeof arg === "object") return new ArrayBuffer(0); // not supported: the buffer is untouched
			const data = this.#base.read(typeof arg === "number" ? arg : undefined);
			return data instanceof ArrayBuffer && data.byteLength ? data : undefined;
		}

		write(data: ArrayBuffer): void {
			this.#alive("write");
			if (!(data instanceof ArrayBuffer)) throw new TypeError("invalid buffer");
			if (data.byteLength > LINUX_WRITE_MAX || this.#uart.queued + data.byteLength > LINUX_QUEUE) throw new Error("would overflow");
			this.#base.write(data);
			this.#uart.send(data.byteLength, () => this.#call("onWritable", LINUX_WRITE_MAX));
		}

		close(): void {
			if (this.#closed) return; // twice is harmless
			this.#closed = true;
			this.#base.close();
		}
	};
}

/** Moddable's ESP32 serial (modules/io/serial/esp32): a 128-byte TX FIFO and no driver buffer, a write
 *  all or nothing (it throws when it does not fit), onWritable after construction and after every
 *  drain, undefined from every read form when empty, read(0) throws; an exception thrown out of a
 *  callback aborts the VM. */
export function esp32Serial(Base: SerialClass, clock: ClockLike, baud: number): SerialClass {
	return class Esp32Serial implements SerialPort {
		#base: SerialPort;
		#closed = false;
		#uart = new Uart(clock, baud);
		#options: Options;

		constructor(options: Options) {
			if (options.format !== "buffer") throw hostFault(`ESP32 serial: format ${String(options.format ?? "number (the default)")}: the library must ask for "buffer"`);
			this.#options = options;
			this.#base = openBase(Base, options, (name, arg) => this.#call(name, arg));
			clock.setTimeout(() => this.#call("onWritable", ESP32_FIFO - this.#uart.queued), 0);
		}

		#call(name: keyof Callbacks, arg: unknown): void {
			if (this.#closed) return;
			try {
				(this.#options[name] as ((this: unknown, a: unknown) => void) | undefined)?.call(this, arg);
			} catch (error) {
				hostFault(`ESP32: exception thrown out of ${name} aborts the VM: ${(error as Error)?.message ?? error}`);
			}
		}

		read(arg?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
			if (this.#closed) throw new Error("closed");
			if (arg === 0) throw new RangeError("invalid count");
			const result = this.#base.read(arg);
			if (typeof result === "number") return result > 0 ? result : undefined;
			return result instanceof ArrayBuffer && result.byteLength ? result : undefined;
		}

		write(data: ArrayBuffer): void {
			if (this.#closed) throw new Error("closed");
			if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) throw new TypeError("invalid buffer");
			const count = (data as ArrayBuffer).byteLength;
			if (this.#uart.queued + count > ESP32_FIFO) throw new Error("output full"); // nothing written, as the ESP32 says it
			this.#base.write(data);
			this.#uart.send(count, () => this.#call("onWritable", ESP32_FIFO - this.#uart.queued));
		}

		close(): void {
			if (this.#closed) return;
			this.#closed = true;
			this.#base.close();
		}
	};
}
