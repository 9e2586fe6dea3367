// Byte ranges: the one a ranged GET asks for (Range: bytes=a-b) and the one its answer must carry
// (Content-Range: bytes a-b/n): a server without range support answers 200 with the whole resource, which
// must not be taken for the slice (ERR_RANGE_MISMATCH, 920).
import { decimal, isHeader } from "./token.js";

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
