// Incremental HTTP/1.1 response parser, fed byte spans in any split (one byte at a time is fine).
// llhttp-style: one integer state, named states, every rejection a ModemError with a code.
//
// Memory: the head is read a line at a time into a buffer of maxHeaderBytes, the parser's own or lent with
// each reset(); the whole head counts against it, so a long or endless head is an error (913), never
// growth. Only what the caller gets becomes a string (the status text, each header once whole); body
// bytes go on as spans of the caller's own buffer, chunk framing left out.
//
// Choices:
// - header names are lowercased; a repeated header is joined with ", " (set-cookie too); values are
//   UTF-8 (invalid bytes become U+FFFD); an obs-fold (a line starting with SP or HT) continues the value;
// - Transfer-Encoding wins over Content-Length (RFC 9112 §6.3); a Transfer-Encoding that does not
//   end in "chunked" means the body runs until the connection closes (finish());
// - Content-Length: digits only; equal values in a list ("5, 5") are one, unequal ones are 914;
// - chunk extensions, trailers and 1xx heads are skipped; HEAD (expectBody false), 204 and 304 end with the head;
// - a bare LF ends a line as CRLF does; a CR must be followed by LF, on every line (RFC 9112 §2.2: a
//   bare CR would let a status line or a trailer hide the next line); empty lines before the status
//   line are skipped (a read may start with the CRLF of the module's answer line);
// - a byte after a complete response is an error (916: a lying Content-Length, or a read that took in
//   foreign bytes), but in a read the module does not count (`whole`): they are its own, parsing stops;
// - a head with neither Content-Length nor Transfer-Encoding takes lengthHint (the module's count) if set:
//   in a read the module does not count, the body then ends where it should and the trailer is not body.
import { ERR_HTTP_CHUNK, ERR_HTTP_CONTENT_LENGTH, ERR_HTTP_EXTRA_DATA, ERR_HTTP_HEAD_TOO_LARGE, ERR_HTTP_INCOMPLETE, ERR_HTTP_MALFORMED, httpError } from "./codes.js";
import type { ModemError } from "../quectel/errors.js";
import { fieldEnd, parseUint } from "../at/fields.js";
import { hexDigit, isChunked, isTokenByte } from "./syntax.js";
import { decodeUtf8 } from "./utf8.js";

export interface ResponseHandlers {
	/** The final (non-1xx) head. The map is new for each response and is the caller's to keep. */
	onHeaders?(status: number, headers: Map<string, string>, statusText: string): void;
	/** Body bytes bytes[start, end): a view of the buffer given to execute(), valid only during the call. */
	onBody?(bytes: Uint8Array, start: number, end: number): void;
	onComplete?(): void;
}

export interface ResponseParserOptions extends ResponseHandlers {
	/** Limit for the whole head, in bytes. Default 4096. */
	maxHeaderBytes?: number;
	/** `this` for the callbacks; the parser when absent. */
	target?: unknown;
	/** true: the parser allocates no head buffer; each reset() lends one of at least maxHeaderBytes. */
	lent?: boolean;
}

// States. The head is read a byte at a time; bodies a span at a time.
const enum State {
	STATUS = 0, //            status line, up to LF
	LINE_START = 1, //        first byte of a header line: a fold, a name, or the empty line
	HEADER_NAME = 2, //       token bytes up to ':'
	HEADER_VALUE_START = 3, // whitespace before the value
	HEADER_VALUE = 4, //      value bytes up to CR or LF
	HEADER_VALUE_LF = 5, //   LF after a value's CR
	HEAD_END_LF = 6, //       LF after the empty line's CR
	BODY_LENGTH = 7, //       Content-Length bytes
	CHUNK_SIZE = 8, //        hex digits
	CHUNK_EXT = 9, //         ";ext" or whitespace after the size, up to CR or LF
	CHUNK_SIZE_LF = 10, //    LF after the size line's CR
	CHUNK_DATA = 11, //       chunk bytes
	CHUNK_DATA_CR = 12, //    CR (or LF) after the chunk bytes
	CHUNK_DATA_LF = 13, //    LF after that CR
	TRAILER_START = 14, //    a trailer line or the final empty line
	TRAILER_LINE = 15, //     a trailer line's bytes, skipped
	TRAILER_END_LF = 16, //   LF after the final empty line's CR
	BODY_UNTIL_CLOSE = 17, // everything up to finish()
	DONE = 18, ERROR = 19, // the response is over: complete, or failed (#error)
	TRAILER_LINE_LF = 20, //  LF after a trailer line's CR
}

const enum Byte { HT = 9, LF = 10, CR = 13, SP = 32, COLON = 58, SEMICOLON = 59 }
const CHUNK_SIZE_GUARD = 0x1ffffffffffff; // larger, one more hex digit could take a chunk size past 2^53

export class ResponseParser {
	#handlers: ResponseHandlers; // the options: onHeaders, onBody, onComplete
	#target: unknown;
	#max: number;
	#line: Uint8Array | undefined; // the head line being read

	#state = State.STATUS;
	#error: ModemError | undefined;
	#expectBody = true;
	#headBytes = 0; // bytes of the current head so far
	#len = 0; // bytes in #line
	#nameEnd = 0; // a header line in #line: name [0, nameEnd), value [valueStart, valueEnd)
	#valueStart = 0;
	#valueEnd = 0;
	#pending = false; // a complete header line waits in #line (the next line may fold into it)
	#status = 0;
	#statusText = "";
	#headers: Map<string, string> | undefined; // undefined while a 1xx head is skipped
	#contentLength = -1;
	#remaining = 0; // bytes left of the body (by length) or of the chunk
	#chunkSize = 0;
	#chunkDigits = 0;

	constructor(options: ResponseParserOptions = {}) {
		this.#handlers = options;
		this.#target = options.target ?? this;
		this.#max = options.maxHeaderBytes ?? 4096;
		if (!options.lent) this.#line = new Uint8Array(this.#max);
	}

	/** Prepares for the next response. expectBody false: a HEAD request, no body whatever the headers say.
	 *  `line`: the head buffer for this response (at least maxHeaderBytes), lent until the head has ended. */
	reset(expectBody = true, line?: Uint8Array): void {
		if (line) {
			if (line.length < this.#max) throw new RangeError(`response: a head buffer of ${line.length} bytes is smaller than maxHeaderBytes ${this.#max}`);
			this.#line = line;
		}
		this.#state = State.STATUS;
		this.#error = undefined;
		this.#expectBody = expectBody;
		this.lengthHint = 0;
		this.#startHead();
	}

	/** The error that stopped the parser, if any. */
	get error(): ModemError | undefined {
		return this.#error;
	}

	/** Bytes that would complete the response, when its framing says (the body's Content-Length left), else -1. */
	get need(): number {
		return this.#state === State.BODY_LENGTH ? this.#remaining : this.#state === State.DONE ? 0 : -1;
	}

	/** The body's length as the module counted it (its result URC), for a head that gives none (0: none). */
	lengthHint = 0;

	/** Whether the response has been parsed to its end. */
	get complete(): boolean {
		return this.#state === State.DONE;
	}

	/** Bytes of the last execute()'s span that were the response's, once complete in a `whole` read; else -1. */
	taken = -1;

	/** Parses bytes[start, end). Returns 0, or the error's code (the parser then stays failed). `whole`: the
	 *  span is of a read the module does not count, and what follows the response is not the response's. */
	execute(bytes: Uint8Array, start: number, end: number, whole = false): number {
		let i = start;
		this.taken = -1;
		while (i < end) {
			switch (this.#state) {
				case State.BODY_LENGTH:
				case State.CHUNK_DATA: {
					const n = Math.min(end - i, this.#remaining);
					this.#emit(bytes, i, i + n);
					i += n;
					this.#remaining -= n;
					if (this.#remaining === 0) {
						if (this.#state === State.CHUNK_DATA) this.#state = State.CHUNK_DATA_CR;
						else this.#complete();
					}
					break;
				}
				case State.BODY_UNTIL_CLOSE:
					this.#emit(bytes, i, end);
					i = end;
					break;
				case State.DONE:
					if (whole) {
						this.taken = i - start;
						return 0;
					}
					return this.#fail(ERR_HTTP_EXTRA_DATA, `${end - i} byte(s) after the end of the response`);
				case State.ERROR:
					return this.#error!.code;
				default: {
					const code = this.#state < State.BODY_LENGTH ? this.#headByte(bytes[i]!) : this.#chunkByte(bytes[i]!);
					if (code !== 0) return code;
					i++;
				}
			}
		}
		if (whole && this.#state === State.DONE) this.taken = end - start;
		return this.#state === State.ERROR ? this.#error!.code : 0;
	}

	/** The input has ended (the read reported nothing remaining). Returns 0, or the error's code. */
	finish(): number {
		switch (this.#state) {
			case State.BODY_UNTIL_CLOSE:
				this.#complete();
				return 0;
			case State.DONE:
				return 0;
			case State.ERROR:
				return this.#error!.code;
			case State.BODY_LENGTH:
				return this.#fail(ERR_HTTP_INCOMPLETE, `body ended ${this.#remaining} byte(s) short of Content-Length ${this.#contentLength}`);
			default:
				return this.#fail(ERR_HTTP_INCOMPLETE, this.#state < State.BODY_LENGTH ? "input ended inside the response head" : "input ended inside the chunked body");
		}
	}

	#startHead(): void {
		this.#headBytes = 0;
		this.#len = 0;
		this.#pending = false;
		this.#headers = undefined;
		this.#contentLength = -1;
	}

	#headByte(c: number): number {
		if (++this.#headBytes > this.#max) return this.#fail(ERR_HTTP_HEAD_TOO_LARGE, `response head exceeds ${this.#max} bytes`);
		const line = this.#line!;
		switch (this.#state) {
			case State.STATUS:
				if (c === Byte.LF) return this.#statusLine();
				line[this.#len++] = c;
				return 0;
			case State.LINE_START:
				if (this.#pending) {
					if (c === Byte.SP || c === Byte.HT) { // obs-fold: the value goes on; drop its trailing whitespace
						this.#len = this.#valueEnd;
						this.#state = State.HEADER_VALUE_START;
						return 0;
					}
					const code = this.#commit();
					if (code !== 0) return code;
				}
				if (c === Byte.CR) {
					this.#state = State.HEAD_END_LF;
					return 0;
				}
				if (c === Byte.LF) return this.#headEnd();
				if (!isTokenByte(c)) return this.#fail(ERR_HTTP_MALFORMED, `byte ${c} cannot start a header name`);
				line[0] = lower(c);
				this.#len = 1;
				this.#state = State.HEADER_NAME;
				return 0;
			case State.HEADER_NAME:
				if (c === Byte.COLON) {
					this.#nameEnd = this.#valueStart = this.#valueEnd = this.#len;
					this.#state = State.HEADER_VALUE_START;
					return 0;
				}
				if (!isTokenByte(c)) return this.#fail(ERR_HTTP_MALFORMED, `byte ${c} in a header name`);
				line[this.#len++] = lower(c);
				return 0;
			case State.HEADER_VALUE_START:
				if (c === Byte.SP || c === Byte.HT) return 0;
				if (c === Byte.CR || c === Byte.LF || c === 0) return this.#valueEnds(c);
				if (this.#len > this.#valueStart) line[this.#len++] = Byte.SP; // the join of a folded value
				line[this.#len++] = c;
				this.#valueEnd = this.#len;
				this.#state = State.HEADER_VALUE;
				return 0;
			case State.HEADER_VALUE:
				if (c === Byte.CR || c === Byte.LF || c === 0) return this.#valueEnds(c);
				line[this.#len++] = c;
				if (c !== Byte.SP && c !== Byte.HT) this.#valueEnd = this.#len;
				return 0;
			case State.HEADER_VALUE_LF:
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_MALFORMED, "CR not followed by LF in a header");
				this.#pending = true;
				this.#state = State.LINE_START;
				return 0;
			default: // S_HEAD_END_LF
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_MALFORMED, "CR not followed by LF after the headers");
				return this.#headEnd();
		}
	}

	#valueEnds(c: number): number {
		if (c === 0) return this.#fail(ERR_HTTP_MALFORMED, "NUL in a header value");
		if (c === Byte.CR) {
			this.#state = State.HEADER_VALUE_LF;
			return 0;
		}
		this.#pending = true;
		this.#state = State.LINE_START;
		return 0;
	}

	// "HTTP/1.1 200 OK": a version, three digits, then an optional reason after a space.
	#statusLine(): number {
		const line = this.#line!;
		let len = this.#len;
		if (len > 0 && line[len - 1] === Byte.CR) len--;
		if (len === 0) { // an empty line before the response
			this.#startHead();
			return 0;
		}
		for (let i = 0; i < len; i++) {
			const c = line[i]!; // the reason phrase is HT, SP, visible and obs-text bytes: no CR, no control
			if ((c < Byte.SP && c !== Byte.HT) || c === 127) return this.#fail(ERR_HTTP_MALFORMED, c === Byte.CR ? "CR not followed by LF in the status line" : `control byte ${c} in the status line`);
		}
		const status = (this.#status = parseUint(line, 9, 12)); // three digits: a space or fewer read below 100
		if (len < 12 || !startsWith(line, "HTTP/") || !isDigit(line[5]!) || line[6] !== 46 || !isDigit(line[7]!) ||
			line[8] !== Byte.SP || status < 100 || (len > 12 && line[12] !== Byte.SP)) return this.#fail(ERR_HTTP_MALFORMED, "malformed status line");
		if (status >= 200) {
			this.#headers = new Map();
			this.#statusText = len > 13 ? decodeUtf8(line, 13, len) : "";
		}
		this.#len = 0;
		this.#state = State.LINE_START;
		return 0;
	}


	// The header line waiting in #line is complete (the next line does not fold into it).
	#commit(): number {
		this.#pending = false;
		const headers = this.#headers;
		if (headers === undefined) return 0; // a 1xx head
		const line = this.#line!;
		if (this.#nameEnd === 14 && startsWith(line, "content-length")) {
			const code = this.#parseContentLength();
			if (code !== 0) return code;
		}
		const name = decodeUtf8(line, 0, this.#nameEnd);
		const value = decodeUtf8(line, this.#valueStart, this.#valueEnd);
		const previous = headers.get(name);
		headers.set(name, previous === undefined ? value : previous + ", " + value);
		return 0;
	}

	// Digits, or a list of equal digit runs ("5, 5"): anything else, or two different values, is 914.
	#parseContentLength(): number {
		const line = this.#line!;
		const end = this.#valueEnd;
		for (let i = this.#valueStart; i <= end; i++) {
			const stop = fieldEnd(line, i, end);
			let last = stop;
			while (i < stop && (line[i] === Byte.SP || line[i] === Byte.HT)) i++;
			while (last > i && (line[last - 1] === Byte.SP || line[last - 1] === Byte.HT)) last--;
			const value = parseUint(line, i, last);
			if (value < 0) return this.#fail(ERR_HTTP_CONTENT_LENGTH, "Content-Length is not a decimal number, or too large");
			if (this.#contentLength >= 0 && this.#contentLength !== value) {
				return this.#fail(ERR_HTTP_CONTENT_LENGTH, `conflicting Content-Length ${this.#contentLength} and ${value}`);
			}
			this.#contentLength = value;
			i = stop;
		}
		return 0;
	}

	#headEnd(): number {
		const headers = this.#headers;
		if (headers === undefined) { // a 1xx head: the real one follows
			this.#startHead();
			this.#state = State.STATUS;
			return 0;
		}
		const status = this.#status;
		const te = headers.get("transfer-encoding"); // its last coding, compared without case, decides
		if (this.#contentLength < 0 && te === undefined && this.lengthHint > 0) this.#contentLength = this.lengthHint;
		if (!this.#expectBody || status === 204 || status === 304) this.#state = State.DONE;
		else if (te !== undefined) this.#state = isChunked(te) ? State.CHUNK_SIZE : State.BODY_UNTIL_CLOSE;
		else if (this.#contentLength > 0) this.#state = State.BODY_LENGTH;
		else this.#state = this.#contentLength === 0 ? State.DONE : State.BODY_UNTIL_CLOSE;
		this.#remaining = this.#contentLength;
		this.#chunkSize = this.#chunkDigits = 0;
		this.#handlers.onHeaders?.call(this.#target, status, headers, this.#statusText);
		if (this.#state === State.DONE) this.#complete();
		return 0;
	}

	#chunkByte(c: number): number {
		switch (this.#state) {
			case State.CHUNK_SIZE: {
				const digit = hexDigit(c);
				if (digit >= 0) {
					if (this.#chunkSize > CHUNK_SIZE_GUARD) return this.#fail(ERR_HTTP_CHUNK, "chunk size overflows");
					this.#chunkSize = this.#chunkSize * 16 + digit;
					this.#chunkDigits++;
					return 0;
				}
				if (this.#chunkDigits === 0) return this.#fail(ERR_HTTP_CHUNK, `byte ${c} where a hex chunk size must start`);
				if (c === Byte.SEMICOLON || c === Byte.SP || c === Byte.HT) this.#state = State.CHUNK_EXT;
				else if (c === Byte.CR) this.#state = State.CHUNK_SIZE_LF;
				else if (c === Byte.LF) this.#sizeLineEnd();
				else return this.#fail(ERR_HTTP_CHUNK, `byte ${c} in a chunk size`);
				return 0;
			}
			case State.CHUNK_EXT:
				if (c === Byte.CR) this.#state = State.CHUNK_SIZE_LF;
				else if (c === Byte.LF) this.#sizeLineEnd();
				return 0;
			case State.CHUNK_SIZE_LF:
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_CHUNK, "CR not followed by LF after a chunk size");
				this.#sizeLineEnd();
				return 0;
			case State.CHUNK_DATA_CR:
				if (c === Byte.CR) this.#state = State.CHUNK_DATA_LF;
				else if (c === Byte.LF) this.#state = State.CHUNK_SIZE;
				else return this.#fail(ERR_HTTP_CHUNK, "chunk data longer than its size");
				return 0;
			case State.CHUNK_DATA_LF:
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_CHUNK, "CR not followed by LF after chunk data");
				this.#state = State.CHUNK_SIZE;
				return 0;
			case State.TRAILER_START:
				if (c === Byte.CR) this.#state = State.TRAILER_END_LF;
				else if (c === Byte.LF) this.#complete();
				else this.#state = State.TRAILER_LINE;
				return 0;
			case State.TRAILER_LINE:
				if (c === Byte.LF) this.#state = State.TRAILER_START;
				else if (c === Byte.CR) this.#state = State.TRAILER_LINE_LF;
				return 0;
			case State.TRAILER_LINE_LF:
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_CHUNK, "CR not followed by LF in a trailer");
				this.#state = State.TRAILER_START;
				return 0;
			default: // S_TRAILER_END_LF
				if (c !== Byte.LF) return this.#fail(ERR_HTTP_CHUNK, "CR not followed by LF at the end of the chunked body");
				this.#complete();
				return 0;
		}
	}

	#sizeLineEnd(): void {
		this.#remaining = this.#chunkSize;
		this.#state = this.#chunkSize === 0 ? State.TRAILER_START : State.CHUNK_DATA;
		this.#chunkSize = this.#chunkDigits = 0;
	}

	#emit(bytes: Uint8Array, start: number, end: number): void {
		if (end > start) this.#handlers.onBody?.call(this.#target, bytes, start, end);
	}

	#complete(): void {
		this.#state = State.DONE;
		this.#handlers.onComplete?.call(this.#target);
	}

	#fail(code: number, detail: string): number {
		this.#error = httpError(code, "response", detail);
		this.#state = State.ERROR;
		return code;
	}
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

function lower(c: number): number {
	return c >= 65 && c <= 90 ? c + 32 : c;
}

// The line's first bytes against ASCII text. Not at/fields' equalsBytes: that compares against a
// Uint8Array built per instance (module-level ones are frozen in flash), two more per client here.
function startsWith(bytes: Uint8Array, text: string): boolean {
	for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
	return true;
}
