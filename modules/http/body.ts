// The response body the reader has not taken yet: a ring over the first `size` bytes of the modem's
// request set, lent while a request runs. The parser puts bytes in, never more than the room (which is
// all the modem is told it may read); the reader takes them out into a new ArrayBuffer or its own buffer.
import { toBytes } from "./utf8.js";

export class BodyRing {
	/** The lent bytes, while a request runs. */
	declare bytes: Uint8Array | undefined;
	declare size: number;
	start = 0;
	/** Bytes held. */
	count = 0;

	constructor(size: number) {
		this.size = size;
	}

	/** A request starts with `bytes` lent, or (undefined) has settled: the ring is empty. */
	lend(bytes: Uint8Array | undefined): void {
		this.bytes = bytes;
		this.start = this.count = 0;
	}

	/** bytes[start, end) in; false, and nothing taken, when they do not fit. */
	put(bytes: Uint8Array, start: number, end: number): boolean {
		const size = this.size, n = end - start, at = (this.start + this.count) % size, first = Math.min(n, size - at);
		if (n > size - this.count) return false;
		this.bytes!.set(bytes.subarray(start, start + first), at);
		if (first < n) this.bytes!.set(bytes.subarray(start + first, end), 0);
		this.count += n;
		return true;
	}

	/** The reader's read(count): a new ArrayBuffer of at most count (all held by default), undefined when
	 *  none; or read(buffer): the count written into it. */
	take(count?: number | ArrayBuffer | ArrayBufferView): ArrayBuffer | number | undefined {
		let target: Uint8Array | undefined;
		let n: number;
		if (typeof count === "object") {
			target = toBytes(count);
			n = Math.min(target.length, this.count);
		} else {
			if (count !== undefined && !(typeof count === "number" && count >= 0)) throw new TypeError("read: count must be a byte count, or a buffer to fill");
			n = Math.min(count ?? this.count, this.count);
		}
		if (!target) {
			if (n === 0) return undefined;
			target = new Uint8Array(n);
		}
		const size = this.size, bytes = this.bytes!, first = Math.min(n, size - this.start);
		target.set(bytes.subarray(this.start, this.start + first), 0);
		if (first < n) target.set(bytes.subarray(0, n - first), first);
		this.start = (this.start + n) % size;
		this.count -= n;
		return typeof count === "object" ? n : (target.buffer as ArrayBuffer);
	}
}
