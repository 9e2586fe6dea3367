// HTTP's small syntax in text, on char codes: tokens (method and header names), header names without
// case, numbers (decimal() is the library's one reader of a decimal number in a string; in bytes it is
// at/fields.ts's parseUint; hexDigit() its one of a hex digit), the last transfer coding, and byte
// ranges: the one a ranged GET asks for (Range: bytes=a-b) and the one its answer must carry
// (Content-Range: bytes a-b/n): a server without range support answers 200 with the whole resource,
// which must not be taken for the slice (ERR_RANGE_MISMATCH, 920).

/** RFC 9110 tchar: letters, digits and !#$%&'*+-.^_`|~ */
export function isTokenByte(c: number): boolean {
	if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return true;
	switch (c) {
		case 33: case 35: case 36: case 37: case 38: case 39: case 42: case 43:
		case 45: case 46: case 94: case 95: case 96: case 124: case 126:
			return true;
	}
	return false;
}

export function isToken(text: string): boolean {
	if (text.length === 0) return false;
	for (let i = 0; i < text.length; i++) if (!isTokenByte(text.charCodeAt(i))) return false;
	return true;
}

/** Whether a header name equals a lowercase one, ignoring ASCII case. */
export function isHeader(name: string, lowerName: string): boolean {
	if (name.length !== lowerName.length) return false;
	for (let i = 0; i < name.length; i++) {
		const c = name.charCodeAt(i);
		if ((c >= 65 && c <= 90 ? c + 32 : c) !== lowerName.charCodeAt(i)) return false;
	}
	return true;
}

/** The number the digits text[start, end) spell: 1 to 15 of them (exact in a double) and nothing else;
 *  -1 otherwise. */
export function decimal(text: string, start = 0, end = text.length): number {
	if (end - start < 1 || end - start > 15) return -1;
	let value = 0;
	for (let i = start; i < end; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (!(digit >= 0 && digit <= 9)) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/** The value of a hex digit's char code (either case), or -1. */
export function hexDigit(c: number): number {
	const l = c | 0x20;
	return c >= 48 && c <= 57 ? c - 48 : l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Whether a Transfer-Encoding value's last coding (the one that frames the body) is chunked. */
export function isChunked(value: string): boolean {
	return isHeader(value.slice(value.lastIndexOf(",") + 1).trim(), "chunked");
}

/**
 * The numbers of a byte range: [first, last] of a Range value "bytes=a-b", or with `content` [first,
 * last, complete length (-1 for "*")] of a Content-Range value "bytes a-b/n". The unit without case,
 * white space around; undefined for anything else (an open "5-" or suffix "-5" range, several ranges,
 * an unsatisfied Content-Range: "*" and a length).
 */
export function byteRange(value: string, content: boolean): number[] | undefined {
	const text = value.trim(), stop = content ? text.indexOf("/") : text.length;
	const separator = text.charCodeAt(5); // "=" after a Range's unit; a space or a tab after a Content-Range's
	const range = text.slice(6, stop).trim(), dash = range.indexOf("-");
	const first = decimal(range, 0, dash), last = decimal(range, dash + 1, range.length); // -1 without "-"
	const total = text.slice(stop + 1), length = decimal(total);
	if (!isHeader(text.slice(0, 5), "bytes") || first < 0 || last < 0 ||
		(content ? (separator !== 32 && separator !== 9) || (length < 0 && total !== "*") : separator !== 61 || range !== text.slice(6))) return undefined;
	return content ? [first, last, length] : [first, last];
}

/**
 * Whether a response is exactly bytes [start, start + length): status 206 and a Content-Range of
 * "bytes <start>-<start + length - 1>/<total or *>". The header value as the parser gives it.
 */
export function rangeMatches(status: number, contentRange: string | undefined, start: number, length: number): boolean {
	const range = status === 206 && contentRange !== undefined ? byteRange(contentRange, true) : undefined;
	return range !== undefined && range[0] === start && range[1] === start + length - 1;
}
