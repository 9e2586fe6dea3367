// Module output → tokens, in place. Each next() returns a kind and leaves its span in public fields
// (start/end; name and value for +NAME: lines; code for +CME ERROR; announced for a payload line), valid
// until the next call. Nothing is allocated; lines are searched four bytes at a read (words.ts) up to a
// sentinel LF past the data; keywords are compared against constants built once per instance. The two
// lines of every download read are taken with few reads: the announcing line in place, CR LF OK CR LF whole.
//
// Lines end at LF; CRs and other control bytes around them are noise (blank lines, the doubled CR LF of
// late URCs, a bare CR LF after wake-up). What the layer above expects (an echo, the prompt, the line
// that announces a payload) is set per exchange; how the module frames them once (setPrompt: a `>` at a
// line start, or a whole line such as CONNECT; expectPayload: the announcing line's prefix, `+QHTTPREAD:`
// or `CONNECT`, then the count). The tokenizer knows no command.
//
// States (#state) and what moves them:
//   START     CR LF then the armed announcing line → as in LINE, at once; noise is dropped; `>` while
//             a `>` prompt is expected → PROMPT token, AFTER_GT; any other byte → LINE
//   AFTER_GT  one space after `>` (`> `) is dropped → START
//   LINE      the armed announcing line `<prefix> <count>…` whole → INFO, PAYLOAD (count 0: START; no
//             count, where the payload may be open: PAYLOAD until endPayload()); the prompt line while
//             one is expected → PROMPT; otherwise searching for LF: found → a line token, START; none
//             and the ring is full → OVERFLOW token, SKIP; none → wait for bytes
//   SKIP      an overflowed line is dropped up to its LF → START
//   PAYLOAD   the next `announced` bytes (or, open, every byte until endPayload()), whatever they hold →
//             PAYLOAD tokens; all taken → TRAILER
//   TRAILER   after a payload, at a line start: any number of whole CR LF pairs (real modules vary them),
//             then CR LF OK CR LF → OK token, START; CR → TRAILER_CR; a whole result line (OK, ERROR,
//             +NAME: …; the announcing line as in LINE) → START; anything else → GARBLED token, START
//             (bytes lost or doubled on the UART: the payload just handed on cannot be trusted)
//   TRAILER_CR  LF → TRAILER; anything else → GARBLED token, START
import type { ByteRing } from "./ring.js";
import { asciiBytes, equalsBytes, fieldEnd, isResultLine, parseUint } from "./fields.js";
import { fourDigits, lfFrom, toWords } from "./words.js";
import { Token } from "./tokens.js";

const enum Byte { CR = 0x0d, LF = 0x0a, SPACE = 0x20, PLUS = 0x2b, COLON = 0x3a, COMMA = 0x2c, PROMPT = 0x3e,
	UPPER_O = 0x4f, UPPER_K = 0x4b, UPPER_E = 0x45, UPPER_C = 0x43 }
const enum Word { CRLF = 0x0d0a, CRLF_OK = 0x0d0a4f4b }
const OPEN = Number.MAX_SAFE_INTEGER; // an open payload's count: never reached, endPayload() ends it

const enum State { START, AFTER_GT, LINE, SKIP, PAYLOAD, TRAILER, TRAILER_CR }

export class Tokenizer {
	// The fields a download's calls touch come first: XS finds an instance's properties by walking them in
	// order (private ones in a list of their own), about a nanosecond a step.
	#ring: ByteRing;
	#state = State.START;
	#view: DataView; // the ring's bytes, four at a read
	#payloadName: Uint8Array | undefined;
	#lead = 0; // CR LF and the armed prefix's first two bytes, as one word
	#lastAt = 0; // from the prefix's first byte to its last
	#words: number[] | undefined; // the prefix as big-endian words, for a prefix of four bytes or more
	/** Payload bytes still to come. */
	payloadRemaining = 0;
	/** The payload in flight is open: it ends where the layer above says (endPayload). */
	payloadOpen = false;
	kind = Token.NONE;
	start = 0;
	end = 0;
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
	#promptLine: Uint8Array | undefined; // the prompt is this whole line; undefined: a `>` at a line start
	#open = false; // the armed announcing line may come without a count: an open payload
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

	/** Whether the prompt is expected (only while a command that prompts is in flight). */
	expectPrompt(on: boolean): void {
		this.#prompt = on;
	}

	/** How the module prompts for data: a line of these bytes (CONNECT), or undefined for a `>` at a
	 *  line start (with or without a space after it). Set once, from the module's profile. */
	setPrompt(line: Uint8Array | undefined): void {
		this.#promptLine = line;
	}

	/** The prefix of the line `<prefix> <count>,…` that announces a payload (`+QHTTPREAD:`, `CONNECT`), once;
	 *  undefined: none is expected. `open`: the line may come without a count, and the payload then runs
	 *  until endPayload(). Prefixes are constants: an array once armed keeps its bytes. */
	expectPayload(prefix: Uint8Array | undefined, open = false): void {
		this.#payloadName = prefix;
		this.#open = open;
		if (prefix === undefined || prefix === this.#patternOf) return;
		// Built once per prefix armed: its length, its first bytes after CR LF as one word, its words.
		this.#patternOf = prefix;
		this.#lastAt = prefix.length - 1;
		this.#lead = ((Word.CRLF << 16) | (prefix[0]! << 8) | prefix[1]!) >>> 0;
		this.#words = prefix.length < 4 ? undefined : toWords(prefix);
	}

	/** The payload ended at bytes[at] (within the last PAYLOAD span): an open one where the layer above
	 *  says, any one that was given up. What follows is the module's again, its trailer. */
	endPayload(at: number): void {
		if (this.payloadRemaining === 0) return;
		this.payloadOpen = false;
		this.payloadRemaining = 0;
		this.#ring.head = at;
		this.#state = State.TRAILER;
	}

	/** Forgets any partial line, payload and expectation (after a reboot or close). */
	reset(): void {
		this.#ring.clear();
		this.#scan = this.payloadRemaining = 0;
		this.payloadOpen = false;
		this.#state = State.START;
		this.#prompt = false;
		this.#payloadName = this.#echo = undefined;
		this.kind = Token.NONE;
	}

	next(): number {
		// The payload call, the most frequent of all, is kept apart and small: XS pays for every argument,
		// local and closure (module constant, private name) a function has, on each call.
		const ring = this.#ring;
		if (this.#state === State.PAYLOAD) {
			const head = ring.head;
			let end = ring.tail;
			if (head < end) {
				const left = this.payloadRemaining + head - end;
				if (left > 0) this.payloadRemaining = left;
				else {
					end += left;
					this.payloadRemaining = 0;
					this.#state = State.TRAILER;
				}
				this.start = head;
				this.end = ring.head = end;
				return (this.kind = Token.PAYLOAD);
			}
		}
		return this.#lines(ring);
	}

	/** Every other call. A token's bytes are consumed when it is returned; they stay in place until the
	 *  ring is filled, which its reader does only once next() said NONE or the ring is empty. */
	#lines(ring: ByteRing): number {
		let head = ring.head;
		const tail = ring.tail;
		if (head >= tail) {
			ring.head = ring.tail = 0; // what ring.consume does, inline
			return (this.kind = Token.NONE);
		}
		let state = this.#state;
		if (state === State.TRAILER && head + 6 <= tail && this.#view.getUint32(head) === Word.CRLF_OK && this.#view.getUint16(head + 4) === Word.CRLF) {
			// CR LF OK CR LF, as a module ends every read: taken in two reads.
			this.#state = State.START;
			ring.head = head + 6;
			this.start = head + 2;
			this.end = head + 4;
			return (this.kind = Token.OK);
		}
		const bytes = ring.bytes;
		// A sentinel LF just past the data (the ring always has bytes there): the search for the LF of a
		// partial line, and the announcing line's scans, stop at it.
		bytes[tail] = Byte.LF;
		let armed = this.#payloadName !== undefined;
		if (state === State.START && armed && head + 4 <= tail && this.#view.getUint32(head) === this.#lead) {
			// The armed announcing line after one CR LF, as a module answers every read: straight to it.
			const kind = this.#announce(bytes, head + 2, tail, State.LINE);
			if (kind >= 0) return kind;
			armed = false; // another line: the general way takes it, without trying this again
		}
		for (;;) {
			if (state === State.START) {
				// Noise before a line: CR, LF, NUL, a wake-up 0xFF.
				let c = bytes[head]!;
				while (c < Byte.SPACE || c === 0xff) {
					if (++head === tail) {
						this.#state = State.START;
						return this.#drained(ring);
					}
					c = bytes[head]!;
				}
				if (c === Byte.PROMPT && this.#prompt && this.#promptLine === undefined) {
					this.#prompt = false;
					this.#state = State.AFTER_GT;
					this.start = head;
					this.end = ring.head = head + 1;
					return (this.kind = Token.PROMPT);
				}
				state = State.LINE;
				this.#scan = 0;
			}
			if (state === State.LINE) {
				// The armed announcing line is taken in place (an echo, the other line that is tried early,
				// is a command: it starts with AT, never with the prefix).
				if (armed && bytes[head] === this.#patternOf![0]) {
					const kind = this.#announce(bytes, head, tail, State.LINE);
					if (kind >= 0) return kind;
				}
				const lf = lfFrom(this.#view, head + this.#scan);
				if (lf === tail) {
					ring.head = head;
					if (ring.full) {
						this.#state = State.SKIP;
						this.start = head;
						this.end = ring.head = tail;
						return (this.kind = Token.OVERFLOW);
					}
					this.#state = State.LINE;
					this.#scan = tail - head;
					return (this.kind = Token.NONE);
				}
				this.#state = State.START;
				ring.head = lf + 1;
				let end = lf;
				while (end > head && bytes[end - 1]! <= Byte.SPACE) end--;
				return this.#line(bytes, head, end);
			}
			if (state === State.TRAILER) {
				// Whole CR LF pairs, then the result line; a CR whose LF has not come yet waits in TRAILER_CR.
				let c = bytes[head]!;
				while (c === Byte.CR) {
					if (++head === tail) {
						this.#state = State.TRAILER_CR;
						return this.#drained(ring);
					}
					if (bytes[head] !== Byte.LF) return this.#garbled(head);
					if (++head === tail) {
						this.#state = State.TRAILER;
						return this.#drained(ring);
					}
					c = bytes[head]!;
				}
				if (armed && c === this.#patternOf![0]) {
					const kind = this.#announce(bytes, head, tail, State.TRAILER);
					if (kind >= 0) return kind;
				}
				if (c === Byte.UPPER_O || c === Byte.PLUS || c === Byte.UPPER_E) {
					// The line must be one a module prints after a read, and whole: a doubled payload byte
					// that happens to be O, + or E, followed by the real CR LF OK, is not.
					const lf = lfFrom(this.#view, head);
					if (lf === tail) {
						if (!ring.full) {
							this.#state = State.TRAILER;
							ring.head = head;
							return (this.kind = Token.NONE);
						}
					} else {
						let end = lf;
						while (end > head && bytes[end - 1] === Byte.CR) end--;
						if (isResultLine(bytes, head, end)) {
							// The line is whole and its LF found: tokenize it now rather than search it again.
							this.#state = State.START;
							ring.head = lf + 1;
							while (end > head && bytes[end - 1]! <= Byte.SPACE) end--;
							return this.#line(bytes, head, end);
						}
					}
				}
				return this.#garbled(head);
			}
			if (state === State.TRAILER_CR) {
				if (bytes[head] !== Byte.LF) return this.#garbled(head);
				state = State.TRAILER;
				if (++head === tail) {
					this.#state = state;
					return this.#drained(ring);
				}
				continue;
			}
			if (state === State.AFTER_GT) {
				state = State.START;
				if (bytes[head] === Byte.SPACE && ++head === tail) {
					this.#state = state;
					return this.#drained(ring);
				}
				continue;
			}
			// K_SKIP
			const lf = lfFrom(this.#view, head);
			if (lf === tail) return this.#drained(ring);
			state = State.START;
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
		return (this.kind = Token.NONE);
	}

	#garbled(head: number): number {
		this.#state = State.START;
		this.#ring.head = head;
		this.start = this.end = head;
		return (this.kind = Token.GARBLED);
	}

	#line(bytes: Uint8Array, start: number, end: number): number {
		this.start = start;
		this.end = end;
		const first = bytes[start];
		if (first !== Byte.PLUS) {
			const length = end - start;
			if (length === 2) {
				if (first === Byte.UPPER_O && bytes[start + 1] === Byte.UPPER_K) return (this.kind = Token.OK);
			} else if (length === 5) {
				if (equalsBytes(bytes, start, end, this.#ERROR)) return (this.kind = Token.ERROR);
			} else if (length === 3 && equalsBytes(bytes, start, end, this.#RDY)) return (this.kind = Token.RDY);
		}
		const prompt = this.#promptLine;
		if (prompt !== undefined && this.#prompt && equalsBytes(bytes, start, end, prompt)) {
			this.#prompt = false;
			return (this.kind = Token.PROMPT);
		}
		const echo = this.#echo;
		if (echo !== undefined && equalsBytes(bytes, start, end, echo, this.#echoStart, this.#echoEnd)) {
			this.#echo = undefined;
			return (this.kind = Token.ECHO);
		}
		if (first !== Byte.PLUS) return (this.kind = Token.LINE);
		let colon = start + 1;
		while (colon < end && bytes[colon] !== Byte.COLON) colon++;
		let value = colon + 1;
		while (value < end && bytes[value] === Byte.SPACE) value++;
		if (value > end) value = end;
		this.nameStart = start + 1;
		this.nameEnd = colon;
		this.valueStart = value;
		this.valueEnd = end;
		if (bytes[start + 1] === Byte.UPPER_C && equalsBytes(bytes, start + 1, colon, this.#CME)) {
			this.code = parseUint(bytes, value, end);
			return (this.kind = Token.CME_ERROR);
		}
		return (this.kind = Token.INFO);
	}

	/** The announcing line at bytes[start…] is not whole yet: NONE, in `waiting`, until more bytes come. */
	#wait(start: number, waiting: number): number {
		this.#state = waiting;
		this.#scan = 0;
		this.#ring.head = start;
		return (this.kind = Token.NONE);
	}

	/** The armed `<prefix> <count>…` line at bytes[start…], taken in place: the prefix compared four bytes a
	 *  read, the count parsed on the way, the LF searched for only after it; the caller has written the
	 *  sentinel LF at `tail`. INFO: taken; NONE: it is that line, or too short yet to tell, and its LF is
	 *  yet to come (the state is `waiting`); -1: not that line (a whole line too short for it included), or
	 *  too long for the ring: the general way takes it. */
	#announce(bytes: Uint8Array, start: number, tail: number, waiting: number): number {
		const view = this.#view;
		const last = start + this.#lastAt;
		// Too short to tell: a whole line is not this one; a partial one waits for its bytes.
		if (last >= tail) return lfFrom(view, start) < tail ? -1 : this.#wait(start, waiting);
		const words = this.#words;
		if (words === undefined) {
			if (!equalsBytes(bytes, start, last + 1, this.#payloadName!)) return -1;
		} else {
			let w = words.length - 1; // not a for-let: XS copies such a binding on every turn
			if (view.getUint32(last - 3) !== words[w]) return -1;
			while (w > 0) {
				w--;
				if (view.getUint32(start + 4 * w) !== words[w]) return -1;
			}
		}
		let value = last + 1;
		if (bytes[value] === Byte.SPACE) value++;
		let i = value;
		let count = fourDigits(view, i, tail); // a full read announces 1024
		if (count >= 0) i += 4;
		else {
			count = 0;
			while (bytes[value] === Byte.SPACE) value++;
			i = value;
		}
		let digit = bytes[i]! - 0x30;
		while (digit >>> 0 <= 9) {
			count = count * 10 + digit;
			digit = bytes[++i]! - 0x30;
		}
		const ring = this.#ring;
		const lf = lfFrom(view, i);
		if (lf === tail) return ring.full ? -1 : this.#wait(start, waiting);
		let end = lf;
		while (end > start && bytes[end - 1]! <= Byte.SPACE) end--;
		// No digits, more than a double holds exactly, or anything but a comma or the end after them
		// (spaces, quotes): the long way. (Digits end at or before `end`; only no digits can pass it.)
		if (i === value || i - value > 15 || (i < end && digit !== Byte.COMMA - 0x30)) {
			if (value > end) value = end;
			count = parseUint(bytes, value, fieldEnd(bytes, value, end));
		}
		// The prefix alone, where the payload may be open: it runs until endPayload().
		const open = count < 0 && value >= end && this.#open;
		this.#payloadName = undefined;
		ring.head = lf + 1;
		this.start = start;
		this.end = end;
		this.nameStart = bytes[start] === Byte.PLUS ? start + 1 : start;
		this.nameEnd = bytes[last] === Byte.COLON ? last : last + 1;
		this.valueStart = value;
		this.valueEnd = end;
		this.announced = count;
		this.payloadOpen = open;
		if (count > 0 || open) {
			this.payloadRemaining = open ? OPEN : count;
			this.#state = State.PAYLOAD;
		} else this.#state = State.START;
		return (this.kind = Token.INFO);
	}
}
