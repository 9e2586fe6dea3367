// A request going out to the module: what its commands say (the HttpJob's: the plan's mode, range and
// content type, the method, the TLS settings, the response time, the URL) and its packets of data, written
// into the modem's packet buffer (lent while the request runs): in custom-header mode the head first (a
// head longer than a packet spans several), then the body as the user writes it, raw up to its
// content-length or, when its length is unknown, in chunks ("<hex size>\r\n<data>\r\n", and "0\r\n\r\n"
// last). A write that does not fit (past the room offered, past the content-length, after the end) throws
// RangeError and takes nothing.
import { type TlsSettings, Kind } from "../quectel/job.js";
import type { RequestPlan } from "./plan.js";
import { BODY_UNKNOWN } from "./request.js";
import { toBytes, writeUtf8 } from "./utf8.js";

export class Outgoing {
	// `declare`: set by the constructor or later; a field declaration would only cost bytecode.
	declare kind: number;
	declare method: string;
	declare rangeStart: number;
	declare rangeLength: number;
	declare contentType: number;
	declare tls: TlsSettings | undefined;
	declare responseTime: number;
	/** The URL, checked when the request was made; as bytes url[0, urlLength) once the request runs. */
	declare href: string;
	declare url: Uint8Array;
	urlLength = 0;
	/** The packet being filled: packet[0, fill). Set when the request starts. */
	declare packet: Uint8Array;
	fill = 0;
	/** Whether the packet next() gave ends the request. */
	lastPacket = false;
	/** Custom-header mode: the request head, sent before the body. */
	declare head: Uint8Array | undefined;
	headSent = 0;
	/** Declared: a byte count, 0, or BODY_UNKNOWN (chunked). */
	declare bodyLength: number;
	bodyWritten = 0;
	bodyEnded = false;

	constructor(plan: RequestPlan, method: string, href: string, head: Uint8Array | undefined, bodyLength: number, tls: TlsSettings | undefined, responseTime: number) {
		this.kind = plan.mode;
		this.method = method;
		this.href = href;
		this.rangeStart = plan.rangeStart;
		this.rangeLength = plan.rangeLength;
		this.contentType = plan.contentType;
		this.head = head;
		this.bodyLength = bodyLength;
		this.tls = tls;
		this.responseTime = responseTime;
	}

	/** Every byte after the prompt (head and body), or -1 for a body of unknown length. */
	get dataLength(): number {
		return this.bodyLength === BODY_UNKNOWN ? -1 : (this.head?.length ?? 0) + this.bodyLength;
	}

	/** The request starts: the modem's packet and URL buffers are lent; the head goes first into the packet. */
	load(packet: Uint8Array, url: Uint8Array): void {
		this.packet = packet;
		this.url = url;
		this.urlLength = writeUtf8(this.href, url, 0);
		this.#loadHead();
	}

	/** Body bytes the user may write now (chunk framing set aside); 0 while the head or a full packet waits. */
	room(): number {
		const head = this.head;
		if (head && this.headSent < head.length) return 0;
		let free = this.packet.length - this.fill;
		if (this.bodyLength === BODY_UNKNOWN) free -= chunkFraming(free) + 5; // and room for "0\r\n\r\n"
		else free = Math.min(free, this.bodyLength - this.bodyWritten);
		return free > 0 ? free : 0;
	}

	/** The user's write(data), or write() (data undefined) to end the body. Returns whether the packet
	 *  changed (the modem may go on). */
	write(data: ArrayBuffer | ArrayBufferView | undefined): boolean {
		const length = this.bodyLength, written = this.bodyWritten;
		if (data === undefined) {
			if (this.bodyEnded || length === 0) return false;
			if (length !== BODY_UNKNOWN) throw new RangeError(`write(): the body ends after ${written} bytes but its content-length is ${length}: write the other ${length - written} first`);
			this.fill = writeLastChunk(this.packet, this.fill);
			return (this.bodyEnded = true);
		}
		const bytes = toBytes(data), n = bytes.length, room = this.room();
		if (this.bodyEnded) throw new RangeError("write: the body has ended (all of its content-length was written, or write() was called)");
		if (length !== BODY_UNKNOWN && written + n > length) throw new RangeError(`write: ${written + n} bytes is more than the declared content-length ${length}; nothing of this write was sent`);
		if (n > room) throw new RangeError(`write: ${n} bytes is more than the ${room} onWritable offered; nothing of this write was sent`);
		if (n === 0) return false;
		if (length === BODY_UNKNOWN) this.fill = writeChunk(this.packet, this.fill, bytes, 0, n);
		else {
			this.packet.set(bytes, this.fill);
			this.fill += n;
		}
		this.bodyWritten = written + n;
		if (written + n === length) this.bodyEnded = true;
		return true;
	}

	/** The next packet: its length, or -1 while it waits for the user's bytes. In custom-header mode a
	 *  request takes several packets, so a full one goes before the body has ended. */
	next(): number {
		const head = this.head;
		if (head && this.headSent < head.length) {
			this.#loadHead();
			if (this.headSent < head.length) {
				this.lastPacket = false;
				return this.fill;
			}
		}
		const ended = this.bodyLength === 0 || this.bodyEnded;
		if (ended || (this.kind === Kind.CUSTOM && (this.fill === this.packet.length || (this.bodyLength === BODY_UNKNOWN && this.room() === 0)))) {
			this.lastPacket = ended;
			if (this.fill > 0) return this.fill;
		}
		return -1;
	}

	/** The module took the packet. */
	packetSent(): void {
		this.fill = 0;
	}

	#loadHead(): void {
		const head = this.head;
		if (!head) return;
		const packet = this.packet;
		const n = Math.min(head.length - this.headSent, packet.length - this.fill);
		packet.set(head.subarray(this.headSent, this.headSent + n), this.fill);
		this.fill += n;
		this.headSent += n;
	}
}

/** Bytes the framing adds around a chunk of `size` bytes: its hex digits and two CRLFs. */
export function chunkFraming(size: number): number {
	let digits = 1;
	while (size >= 16) {
		size = Math.floor(size / 16);
		digits++;
	}
	return digits + 4;
}

/**
 * Writes data[start, end) as one chunk into out at `at`; returns the offset after it.
 * RangeError when the chunk is empty (that would end the body: use writeLastChunk) or does not fit.
 */
export function writeChunk(out: Uint8Array, at: number, data: Uint8Array, start: number, end: number): number {
	const size = end - start;
	if (size <= 0) throw new RangeError("an empty chunk would end the body: use writeLastChunk()");
	const framing = chunkFraming(size);
	if (at + size + framing > out.length) throw new RangeError(`a chunk of ${size} bytes needs ${size + framing} bytes, ${out.length - at} left`);
	let shift = (framing - 5) * 4; // bits above the lowest digit
	for (; shift >= 0; shift -= 4) {
		const digit = Math.floor(size / 2 ** shift) % 16;
		out[at++] = digit < 10 ? 48 + digit : 87 + digit; // 0-9, a-f
	}
	out[at++] = 13;
	out[at++] = 10;
	out.set(data.subarray(start, end), at);
	at += size;
	out[at++] = 13;
	out[at++] = 10;
	return at;
}

/** Writes the last chunk "0\r\n\r\n" (no trailers) into out at `at`; returns the offset after it. */
export function writeLastChunk(out: Uint8Array, at: number): number {
	if (at + 5 > out.length) throw new RangeError(`the last chunk needs 5 bytes, ${out.length - at} left`);
	out[at++] = 48;
	out[at++] = 13;
	out[at++] = 10;
	out[at++] = 13;
	out[at++] = 10;
	return at;
}
