// SHA-256 (FIPS 180-4) in plain JavaScript, streaming, shaped like Moddable's `Digest` from `crypt`
// (`new SHA256("SHA256")`, `write(bytes)`, `close()` → a 32-byte ArrayBuffer), for hosts without
// `crypt` (the desktop host, the tests in Node and xsnap). Every buffer is allocated once per instance;
// `write` allocates nothing and hashes whole blocks straight from the caller's bytes, copying only the
// tail of a write that does not end on a 64-byte block.

import { toBytes } from "./utf8.js";

/** What the update needs of a digest: Moddable's `Digest` from `crypt` has this shape. */
export interface Digest {
	/** The update writes Uint8Arrays only; crypt's Digest and SHA256 take any buffer. */
	write(data: Uint8Array): void;
	/** The digest; the instance is spent afterwards. */
	close(): ArrayBuffer;
}

/** A digest class, constructed with the algorithm's name ("SHA256"), like `crypt`'s `Digest`. */
export type DigestClass = new (type: string) => Digest;

// The round constants, as a string of hex: a module-level typed array would be frozen into ROM on a
// device; each instance decodes its own copy once.
const K_HEX =
	"428a2f9871374491b5c0fbcfe9b5dba53956c25b59f111f1923f82a4ab1c5ed5d807aa9812835b01243185be550c7dc3" +
	"72be5d7480deb1fe9bdc06a7c19bf174e49b69c1efbe47860fc19dc6240ca1cc2de92c6f4a7484aa5cb0a9dc76f988da" +
	"983e5152a831c66db00327c8bf597fc7c6e00bf3d5a7914706ca63511429296727b70a852e1b21384d2c6dfc53380d13" +
	"650a7354766a0abb81c2c92e92722c85a2bfe8a1a81a664bc24b8b70c76c51a3d192e819d6990624f40e3585106aa070" +
	"19a4c1161e376c082748774c34b0bcb5391c0cb34ed8aa4a5b9cca4f682e6ff3748f82ee78a5636f84c878148cc70208" +
	"90befffaa4506cebbef9a3f7c67178f2";
const H0_HEX = "6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19";

function words(hex: string, into: Int32Array): Int32Array {
	for (let i = 0; i < into.length; i++) into[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) | 0;
	return into;
}

export class SHA256 implements Digest {
	#h = new Int32Array(8);
	#k = new Int32Array(64);
	#w = new Int32Array(64);
	#tail = new Uint8Array(64); // a block not yet whole
	#tailLength = 0;
	#length = 0; // bytes written
	#closed = false;

	constructor(type = "SHA256") {
		if (type !== "SHA256") throw new RangeError(`SHA256: unsupported digest "${type}" (only "SHA256")`);
		words(K_HEX, this.#k);
		words(H0_HEX, this.#h);
	}

	write(data: ArrayBuffer | ArrayBufferView): void {
		if (this.#closed) throw new Error("SHA256: write after close");
		const bytes = toBytes(data);
		const n = bytes.length;
		this.#length += n;
		let at = 0;
		const tail = this.#tail;
		if (this.#tailLength) {
			const take = Math.min(64 - this.#tailLength, n);
			for (let i = 0; i < take; i++) tail[this.#tailLength + i] = bytes[at + i]!;
			this.#tailLength += take;
			at += take;
			if (this.#tailLength < 64) return;
			this.#block(tail, 0);
			this.#tailLength = 0;
		}
		for (; at + 64 <= n; at += 64) this.#block(bytes, at);
		for (let i = at; i < n; i++) tail[i - at] = bytes[i]!;
		this.#tailLength = n - at;
	}

	close(): ArrayBuffer {
		if (this.#closed) throw new Error("SHA256: close twice");
		const tail = this.#tail;
		const bits = this.#length * 8;
		let at = this.#tailLength;
		tail[at++] = 0x80;
		if (at > 56) {
			tail.fill(0, at);
			this.#block(tail, 0);
			at = 0;
		}
		tail.fill(0, at, 56);
		const high = Math.floor(bits / 0x100000000);
		for (let i = 0, shift = 24; i < 4; i++, shift -= 8) { // the bit count, big-endian
			tail[56 + i] = high >>> shift;
			tail[60 + i] = bits >>> shift;
		}
		this.#block(tail, 0);
		this.#closed = true;
		const out = new Uint8Array(32);
		for (let i = 0; i < 32; i++) out[i] = this.#h[i >> 2]! >>> (24 - 8 * (i & 3));
		return out.buffer;
	}

	#block(p: Uint8Array, at: number): void {
		const w = this.#w;
		const k = this.#k;
		const h = this.#h;
		for (let i = 0; i < 16; i++, at += 4) w[i] = (p[at]! << 24) | (p[at + 1]! << 16) | (p[at + 2]! << 8) | p[at + 3]!;
		for (let i = 16; i < 64; i++) {
			const x = w[i - 15]!;
			const y = w[i - 2]!;
			w[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
				+ (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[i - 16]! + w[i - 7]!;
		}
		let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
		for (let i = 0; i < 64; i++) {
			const t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
			const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
			hh = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h[0] = h[0]! + a;
		h[1] = h[1]! + b;
		h[2] = h[2]! + c;
		h[3] = h[3]! + d;
		h[4] = h[4]! + e;
		h[5] = h[5]! + f;
		h[6] = h[6]! + g;
		h[7] = h[7]! + hh;
	}
}

/** Lowercase hex of a digest (or any bytes). */
export function toHex(digest: ArrayBuffer | Uint8Array): string {
	const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
	let hex = "";
	for (let i = 0; i < bytes.length; i++) hex += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16);
	return hex;
}
