// Chunked transfer coding for a request body of unknown length, written into the caller's buffer
// (the AT+QHTTPPOST packet, at most 2048 bytes): "<hex size>\r\n<data>\r\n", and "0\r\n\r\n" last.

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
