// UTF-8 byte counts and encoding without TextEncoder: the module counts bytes (URL ≤ 256, POST
// packets ≤ 2048) while string.length counts UTF-16 units. A lone surrogate counts and encodes as
// U+FFFD (3 bytes), as TextEncoder does.

export function utf8Length(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (isPair(text, i)) {
			n += 4;
			i++;
		} else n += 3;
	}
	return n;
}

/** Writes text as UTF-8 into out at `at`; returns the offset after it. out must have room (utf8Length). */
export function writeUtf8(text: string, out: Uint8Array, at: number): number {
	for (let i = 0; i < text.length; i++) {
		let c = text.charCodeAt(i);
		if (c < 0x80) out[at++] = c;
		else if (c < 0x800) {
			out[at++] = 0xc0 | (c >> 6);
			out[at++] = 0x80 | (c & 0x3f);
		} else if (isPair(text, i)) {
			c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
			out[at++] = 0xf0 | (c >> 18);
			out[at++] = 0x80 | ((c >> 12) & 0x3f);
			out[at++] = 0x80 | ((c >> 6) & 0x3f);
			out[at++] = 0x80 | (c & 0x3f);
		} else {
			if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
			out[at++] = 0xe0 | (c >> 12);
			out[at++] = 0x80 | ((c >> 6) & 0x3f);
			out[at++] = 0x80 | (c & 0x3f);
		}
	}
	return at;
}

function isPair(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}
