// Module output → tokens, in place. Each next() returns a kind and leaves its span in public fields
// (start/end; name and value for +NAME: lines; code for +CME ERROR; announced for a payload line); a span
// stays valid until the next call. Nothing is allocated: lines are found with the ring's native indexOf,
// keywords compared byte by byte against constants built once per instance.
//
// Lines end at LF; CRs and other control bytes around them are noise (blank lines, the doubled CR LF of
// late URCs, a bare CR LF after wake-up). What the layer above expects (an echo, a `>` prompt, the name
// of the line that announces a counted payload) is set per exchange; the tokenizer knows no command.
//
// States (#state) and what moves them:
//   START     noise is dropped; `>` while a prompt is expected → PROMPT token, AFTER_GT; a payload
//             trailer line is whole-line checked in TRAILER; any other byte → LINE
//   AFTER_GT  one space after `>` (`> `) is dropped → START
//   LINE      searching for LF: found → a line token, START (a payload line with a count → PAYLOAD);
//             none and the ring is full → OVERFLOW token, SKIP; none → wait for bytes
//   SKIP      an overflowed line is dropped up to its LF → START
//   PAYLOAD   the next `announced` bytes, whatever they hold → PAYLOAD tokens; all taken → TRAILER
//   TRAILER   after a payload, at a line start: CR → TRAILER_CR; a whole result line (OK, ERROR,
//             +NAME: …) → START; anything else → GARBLED token, START (the bytes and the count disagree:
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
const UPPER_E = 0x45;
const UPPER_C = 0x43;
const LF = 0x0a;
const SPACE = 0x20;
const PLUS = 0x2b;
const COLON = 0x3a;
const PROMPT = 0x3e;

const K_START = 0;
const K_AFTER_GT = 1;
const K_LINE = 2;
const K_SKIP = 3;
const K_PAYLOAD = 4;
const K_TRAILER = 5;
const K_TRAILER_CR = 6;

export class Tokenizer {
	kind = TOKEN_NONE;
	start = 0;
	end = 0;
	nameStart = 0;
	nameEnd = 0;
	valueStart = 0;
	valueEnd = 0;
	/** The number of a +CME ERROR (-1 if unreadable). */
	code = 0;
	/** The count a payload line announced (its first field; -1 if unreadable). */
	announced = -1;
	/** Payload bytes still to come. */
	payloadRemaining = 0;

	#ring: ByteRing;
	#state = K_START;
	#scan = 0; // LINE: how far past head the partial line has been searched for LF
	#prompt = false;
	#payloadName: Uint8Array | undefined;
	#echo: Uint8Array | undefined;
	#echoStart = 0;
	#echoEnd = 0;

	#OK = asciiBytes("OK");
	#ERROR = asciiBytes("ERROR");
	#RDY = asciiBytes("RDY");
	#CME = asciiBytes("CME ERROR");

	constructor(ring: ByteRing) {
		this.#ring = ring;
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
	 *  undefined: none is expected. The caller keeps the bytes unchanged while it is armed. */
	expectPayload(name: Uint8Array | undefined): void {
		this.#payloadName = name;
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
		// which its reader does only after next() said NONE.
		let head = ring.head;
		const tail = ring.tail;
		if (head >= tail) {
			ring.head = ring.tail = 0; // what ring.consume does, inline: this is the hot path
			return (this.kind = TOKEN_NONE);
		}
		ring.head = head;
		const bytes = ring.bytes;
		for (;;) {
			switch (this.#state) {
				case K_PAYLOAD: {
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
				case K_START: {
					// Noise before a line: CR, LF, NUL, a wake-up 0xFF.
					let c = bytes[head]!;
					while (c < SPACE || c === 0xff) {
						if (++head === tail) {
							ring.head = ring.tail = 0;
							return (this.kind = TOKEN_NONE);
						}
						c = bytes[head]!;
					}
					ring.head = head;
					if (c === PROMPT && this.#prompt) {
						this.#prompt = false;
						this.#state = K_AFTER_GT;
						this.start = head;
						this.end = ring.head = head + 1;
						return (this.kind = TOKEN_PROMPT);
					}
					this.#state = K_LINE;
					this.#scan = 0;
					break;
				}
				case K_LINE: {
					const lf = bytes.indexOf(LF, head + this.#scan);
					if (lf < 0 || lf >= tail) {
						if (ring.full) {
							this.#state = K_SKIP;
							this.start = head;
							this.end = ring.head = tail;
							return (this.kind = TOKEN_OVERFLOW);
						}
						this.#scan = tail - head;
						return (this.kind = TOKEN_NONE);
					}
					this.#state = K_START;
					ring.head = lf + 1;
					let end = lf;
					while (end > head && bytes[end - 1]! <= SPACE) end--;
					return this.#line(bytes, head, end);
				}
				case K_AFTER_GT:
					this.#state = K_START;
					if (bytes[head] === SPACE && ++head === tail) {
						ring.head = ring.tail = 0;
						return (this.kind = TOKEN_NONE);
					}
					break;
				case K_SKIP: {
					const lf = bytes.indexOf(LF, head);
					if (lf < 0 || lf >= tail) {
						ring.head = ring.tail = 0;
						return (this.kind = TOKEN_NONE);
					}
					this.#state = K_START;
					head = lf + 1;
					break;
				}
				case K_TRAILER: {
					const c = bytes[head]!;
					if (c === CR) {
						this.#state = K_TRAILER_CR;
						head++;
						break;
					}
					if (c === UPPER_O || c === PLUS || c === UPPER_E) {
						// The line must be one a module prints after a read, and whole: a doubled payload byte
						// that happens to be O, + or E, followed by the real CR LF OK, is not.
						const lf = bytes.indexOf(LF, head);
						if (lf < 0 || lf >= tail) {
							if (!ring.full) {
								ring.head = head;
								return (this.kind = TOKEN_NONE);
							}
						} else if (this.#resultLine(bytes, head, lf)) {
							// The line is whole and its LF found: tokenize it now rather than search it again.
							this.#state = K_START;
							ring.head = lf + 1;
							let end = lf;
							while (end > head && bytes[end - 1]! <= SPACE) end--;
							return this.#line(bytes, head, end);
						}
					}
					return this.#garbled(head);
				}
				case K_TRAILER_CR:
					if (bytes[head] !== LF) return this.#garbled(head);
					this.#state = K_TRAILER;
					head++;
					break;
			}
			if (head >= tail) {
				ring.head = ring.tail = 0;
				return (this.kind = TOKEN_NONE);
			}
			ring.head = head;
		}
	}

	#garbled(head: number): number {
		this.#state = K_START;
		this.#ring.head = head;
		this.start = this.end = head;
		return (this.kind = TOKEN_GARBLED);
	}

	/** Whether bytes[head, lf) is OK, ERROR or +NAME: … (URCs and +CME ERROR), CRs aside. */
	#resultLine(bytes: Uint8Array, head: number, lf: number): boolean {
		let end = lf;
		while (end > head && bytes[end - 1] === CR) end--;
		if (bytes[head] !== PLUS) return equalsBytes(bytes, head, end, this.#OK) || equalsBytes(bytes, head, end, this.#ERROR);
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
		const length = end - start;
		if (length === 2 && equalsBytes(bytes, start, end, this.#OK)) return (this.kind = TOKEN_OK);
		if (length === 5 && equalsBytes(bytes, start, end, this.#ERROR)) return (this.kind = TOKEN_ERROR);
		if (length === 3 && equalsBytes(bytes, start, end, this.#RDY)) return (this.kind = TOKEN_RDY);
		const echo = this.#echo;
		if (echo && equalsBytes(bytes, start, end, echo, this.#echoStart, this.#echoEnd)) {
			this.#echo = undefined;
			return (this.kind = TOKEN_ECHO);
		}
		if (bytes[start] !== PLUS) return (this.kind = TOKEN_LINE);
		let colon = bytes.indexOf(COLON, start);
		if (colon < 0 || colon > end) colon = end;
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
		const payload = this.#payloadName;
		if (payload && bytes[start + 1] === payload[0] && equalsBytes(bytes, start + 1, colon, payload)) {
			this.#payloadName = undefined;
			const count = parseUint(bytes, value, fieldEnd(bytes, value, end));
			this.announced = count;
			if (count > 0) {
				this.payloadRemaining = count;
				this.#state = K_PAYLOAD;
			}
		}
		return (this.kind = TOKEN_INFO);
	}
}
