// Helpers over spans (bytes, start, end) of a response line: numbers parsed from bytes, comma-separated
// fields that respect quotes, and comparison against constant byte strings. Nothing here allocates
// except asciiBytes, which builds the constants once per instance.

const enum Byte { COMMA = 0x2c, QUOTE = 0x22, SPACE = 0x20, MINUS = 0x2d }
const LIMIT = 0x1fffffffffffff / 10; // beyond this, one more digit loses precision

/** The unsigned integer in bytes[start, end), spaces around it allowed; -1 if empty, not a number or too large. */
export function parseUint(bytes: Uint8Array, start: number, end: number): number {
	while (start < end && bytes[start] === Byte.SPACE) start++;
	while (end > start && bytes[end - 1] === Byte.SPACE) end--;
	if (start >= end) return -1;
	let value = 0;
	for (let i = start; i < end; i++) {
		const digit = bytes[i]! - 0x30;
		if (digit < 0 || digit > 9 || value > LIMIT) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/** The integer in bytes[start, end), with an optional leading `-`; NaN if empty or not a number (the
 *  signed figures of a signal report: dBm and dB). The same digits as parseUint. */
export function parseSigned(bytes: Uint8Array, start: number, end: number): number {
	while (start < end && bytes[start] === Byte.SPACE) start++;
	const negative = start < end && bytes[start] === Byte.MINUS;
	const value = parseUint(bytes, negative ? start + 1 : start, end);
	return value < 0 ? NaN : negative ? -value : value;
}

/** Where the field that starts at `start` ends: the next comma outside quotes, or `end`. */
export function fieldEnd(bytes: Uint8Array, start: number, end: number): number {
	let quoted = false;
	for (let i = start; i < end; i++) {
		const c = bytes[i];
		if (c === Byte.QUOTE) quoted = !quoted;
		else if (c === Byte.COMMA && !quoted) return i;
	}
	return end;
}

/** The start of the field after the one ending at `stop` (a comma), spaces skipped; `end` if none. */
export function nextField(bytes: Uint8Array, stop: number, end: number): number {
	if (stop >= end) return end;
	let i = stop + 1;
	while (i < end && bytes[i] === Byte.SPACE) i++;
	return i;
}

/** The start of field `index` (0 is the first) of bytes[start, end), or `end` when there are fewer. */
export function fieldAt(bytes: Uint8Array, start: number, end: number, index: number): number {
	let at = start;
	for (let i = 0; i < index && at < end; i++) at = nextField(bytes, fieldEnd(bytes, at, end), end);
	return at;
}

/** Field `index` of bytes[start, end) as parseUint reads it: -1 when absent, empty or not a number. */
export function fieldUint(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = fieldAt(bytes, start, end, index);
	return parseUint(bytes, at, fieldEnd(bytes, at, end));
}

/** Field `index` of bytes[start, end) as parseSigned reads it: NaN when absent, empty or not a number. */
export function fieldSigned(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = fieldAt(bytes, start, end, index);
	return parseSigned(bytes, at, fieldEnd(bytes, at, end));
}

/** Whether bytes[start, end) holds the same bytes as other[otherStart, otherEnd) (all of `other` by
 *  default): the one byte comparison, for constants, echoes and remembered values alike. */
export function equalsBytes(bytes: Uint8Array, start: number, end: number, other: Uint8Array, otherStart = 0, otherEnd = other.length): boolean {
	if (end - start !== otherEnd - otherStart) return false;
	for (let i = start, j = otherStart; i < end; i++, j++) if (bytes[i] !== other[j]) return false;
	return true;
}

/** Whether bytes[start, end) holds the ASCII text `text`: for names and answers known as strings (a
 *  row's name, a profile's answer), compared without building either. */
export function equalsText(bytes: Uint8Array, start: number, end: number, text: string): boolean {
	if (end - start !== text.length) return false;
	for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
	return true;
}

const ERROR = asciiBytes("ERROR"); // read only: a module-level constant may live in ROM

/** Whether bytes[start, end) is OK, ERROR or a +NAME: line (a URC, +CME ERROR): what a module may print
 *  right after a payload. */
export function isResultLine(bytes: Uint8Array, start: number, end: number): boolean {
	if (bytes[start] !== 0x2b) return end - start === 2 ? bytes[start] === 0x4f && bytes[start + 1] === 0x4b : equalsBytes(bytes, start, end, ERROR);
	for (let i = start + 1; i < end; i++) {
		const b = bytes[i]!;
		if (b === 0x3a) return i > start + 1; // the colon, after a name
		if (!((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x20)) return false;
	}
	return false;
}

/** Whether the field bytes[start, end), its quotes removed if it has them, holds `constant`: exactly, or
 *  with `anyCase` ASCII letters in either case (an APN read back from the module). */
export function equalsQuoted(bytes: Uint8Array, start: number, end: number, constant: Uint8Array, anyCase = false): boolean {
	if (end - start >= 2 && bytes[start] === Byte.QUOTE && bytes[end - 1] === Byte.QUOTE) {
		start++;
		end--;
	}
	if (end - start !== constant.length) return false;
	for (let i = 0; i < constant.length; i++) {
		const a = bytes[start + i]!, b = constant[i]!, letter = b | 0x20;
		if (a !== b && !(anyCase && (a | 0x20) === letter && letter >= 0x61 && letter <= 0x7a)) return false;
	}
	return true;
}

/** A constant byte string. Call it from a constructor: on a device a module-level array is frozen in ROM. */
export function asciiBytes(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
	return bytes;
}
