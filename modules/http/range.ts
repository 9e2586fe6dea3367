// Checks the answer to a ranged GET (AT+QHTTPGETEX): a server without range support answers 200
// with the whole resource, which must not be taken for the slice (ERR_RANGE_MISMATCH, 920).

/**
 * Whether a response is exactly bytes [start, start + length): status 206 and a Content-Range of
 * "bytes <start>-<start + length - 1>/<total or *>". The header value as the parser gives it.
 */
export function rangeMatches(status: number, contentRange: string | undefined, start: number, length: number): boolean {
	if (status !== 206 || contentRange === undefined) return false;
	const match = /^\s*bytes\s+(\d{1,15})-(\d{1,15})\/(\d{1,15}|\*)\s*$/i.exec(contentRange);
	return match !== null && Number(match[1]) === start && Number(match[2]) === start + length - 1;
}
