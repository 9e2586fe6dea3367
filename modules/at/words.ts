// Bytes four at a read: XS reads a DataView word in about the time it reads one typed-array byte, and
// its indexOf takes each element through the generic property path. The tokenizer's LF search and its
// announcing-line prefix are done this way.

/** The top bit of each byte, as an int32: 0x80808080 itself is a double, which XS turns into an int32
 *  with fmod in every bitwise operation that meets it. */
export const TOP_BITS = 0x80808080 | 0;

/** The first LF at or after `from`. A sentinel LF at the data's end must stop it; a word read there
 *  reaches at most three bytes past it. */
export function lfFrom(view: DataView, from: number): number {
	let at = from;
	let word = view.getUint32(at);
	let v = word ^ 0x0a0a0a0a; // a byte of v is zero exactly where word holds an LF
	while (((v - 0x01010101) & ~v & TOP_BITS) === 0) {
		at += 4;
		word = view.getUint32(at);
		v = word ^ 0x0a0a0a0a;
	}
	if (word >>> 24 === 0x0a) return at;
	if (((word >>> 16) & 0xff) === 0x0a) return at + 1;
	return ((word >>> 8) & 0xff) === 0x0a ? at + 2 : at + 3;
}

/** `bytes` (four or more) as big-endian 32-bit words, the last one overlapping the one before. */
export function toWords(bytes: Uint8Array): number[] {
	const length = bytes.length;
	const words: number[] = [];
	for (let at = 0; at < length; at += 4) {
		const o = at + 4 > length ? length - 4 : at;
		words.push(((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0);
	}
	return words;
}

/** The four ASCII digits at `at` as a number, or -1 if one is not a digit or they pass `end`. Each byte
 *  minus '0' is at most 9, which adding 0x76 leaves below 0x80; a byte that is not a digit sets its top
 *  bit either way. */
export function fourDigits(view: DataView, at: number, end: number): number {
	if (at + 4 > end) return -1;
	const x = view.getUint32(at) ^ 0x30303030;
	if (((x | (x + 0x76767676)) & TOP_BITS) !== 0) return -1;
	return (x >>> 24) * 1000 + ((x >>> 16) & 0xff) * 100 + ((x >>> 8) & 0xff) * 10 + (x & 0xff);
}
