// The chat's output side: bytes written in chunks no larger than the serial said it can take (and never
// more than 1024 at once: Moddable's Linux serial refuses more), then one terminator byte if any. A
// write the serial refuses as full (ESP32: the FIFO takes all or nothing) waits for onWritable; one it
// refuses otherwise is a failed port, reported once through onFail.
import { isBackpressure, type SerialPort } from "./io.js";

const WRITE_MAX = 1024;

export class Writer {
	#serial: SerialPort;
	#onFail: (error: unknown) => void;
	// The output in progress: out[outAt, outEnd), then one terminator byte (or -1).
	#out: Uint8Array | undefined;
	#outAt = 0;
	#outEnd = 0;
	#terminator = -1;
	#room = 128; // bytes the serial can take now; corrected by onWritable and by a refused write
	#one = new Uint8Array(1);
	#flushing = false;

	constructor(serial: SerialPort, onFail: (error: unknown) => void) {
		this.#serial = serial;
		this.#onFail = onFail;
	}

	/** Bytes (or the terminator) are still to be written. */
	get pending(): boolean {
		return (this.#out !== undefined && this.#outAt < this.#outEnd) || this.#terminator >= 0;
	}

	/** Writes bytes[start, end) and then `terminator` (-1: none), as the serial takes them. */
	write(bytes: Uint8Array | undefined, start: number, end: number, terminator: number): void {
		this.#out = bytes;
		this.#outAt = start;
		this.#outEnd = end;
		this.#terminator = terminator;
		this.#flush();
	}

	/** Forgets what was not written yet. */
	clear(): void {
		this.#out = undefined;
		this.#terminator = -1;
	}

	/** The serial's onWritable: it can take `count` bytes now. */
	writable(count: number): void {
		this.#room = count;
		this.#flush();
	}

	#flush(): void {
		if (this.#flushing) return; // onWritable from inside write (a synchronous serial)
		this.#flushing = true;
		try {
			while (this.#room > 0) {
				const out = this.#out;
				if (out && this.#outAt < this.#outEnd) {
					let count = this.#outEnd - this.#outAt;
					if (count > this.#room) count = this.#room;
					if (count > WRITE_MAX) count = WRITE_MAX;
					const offset = out.byteOffset + this.#outAt;
					if (!this.#put((out.buffer as ArrayBuffer).slice(offset, offset + count))) return;
					this.#outAt += count;
					this.#room -= count;
				} else if (this.#terminator >= 0) {
					this.#one[0] = this.#terminator;
					if (!this.#put(this.#one.buffer as ArrayBuffer)) return;
					this.#terminator = -1;
					this.#room--;
				} else return;
			}
		} finally {
			this.#flushing = false;
		}
	}

	#put(data: ArrayBuffer): boolean {
		try {
			this.#serial.write(data);
			return true;
		} catch (error) {
			if (isBackpressure(error)) this.#room = 0;
			else {
				this.clear();
				this.#onFail(error);
			}
			return false;
		}
	}
}
