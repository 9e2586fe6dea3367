// Module output → tokens, in place. Each next() returns a kind and leaves its span in public fields
// (start/end; name and value for +NAME: lines; code for +CME ERROR); a span stays valid until the next
// call. Nothing is allocated: lines are found with the ring's native indexOf, keywords compared byte by
// byte against constants built once per instance.
//
// Lines end at LF; CRs and other control bytes around them are noise (blank lines, the doubled CR LF
// of late URCs, a bare CR LF after wake-up). Three things are not lines:
//   - the `>` prompt, which comes without CR LF, recognised only at a line start while a prompt is expected;
//   - a counted payload: after `+<payloadName>: <actual>,…` (while armed) the next <actual> bytes are
//     handed on as PAYLOAD spans as they arrive, whatever they hold; what follows is checked: any number
//     of whole CR LF pairs (none, one, several: real modules vary it from answer to answer, FIELD-NOTES),
//     then a whole result line (OK, ERROR, +NAME: …). Anything else is GARBLED: the bytes and the count
//     disagree (bytes lost or doubled inside the payload);
//   - a line longer than the ring: one OVERFLOW token, then everything is dropped up to the next LF.
import type { ByteRing } from "./ring.js";
import { asciiBytes, equalsBytes, fieldEnd, parseUint, sameSpan } from "./fields.js";
import {
	TOKEN_CME_ERROR, TOKEN_ECHO, TOKEN_ERROR, TOKEN_INFO, TOKEN_LINE, TOKEN_NONE, TOKEN_OK, TOKEN_OVERFLOW,
	TOKEN_PAYLOAD, TOKEN_PROMPT, TOKEN_RDY, TOKEN_GARBLED,
} from "./tokens.js";

const CR = 0x0d;
const UPPER_O = 0x4f;
const UPPER_E = 0x45;
const LF = 0x0a;
const SPACE = 0x20;
const PLUS = 0x2b;
const COLON = 0x3a;
const PROMPT = 0x3e;

// After a payload (#trailer): not in one; at a line start (a CR or the result line may come); after a CR
// (only its LF may come).
const T_NONE = 0;
const T_LINE = 1;
const T_CR = 2;

export interface TokenizerOptions {
	/** The information line that announces a counted payload, without `+` (e.g. "QHTTPREAD"). */
	payloadName?: string;
}

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
	/** Payload bytes still to come. */
	payloadRemaining = 0;

	#ring: ByteRing;
	#pending = 0; // bytes of the last token, consumed at the next call
	#scan = 0; // how far past head the current partial line has been searched for LF
	#skipping = false; // dropping an overflowed line up to its LF
	#prompt = false;
	#afterPrompt = false;
	#payloadArmed = false;
	#trailer = T_NONE; // after a payload: where in its blank lines we are
	#echo: Uint8Array | undefined;
	#echoStart = 0;
	#echoEnd = 0;

	#OK = asciiBytes("OK");
	#ERROR = asciiBytes("ERROR");
	#RDY = asciiBytes("RDY");
	#CME = asciiBytes("CME ERROR");
	#payloadName: Uint8Array;

	constructor(ring: ByteRing, options: TokenizerOptions = {}) {
		this.#ring = ring;
		this.#payloadName = asciiBytes(options.payloadName ?? "QHTTPREAD");
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

	/** Whether the payload line may announce a counted payload (only while a read is in flight). */
	expectPayload(on: boolean): void {
		this.#payloadArmed = on;
	}

	/** Forgets any partial line, payload and expectation (after a reboot or close). */
	reset(): void {
		this.#ring.clear();
		this.#pending = this.#scan = this.payloadRemaining = 0;
		this.#skipping = this.#prompt = this.#afterPrompt = this.#payloadArmed = false;
		this.#trailer = T_NONE;
		this.#echo = undefined;
		this.kind = TOKEN_NONE;
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

	next(): number {
		const ring = this.#ring;
		if (this.#pending) {
			ring.consume(this.#pending);
			this.#pending = 0;
		}
		const bytes = ring.bytes;
		for (;;) {
			const head = ring.head;
			const tail = ring.tail;
			if (head === tail) {
				this.#scan = 0;
				return (this.kind = TOKEN_NONE);
			}
			if (this.payloadRemaining > 0) {
				let count = tail - head;
				if (count > this.payloadRemaining) count = this.payloadRemaining;
				this.payloadRemaining -= count;
				if (this.payloadRemaining === 0) this.#trailer = T_LINE;
				this.start = head;
				this.end = head + count;
				this.#pending = count;
				return (this.kind = TOKEN_PAYLOAD);
			}
			if (this.#trailer !== T_NONE) {
				// What separates a payload from its OK is not documented and varies on real modules (none,
				// one CR LF, several): any number of whole CR LF pairs, then a whole result line. A lone CR
				// or LF, or any other byte, means the count and the bytes disagree (bytes lost or doubled
				// on the UART) and the payload just handed on cannot be trusted.
				const c = bytes[head]!;
				if (c === CR && this.#trailer === T_LINE) {
					this.#trailer = T_CR;
					ring.consume(1);
					continue;
				}
				if (c === LF && this.#trailer === T_CR) {
					this.#trailer = T_LINE;
					ring.consume(1);
					continue;
				}
				if (this.#trailer === T_LINE && (c === UPPER_O || c === PLUS || c === UPPER_E)) {
					// The line must be one a module prints after a read, and whole: a doubled payload byte
					// that happens to be O, + or E, followed by the real CR LF OK, is not.
					const lf = bytes.indexOf(LF, head);
					if (lf < 0 || lf >= tail) {
						if (!ring.full) return (this.kind = TOKEN_NONE);
					} else if (this.#resultLine(bytes, head, lf)) {
						this.#trailer = T_NONE;
						continue;
					}
				}
				this.#trailer = T_NONE;
				this.start = this.end = head;
				return (this.kind = TOKEN_GARBLED);
			}
			if (this.#skipping) {
				const lf = bytes.indexOf(LF, head);
				if (lf < 0 || lf >= tail) {
					ring.consume(tail - head);
					continue;
				}
				this.#skipping = false;
				ring.consume(lf + 1 - head);
				continue;
			}
			if (this.#scan === 0) {
				// Noise before a line: CR, LF, NUL, a wake-up 0xFF, the space after `> `.
				let at = head;
				let c = bytes[at]!;
				while (c < SPACE || c === 0xff || (c === SPACE && this.#afterPrompt)) {
					this.#afterPrompt = false;
					if (++at === tail) break;
					c = bytes[at]!;
				}
				this.#afterPrompt = false;
				if (at > head) {
					ring.consume(at - head);
					continue;
				}
				if (c === PROMPT && this.#prompt) {
					this.#prompt = false;
					this.#afterPrompt = true;
					this.start = head;
					this.end = head + 1;
					this.#pending = 1;
					return (this.kind = TOKEN_PROMPT);
				}
			}
			const lf = bytes.indexOf(LF, head + this.#scan);
			if (lf < 0 || lf >= tail) {
				if (ring.full) {
					this.#skipping = true;
					this.#scan = 0;
					this.start = head;
					this.end = tail;
					ring.consume(tail - head);
					return (this.kind = TOKEN_OVERFLOW);
				}
				this.#scan = tail - head;
				return (this.kind = TOKEN_NONE);
			}
			this.#scan = 0;
			this.#pending = lf + 1 - head;
			let end = lf;
			while (end > head && bytes[end - 1]! <= SPACE) end--;
			return this.#line(bytes, head, end);
		}
	}

	#line(bytes: Uint8Array, start: number, end: number): number {
		this.start = start;
		this.end = end;
		const length = end - start;
		if (length === 2 && equalsBytes(bytes, start, end, this.#OK)) return (this.kind = TOKEN_OK);
		if (length === 5 && equalsBytes(bytes, start, end, this.#ERROR)) return (this.kind = TOKEN_ERROR);
		if (length === 3 && equalsBytes(bytes, start, end, this.#RDY)) return (this.kind = TOKEN_RDY);
		const echo = this.#echo;
		if (echo && sameSpan(bytes, start, end, echo, this.#echoStart, this.#echoEnd)) {
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
		if (equalsBytes(bytes, start + 1, colon, this.#CME)) {
			this.code = parseUint(bytes, value, end);
			return (this.kind = TOKEN_CME_ERROR);
		}
		if (this.#payloadArmed && equalsBytes(bytes, start + 1, colon, this.#payloadName)) {
			this.#payloadArmed = false;
			const actual = parseUint(bytes, value, fieldEnd(bytes, value, end));
			if (actual > 0) this.payloadRemaining = actual;
		}
		return (this.kind = TOKEN_INFO);
	}
}
