// A fixed byte buffer the serial reads into and the tokenizer reads from. Data sits contiguous in
// bytes[head, tail) so the tokenizer can search it in place; consumed space is reclaimed
// by moving the unread rest to the front with copyWithin. Serial reads land in a fixed region after
// the data area (one view, made at construction) and are moved in with copyWithin too, so a chunk
// costs no allocation where the io offers read(buffer), as Moddable's ESP32 serial does.

/** What the ring needs of an ECMA-419 serial with `format: "buffer"`. */
export interface ReadableIo {
	read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined;
}

export class ByteRing {
	// head, tail and bytes first: XS walks an instance's properties in order, and these are read per token.
	head = 0;
	tail = 0;
	/** The storage: data in [head, tail) below `capacity`, a landing region above. */
	readonly bytes: Uint8Array;
	readonly capacity: number;
	/** The most one serial read may bring in. */
	readonly chunk: number;
	#landing: Uint8Array;
	#front: Uint8Array; // the start of the data area: an empty ring reads straight into it, no copy
	#copies = false; // the io cannot read into a buffer (Moddable's Linux serial): read() and copy

	constructor(capacity: number, chunk = 256) {
		if (!(capacity > chunk) || !(chunk > 0)) throw new RangeError("ring: capacity must exceed the chunk size");
		this.capacity = capacity;
		this.chunk = chunk;
		// At least four bytes past the data area: the tokenizer reads a word at the end of the data.
		this.bytes = new Uint8Array(capacity + (chunk < 4 ? 4 : chunk));
		this.#landing = this.bytes.subarray(capacity, capacity + chunk);
		this.#front = this.bytes.subarray(0, chunk);
	}

	get length(): number {
		return this.tail - this.head;
	}

	get free(): number {
		return this.capacity - this.tail + this.head;
	}

	/** Too little room for another serial read, even after compaction. */
	get full(): boolean {
		return this.capacity - this.tail + this.head < this.chunk;
	}

	/** Takes what fits of src[start, end); returns how many bytes it took. */
	write(src: Uint8Array, start: number, end: number): number {
		if (this.tail + (end - start) > this.capacity) this.compact();
		let count = end - start;
		if (count > this.capacity - this.tail) count = this.capacity - this.tail;
		for (let i = 0; i < count; i++) this.bytes[this.tail + i] = src[start + i]!;
		this.tail += count;
		return count;
	}

	/** Reads one chunk from the serial; returns the count taken (0: nothing available, or no room). */
	fill(io: ReadableIo): number {
		if (this.head === this.tail) this.head = this.tail = 0; // all taken: read to the front, no copy
		else if (this.tail + this.chunk > this.capacity) this.compact();
		const room = this.capacity - this.tail;
		if (room < this.chunk) return 0;
		if (!this.#copies) {
			const empty = this.tail === 0;
			const count = io.read(empty ? this.#front : this.#landing);
			if (typeof count === "number") {
				if (!(count > 0)) return 0;
				if (!empty) this.bytes.copyWithin(this.tail, this.capacity, this.capacity + count);
				this.tail += count;
				return count;
			}
			if (count === undefined) return 0;
			this.#copies = true; // an ArrayBuffer back: read(buffer) is not supported here
		}
		const data = io.read(room) as ArrayBuffer | undefined;
		if (!data || !data.byteLength) return 0;
		this.bytes.set(new Uint8Array(data), this.tail);
		this.tail += data.byteLength;
		return data.byteLength;
	}

	consume(count: number): void {
		this.head += count;
		if (this.head >= this.tail) this.head = this.tail = 0;
	}

	/** Moves the unread bytes to the front. */
	compact(): void {
		if (this.head === 0) return;
		this.bytes.copyWithin(0, this.head, this.tail);
		this.tail -= this.head;
		this.head = 0;
	}

	/** Copies bytes[start, end) into target at `at`; returns the count. */
	copyOut(start: number, end: number, target: Uint8Array, at: number): number {
		const bytes = this.bytes;
		for (let i = start; i < end; i++) target[at++] = bytes[i]!;
		return end - start;
	}

	clear(): void {
		this.head = this.tail = 0;
	}
}
