// The RAM a request needs, owned once per modem and lent to the request that runs. A
// client holds only its options and its queue; its buffers are borrowed here for one request at a time.
//
// Why one buffer is enough: the module runs one HTTP request at a time, and a request uses its bytes in
// phases that never overlap:
//   sending    packet = bytes[0, packetMax): the POST packet (or the request head) being filled;
//              url = bytes[packetMax, packetMax + urlMax): the URL for AT+QHTTPURL (the core copies it
//              into its own cache once the module took it, so it is not needed after the URL step)
//   head       bytes[0, maxHeaderBytes): the response head line being parsed (the packet is sent, the
//              URL is with the module; no body byte has come yet)
//   body       bytes[0, bufferSize): the ring of body bytes the reader has not taken (every header was
//              turned into strings at the head's end, so the line buffer is free)
// So the set is one Uint8Array of max(packetMax + urlMax, maxHeaderBytes, bufferSize) bytes (4096 with
// the client's defaults), with two views made with it, never per request.
//
// Lending: borrow() gives the set to one borrower at a time; while it is held, the next borrower waits
// in order and is told by onLent() (it defers the start through its own timer). A request holds the set
// until it is settled, which for a reader still draining its body can be long after the module is done:
// the next request waits for it (or for callerTimeout, 932, to end it), so the bytes of one are never
// overwritten by another. A borrower that needs more than the set has (a larger maxHeaderBytes or
// bufferSize) gets it: the set is remade larger when free and stays that size. It is made on the first
// borrow, so a modem that never sends a request costs nothing here.

/** Who borrows the set (an HTTP client). */
export interface Borrower {
	/** The set is now lent to this borrower, which waited for it: take it from `held`; called from inside
	 *  release(), so defer the work (the client arms its timer). */
	onLent(): void;
}

export class RequestBuffers {
	readonly packetMax: number;
	readonly urlMax: number;
	/** The whole set, bytes[0, size); undefined until the first borrow. Valid for the holder only. */
	bytes: Uint8Array | undefined;
	/** bytes[0, packetMax): the POST packet. */
	packet: Uint8Array | undefined;
	/** bytes[packetMax, packetMax + urlMax): the URL. */
	url: Uint8Array | undefined;
	#holder: Borrower | undefined;
	#waiting: Borrower[] = [];
	#sizes: number[] = []; // what each waiting borrower needs, in the same order

	constructor(packetMax: number, urlMax: number) {
		this.packetMax = packetMax;
		this.urlMax = urlMax;
	}

	/** The borrower holding the set, if any. */
	get holder(): Borrower | undefined {
		return this.#holder;
	}

	/** Lends the set (at least `size` bytes, and always room for a packet and a URL) to `borrower`: true
	 *  when it holds it now; false when another does (the borrower waits and hears onLent()). */
	borrow(borrower: Borrower, size: number): boolean {
		if (this.#holder === borrower) return true;
		if (this.#holder || this.#waiting.length) {
			if (!this.#waiting.includes(borrower)) {
				this.#waiting.push(borrower);
				this.#sizes.push(size);
			}
			return false;
		}
		this.#lend(borrower, size);
		return true;
	}

	/** The borrower is done with the set (or no longer waits for it); the next waiting one gets it. */
	release(borrower: Borrower): void {
		const at = this.#waiting.indexOf(borrower);
		if (at >= 0) {
			this.#waiting.splice(at, 1);
			this.#sizes.splice(at, 1);
		}
		if (this.#holder !== borrower) return;
		this.#holder = undefined;
		const next = this.#waiting.shift();
		if (!next) return;
		this.#lend(next, this.#sizes.shift()!);
		next.onLent();
	}

	#lend(borrower: Borrower, size: number): void {
		const need = Math.max(size, this.packetMax + this.urlMax);
		if (!this.bytes || this.bytes.length < need) {
			const bytes = (this.bytes = new Uint8Array(need));
			this.packet = bytes.subarray(0, this.packetMax);
			this.url = bytes.subarray(this.packetMax, this.packetMax + this.urlMax);
		}
		this.#holder = borrower;
	}
}
