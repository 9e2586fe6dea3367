// An ECMA-419 serial for tests, shaped like Zephyr's mock pipe: the test puts module output in and
// takes host output out. Reads return at most `readLimit` bytes, so every split of the input is
// exercised; writes are refused (thrown, all or nothing, like the ESP32's FIFO) beyond `writeCapacity`
// until drain(). The mock allocates nothing per chunk: read(buffer) copies into the caller's buffer.
// fail() plays a port whose other end went away (onError, then closed, as Moddable's Linux serial does);
// failWrites a port whose writes fail; a read or write after close is a host fault (it crashes Linux).
import { hostFault } from "./host-serial.js";

export interface MockSerialOptions {
	readLimit?: number;
	writeCapacity?: number;
	/** Also offer read(buffer) (the ESP32 does, Moddable's Linux serial does not). Default true. */
	readIntoBuffer?: boolean;
	/** Called after every accepted write with the bytes written so far (host → module). */
	onWrite?(mock: MockSerial): void;
}

export interface MockPort {
	read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined;
	write(data: ArrayBuffer): void;
	close(): void;
}

type Options = Record<string, unknown> & {
	onReadable?: (this: unknown, count: number) => void;
	onWritable?: (this: unknown, count: number) => void;
	onError?: (this: unknown, error: unknown) => void;
};

export class MockSerial {
	readLimit: number;
	writeCapacity: number;
	readIntoBuffer: boolean;
	/** The options the library passed to the constructor. */
	options: Options | undefined;
	closed = false;
	/** Every write throws this (an errno of a port that failed) instead of taking the bytes. */
	failWrites: Error | undefined;
	/** Bytes the host wrote, not yet taken. */
	written: number[] = [];
	writes = 0;
	#input: Uint8Array;
	#head = 0;
	#tail = 0;
	#inFlight = 0; // written and not yet drained
	#port: object | undefined;
	#onWrite: ((mock: MockSerial) => void) | undefined;
	#delivering = false;

	constructor(options: MockSerialOptions = {}) {
		this.readLimit = options.readLimit ?? 64;
		this.writeCapacity = options.writeCapacity ?? 1 << 20;
		this.readIntoBuffer = options.readIntoBuffer ?? true;
		this.#onWrite = options.onWrite;
		this.#input = new Uint8Array(1 << 16);
	}

	/** The class to pass as `io`. */
	get io(): new (options: Options) => MockPort {
		const mock = this;
		return class Port implements MockPort {
			constructor(options: Options) {
				mock.options = options;
				mock.#port = this;
				mock.closed = false; // opened again (a new Modem on the same port)
			}
			read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
				return mock.#read(buffer);
			}
			write(data: ArrayBuffer): void {
				mock.#write(data);
			}
			close(): void {
				mock.closed = true;
			}
		};
	}

	get pending(): number {
		return this.#tail - this.#head;
	}

	/** Module output: queued, then announced with onReadable (once per put, like one UART interrupt). */
	put(data: string | Uint8Array, start = 0, end = -1): void {
		if (typeof data === "string") data = ascii(data);
		if (end < 0) end = data.length;
		if (this.#head === this.#tail) this.#head = this.#tail = 0;
		if (this.#tail + end - start > this.#input.length) {
			this.#input.copyWithin(0, this.#head, this.#tail);
			this.#tail -= this.#head;
			this.#head = 0;
			if (this.#tail + end - start > this.#input.length) throw new Error("mock serial: input full");
		}
		for (let i = start; i < end; i++) this.#input[this.#tail++] = data[i]!;
		this.#announce();
	}

	/** Puts data in pieces of `chunk` bytes, each announced on its own. */
	putChunks(data: string | Uint8Array, chunk: number): void {
		if (typeof data === "string") data = ascii(data);
		for (let at = 0; at < data.length; at += chunk) this.put(data, at, Math.min(data.length, at + chunk));
	}

	/** Host output so far, as text (bytes above 0x7F as \xNN), and forgets it. */
	take(): string {
		let text = "";
		for (const byte of this.written) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : byte === 13 ? "\r" : byte === 10 ? "\n" : `\\x${byte.toString(16).padStart(2, "0")}`;
		this.written.length = 0;
		return text;
	}

	/** Host output so far, one character per byte, and forgets it. */
	takeRaw(): string {
		let text = "";
		for (const byte of this.written) text += String.fromCharCode(byte);
		this.written.length = 0;
		return text;
	}

	/** The port fails: onError, then it closes itself. */
	fail(error = new Error("EIO")): void {
		if (this.closed) return;
		this.options?.onError?.call(this.#port, error);
		this.closed = true;
	}

	/** The UART sent what was written: room again, and onWritable. */
	drain(): void {
		this.#inFlight = 0;
		if (!this.closed) this.options?.onWritable?.call(this.#port, this.writeCapacity);
	}

	#announce(): void {
		if (this.#delivering || this.closed || this.#head === this.#tail) return;
		this.#delivering = true;
		try {
			this.options?.onReadable?.call(this.#port, this.#tail - this.#head);
		} finally {
			this.#delivering = false;
		}
	}

	#read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
		if (this.closed) throw hostFault("mock serial: read after close");
		let count = this.#tail - this.#head;
		if (count > this.readLimit) count = this.readLimit;
		if (typeof buffer === "object") {
			if (!this.readIntoBuffer) return new ArrayBuffer(0);
			if (!count) return undefined;
			const target = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
			if (count > target.length) count = target.length;
			for (let i = 0; i < count; i++) target[i] = this.#input[this.#head + i]!;
			this.#head += count;
			return count;
		}
		if (typeof buffer === "number" && count > buffer) count = buffer;
		if (!count) return undefined;
		const out = this.#input.buffer.slice(this.#head, this.#head + count) as ArrayBuffer;
		this.#head += count;
		return out;
	}

	#write(data: ArrayBuffer): void {
		if (this.closed) throw hostFault("mock serial: write after close");
		if (this.failWrites) throw this.failWrites;
		if (!(data instanceof ArrayBuffer)) throw new TypeError("mock serial: write takes an ArrayBuffer");
		if (this.#inFlight + data.byteLength > this.writeCapacity) throw new Error("mock serial: would overflow");
		this.#inFlight += data.byteLength;
		const bytes = new Uint8Array(data);
		for (let i = 0; i < bytes.length; i++) this.written.push(bytes[i]!);
		this.writes++;
		this.#onWrite?.(this);
	}
}

export function ascii(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
	return bytes;
}
