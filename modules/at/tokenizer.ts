// Module output → tokens, in place. Each next() returns a kind and leaves its span in public fields
// (start/end; name and value for +NAME: lines; code for +CME ERROR; announced for a payload line); a span
// stays valid until the next call. Nothing is allocated: lines are found with the ring's native indexOf
// (bounded by a sentinel LF past the data), keywords compared against constants built once per instance.
// XS costs about as much per typed-array byte read as per DataView word or native call, so the two lines
// of every download read are taken with few of them: the announcing line in place, CR LF OK CR LF whole.
//
// Lines end at LF; CRs and other control bytes around them are noise (blank lines, the doubled CR LF of
// late URCs, a bare CR LF after wake-up). What the layer above expects (an echo, a `>` prompt, the name
// of the line that announces a counted payload) is set per exchange; the tokenizer knows no command.
//
// States (#state) and what moves them:
//   START     noise is dropped; `>` while a prompt is expected → PROMPT token, AFTER_GT; a payload
//             trailer line is whole-line checked in TRAILER; any other byte → LINE
//   AFTER_GT  one space after `>` (`> `) is dropped → START
//   LINE      the armed announcing line `+NAME: <count>…` whole → INFO, PAYLOAD (count 0: START);
//             otherwise searching for LF: found → a line token, START; none and the ring is full →
//             OVERFLOW token, SKIP; none → wait for bytes
//   SKIP      an overflowed line is dropped up to its LF → START
//   PAYLOAD   the next `announced` bytes, whatever they hold → PAYLOAD tokens; all taken → TRAILER
//   TRAILER   after a payload, at a line start: CR → TRAILER_CR; a whole result line (OK, ERROR,
//             +NAME: …; the announcing line as in LINE) → START; anything else → GARBLED token, START (the bytes and the count disagree:
//             bytes lost or doubled on the UART, the payload just handed on cannot be trusted)
//   TRAILER_CR  LF → TRAILER; anything else → GARBLED token, START
// Any number of whole CR LF pairs may sit between a payload and its result line: real modules vary it
// from answer to answer (FIELD-NOTES).
import type { ByteRing } from "./ring.js";
import { asciiBytes, equalsBytes, fieldEnd, parseUint } from "./fields.js";
import {
	TOKEN_CME_ERROR, TOKEN_ECHO, TOKEN_ERROR, TOKEN_INFO, TOKEN_LINE, TOKEN_NONE, TOKEN_OK, TOKEN_OVERFLOW,
	TOKEN_PAYLOAD, TOKEN_PROMPT, TOKEN_RDY, TOKEN_GARBLED,
} from "./tokens.js";

const CR = 0x0d;
const UPPER_O = 0x4f;
const UPPER_K = 0x4b;
const UPPER_E = 0x45;
const UPPER_C = 0x43;
const LF = 0x0a;
const SPACE = 0x20;
const PLUS = 0x2b;
const COLON = 0x3a;
const COMMA = 0x2c;
const PROMPT = 0x3e;
const CRLF = 0x0d0a;
const CRLF_OK = 0x0d0a4f4b;

const K_START = 0;
const K_AFTER_GT = 1;
const K_LINE = 2;
const K_SKIP = 3;
const K_PAYLOAD = 4;
const K_TRAILER = 5;
const K_TRAILER_CR = 6;

export class Tokenizer {
	// The fields every call touches come first: XS finds an instance's properties by walking them in order.
	#ring: ByteRing;
	#state = K_START;
	#view: DataView; // the ring's bytes, four at a read
	#payloadName: Uint8Array | undefined;
	#words: number[] | undefined; // `+NAME:` as big-endian words, for a name of two bytes or more
	kind = TOKEN_NONE;
	start = 0;
	end = 0;
	/** Payload bytes still to come. */
	payloadRemaining = 0;
	nameStart = 0;
	nameEnd = 0;
	valueStart = 0;
	valueEnd = 0;
	/** The count a payload line announced (its first field; -1 if unreadable). */
	announced = -1;
	/** The number of a +CME ERROR (-1 if unreadable). */
	code = 0;

	#scan = 0; // LINE: how far past head the partial line has been searched for LF
	#prompt = false;
	#patternOf: Uint8Array | undefined; // the name #words was built from
	#echo: Uint8Array | undefined;
	#echoStart = 0;
	#echoEnd = 0;

	#ERROR = asciiBytes("ERROR");
	#RDY = asciiBytes("RDY");
	#CME = asciiBytes("CME ERROR");

	constructor(ring: ByteRing) {
		this.#ring = ring;
		this.#view = new DataView(ring.bytes.buffer, ring.bytes.byteOffset, ring.bytes.byteLength);
	}

	/** The array the spans index. */
	get bytes(): Uint8Array {
		return this.#ring.bytes;
	}

	/** The echo to recognise: the command just sent, without its CR. Undefined: none. */
	expectEcho(bytes: Uint8Array | undefined, start = 0, end = 0): void {
		this.#echo = bytes;
		this.#echoStart = start;
		this.#echoEnd = end;
	}

	/** Whether a `>` at a line start is a prompt (only while a command that prompts is in flight). */
	expectPrompt(on: boolean): void {
		this.#prompt = on;
	}

	/** The name (without `+`) of the line `+NAME: <count>,…` that announces a counted payload, once;
	 *  undefined: none is expected. Names are constants: an array once armed keeps its bytes. */
	expectPayload(name: Uint8Array | undefined): void {
		this.#payloadName = name;
		if (name !== undefined && name !== this.#patternOf) this.#learn(name);
	}

	/** `+NAME:` as big-endian 32-bit words, the last one overlapping the one before: XS reads a DataView
	 *  word in about the time it reads one typed-array byte. Built once per name the caller arms. */
	#learn(name: Uint8Array): void {
		this.#patternOf = name;
		const length = name.length + 2;
		if (length < 4) {
			this.#words = undefined;
			return;
		}
		const byte = (i: number): number => (i === 0 ? PLUS : i === length - 1 ? COLON : name[i - 1]!);
		const words: number[] = [];
		for (let at = 0; at < length; at += 4) {
			const o = at + 4 > length ? length - 4 : at;
			words.push(((byte(o) << 24) | (byte(o + 1) << 16) | (byte(o + 2) << 8) | byte(o + 3)) >>> 0);
		}
		this.#words = words;
	}

	/** Forgets any partial line, payload and expectation (after a reboot or close). */
	reset(): void {
		this.#ring.clear();
		this.#scan = this.payloadRemaining = 0;
		this.#state = K_START;
		this.#prompt = false;
		this.#payloadName = this.#echo = undefined;
		this.kind = TOKEN_NONE;
	}

	next(): number {
		const ring = this.#ring;
		// A token's bytes are consumed when it is returned; they stay in place until the ring is filled,
		// which its reader does only once next() said NONE or the ring is empty.
		let head = ring.head;
		const tail = ring.tail;
		if (head >= tail) {
			ring.head = ring.tail = 0; // what ring.consume does, inline: this is the hot path
			return (this.kind = TOKEN_NONE);
		}
		let state = this.#state;
		if (state === K_PAYLOAD) { // the most frequent call of all, first
			let count = tail - head;
			const remaining = this.payloadRemaining;
			if (count >= remaining) {
				count = remaining;
				this.#state = K_TRAILER;
			}
			this.payloadRemaining = remaining - count;
			this.start = head;
			this.end = ring.head = head + count;
			return (this.kind = TOKEN_PAYLOAD);
		}
		if (state === K_TRAILER && head + 6 <= tail && this.#view.getUint32(head) === CRLF_OK && this.#view.getUint16(head + 4) === CRLF) {
			// CR LF OK CR LF, as a module ends every read: taken in two reads.
			this.#state = K_START;
			ring.head = head + 6;
			this.start = head + 2;
			this.end = head + 4;
			return (this.kind = TOKEN_OK);
		}
		const bytes = ring.bytes;
		// A sentinel LF just past the data (the ring always has a byte there): XS's indexOf costs time per
		// byte it visits, and without it a search for the LF of a partial line runs to the array's end.
		bytes[tail] = LF;
		for (;;) {
			if (state === K_START) {
				// Noise before a line: CR, LF, NUL, a wake-up 0xFF.
				let c = bytes[head]!;
				while (c < SPACE || c === 0xff) {
					if (++head === tail) {
						this.#state = K_START;
						return this.#drained(ring);
					}
					c = bytes[head]!;
				}
				if (c === PROMPT && this.#prompt) {
					this.#prompt = false;
					this.#state = K_AFTER_GT;
					this.start = head;
					this.end = ring.head = head + 1;
					return (this.kind = TOKEN_PROMPT);
				}
				state = K_LINE;
				this.#scan = 0;
			}
			if (state === K_LINE) {
				// The armed announcing line is taken in place (an echo, the other line that is tried early,
				// is a command: it starts with AT, never +).
				if (bytes[head] === PLUS && this.#payloadName !== undefined) {
					const kind = this.#announce(bytes, head, tail, K_LINE);
					if (kind >= 0) return kind;
				}
				const lf = bytes.indexOf(LF, head + this.#scan);
				if (lf === tail) {
					ring.head = head;
					if (ring.full) {
						this.#state = K_SKIP;
						this.start = head;
						this.end = ring.head = tail;
						return (this.kind = TOKEN_OVERFLOW);
					}
					this.#state = K_LINE;
					this.#scan = tail - head;
					return (this.kind = TOKEN_NONE);
				}
				this.#state = K_START;
				ring.head = lf + 1;
				let end = lf;
				while (end > head && bytes[end - 1]! <= SPACE) end--;
				return this.#line(bytes, head, end);
			}
			if (state === K_TRAILER) {
				// Whole CR LF pairs, then the result line; a CR whose LF has not come yet waits in TRAILER_CR.
				let c = bytes[head]!;
				while (c === CR) {
					if (++head === tail) {
						this.#state = K_TRAILER_CR;
						return this.#drained(ring);
					}
					if (bytes[head] !== LF) return this.#garbled(head);
					if (++head === tail) {
						this.#state = K_TRAILER;
						return this.#drained(ring);
					}
					c = bytes[head]!;
				}
				if (c === PLUS && this.#payloadName !== undefined) {
					const kind = this.#announce(bytes, head, tail, K_TRAILER);
					if (kind >= 0) return kind;
				}
				if (c === UPPER_O || c === PLUS || c === UPPER_E) {
					// The line must be one a module prints after a read, and whole: a doubled payload byte
					// that happens to be O, + or E, followed by the real CR LF OK, is not.
					const lf = bytes.indexOf(LF, head);
					if (lf === tail) {
						if (!ring.full) {
							this.#state = K_TRAILER;
							ring.head = head;
							return (this.kind = TOKEN_NONE);
						}
					} else {
						let end = lf;
						while (end > head && bytes[end - 1] === CR) end--;
						if (this.#resultLine(bytes, head, end)) {
							// The line is whole and its LF found: tokenize it now rather than search it again.
							this.#state = K_START;
							ring.head = lf + 1;
							while (end > head && bytes[end - 1]! <= SPACE) end--;
							return this.#line(bytes, head, end);
						}
					}
				}
				return this.#garbled(head);
			}
			if (state === K_TRAILER_CR) {
				if (bytes[head] !== LF) return this.#garbled(head);
				state = K_TRAILER;
				if (++head === tail) {
					this.#state = state;
					return this.#drained(ring);
				}
				continue;
			}
			if (state === K_AFTER_GT) {
				state = K_START;
				if (bytes[head] === SPACE && ++head === tail) {
					this.#state = state;
					return this.#drained(ring);
				}
				continue;
			}
			// K_SKIP
			const lf = bytes.indexOf(LF, head);
			if (lf === tail) return this.#drained(ring);
			state = K_START;
			head = lf + 1;
			if (head === tail) {
				this.#state = state;
				return this.#drained(ring);
			}
		}
	}

	/** Everything in the ring has been taken: empty it and say so. */
	#drained(ring: ByteRing): number {
		ring.head = ring.tail = 0;
		return (this.kind = TOKEN_NONE);
	}

	#garbled(head: number): number {
		this.#state = K_START;
		this.#ring.head = head;
		this.start = this.end = head;
		return (this.kind = TOKEN_GARBLED);
	}

	/** Whether bytes[head, end) is OK, ERROR or +NAME: … (URCs and +CME ERROR). */
	#resultLine(bytes: Uint8Array, head: number, end: number): boolean {
		const c = bytes[head];
		if (c !== PLUS) return end - head === 2 ? c === UPPER_O && bytes[head + 1] === UPPER_K : equalsBytes(bytes, head, end, this.#ERROR);
		for (let i = head + 1; i < end; i++) {
			const b = bytes[i]!;
			if (b === COLON) return i > head + 1;
			if (!((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === SPACE)) return false;
		}
		return false;
	}

	#line(bytes: Uint8Array, start: number, end: number): number {
		this.start = start;
		this.end = end;
		const first = bytes[start];
		if (first !== PLUS) {
			const length = end - start;
			if (length === 2) {
				if (first === UPPER_O && bytes[start + 1] === UPPER_K) return (this.kind = TOKEN_OK);
			} else if (length === 5) {
				if (equalsBytes(bytes, start, end, this.#ERROR)) return (this.kind = TOKEN_ERROR);
			} else if (length === 3 && equalsBytes(bytes, start, end, this.#RDY)) return (this.kind = TOKEN_RDY);
		}
		const echo = this.#echo;
		if (echo !== undefined && equalsBytes(bytes, start, end, echo, this.#echoStart, this.#echoEnd)) {
			this.#echo = undefined;
			return (this.kind = TOKEN_ECHO);
		}
		if (first !== PLUS) return (this.kind = TOKEN_LINE);
		let colon = start + 1;
		while (colon < end && bytes[colon] !== COLON) colon++;
		let value = colon + 1;
		while (value < end && bytes[value] === SPACE) value++;
		if (value > end) value = end;
		this.nameStart = start + 1;
		this.nameEnd = colon;
		this.valueStart = value;
		this.valueEnd = end;
		if (bytes[start + 1] === UPPER_C && equalsBytes(bytes, start + 1, colon, this.#CME)) {
			this.code = parseUint(bytes, value, end);
			return (this.kind = TOKEN_CME_ERROR);
		}
		return (this.kind = TOKEN_INFO);
	}

	/** The armed `+NAME: <count>…` line at bytes[start…], taken in place: the name compared four bytes a
	 *  read, the count parsed on the way, the LF searched for only after it (XS's indexOf costs per byte
	 *  visited). INFO: taken; NONE: it is that line and its LF is yet to come (the state is `waiting`);
	 *  -1: not that line, too short to tell, or too long for the ring: the general way takes it. */
	#announce(bytes: Uint8Array, start: number, tail: number, waiting: number): number {
		const colon = start + 1 + this.#payloadName!.length;
		if (colon >= tail) return -1;
		const words = this.#words;
		if (words === undefined) {
			if (bytes[colon] !== COLON || !equalsBytes(bytes, start + 1, colon, this.#payloadName!)) return -1;
		} else {
			const view = this.#view;
			const last = words.length - 1;
			for (let w = 0; w < last; w++) if (view.getUint32(start + 4 * w) !== words[w]) return -1;
			if (view.getUint32(colon - 3) !== words[last]) return -1;
		}
		let value = colon + 1;
		while (bytes[value] === SPACE) value++; // the sentinel LF at tail stops this and the digits
		let i = value;
		let count = 0;
		for (let digit = bytes[i]! - 0x30; digit >>> 0 <= 9; digit = bytes[++i]! - 0x30) count = count * 10 + digit;
		const ring = this.#ring;
		const lf = bytes.indexOf(LF, i);
		if (lf === tail) {
			if (ring.full) return -1;
			this.#state = waiting;
			ring.head = start;
			return (this.kind = TOKEN_NONE);
		}
		const digits = i > value && i - value <= 15; // more digits than a double holds exactly: the long way
		let end = lf;
		while (end > start && bytes[end - 1]! <= SPACE) end--;
		if (value > end) value = end;
		// Anything but digits then a comma or the end goes the long way (spaces, quotes, overflow).
		if (!digits || (i < end && bytes[i] !== COMMA)) count = parseUint(bytes, value, fieldEnd(bytes, value, end));
		this.#payloadName = undefined;
		ring.head = lf + 1;
		this.start = start;
		this.end = end;
		this.nameStart = start + 1;
		this.nameEnd = colon;
		this.valueStart = value;
		this.valueEnd = end;
		this.announced = count;
		if (count > 0) {
			this.payloadRemaining = count;
			this.#state = K_PAYLOAD;
		} else this.#state = K_START;
		return (this.kind = TOKEN_INFO);
	}
}
