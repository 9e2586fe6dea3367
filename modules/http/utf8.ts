// Text and bytes: UTF-8 byte counts and encoding without TextEncoder (the module counts bytes, a URL's
// and a packet's, while string.length counts UTF-16 units; a lone surrogate counts and encodes as U+FFFD,
// 3 bytes, as TextEncoder does), and a byte view of whatever buffer a caller gives.

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

const PART = 256; // code units per String.fromCharCode call (257 after a surrogate pair): a small stack on a device

/**
 * bytes[start, end) as text, the way TextDecoder does it (WHATWG "utf-8", replacement mode: each
 * maximal invalid sequence becomes one U+FFFD). Moddable has TextDecoder only as a module, and these
 * modules import none: the response's status line, headers and fetch's text() use this.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
	const parts: string[] = [];
	const units: number[] = [];
	let i = start;
	while (i < end) {
		if (units.length >= PART) {
			parts.push(String.fromCharCode.apply(null, units));
			units.length = 0;
		}
		const lead = bytes[i]!;
		if (lead < 0x80) {
			units.push(lead);
			i++;
			continue;
		}
		let need: number, point: number;
		let lower = 0x80, upper = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) (need = 1), (point = lead & 0x1f);
		else if (lead >= 0xe0 && lead <= 0xef) {
			need = 2;
			point = lead & 0x0f;
			if (lead === 0xe0) lower = 0xa0;
			else if (lead === 0xed) upper = 0x9f; // no surrogates
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			need = 3;
			point = lead & 0x07;
			if (lead === 0xf0) lower = 0x90;
			else if (lead === 0xf4) upper = 0x8f; // ≤ U+10FFFF
		} else {
			units.push(0xfffd);
			i++;
			continue;
		}
		let j = i + 1;
		for (; need > 0; need--, j++) {
			const next = j < end ? bytes[j]! : -1;
			if (next < lower || next > upper) break;
			point = (point << 6) | (next & 0x3f);
			lower = 0x80;
			upper = 0xbf;
		}
		i = j; // on a bad byte, what came before it is one U+FFFD and the bad byte is read again
		if (need > 0) units.push(0xfffd);
		else if (point > 0xffff) {
			point -= 0x10000;
			units.push(0xd800 + (point >> 10));
			units.push(0xdc00 + (point & 0x3ff));
		} else units.push(point);
	}
	if (units.length) parts.push(String.fromCharCode.apply(null, units));
	return parts.join("");
}

/** text as UTF-8 bytes (what TextEncoder.encode gives). */
export function encodeUtf8(text: string): Uint8Array {
	const out = new Uint8Array(utf8Length(text));
	writeUtf8(text, out, 0);
	return out;
}

/** A byte view of any buffer the caller gives (ArrayBuffer, Uint8Array, another view), without copying. */
export function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
	if (data instanceof Uint8Array) return data;
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	throw new TypeError("expected an ArrayBuffer or a view of one");
}
