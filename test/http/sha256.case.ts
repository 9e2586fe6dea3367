// The portable SHA-256 against the published vectors (FIPS 180-2, appendix B: "abc", the 448-bit
// message, one million "a"; and the empty message), whole and split at every awkward place, in both
// engines; and how it refuses misuse.
import { test } from "../harness.js";
import { equal, throws } from "../assert.js";
import { SHA256, toHex } from "../../modules/http/sha256.js";

const ascii = (text: string) => {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
};

function digestOf(data: Uint8Array, split: number): string {
	const digest = new SHA256("SHA256");
	for (let at = 0; at < data.length; at += split) digest.write(data.subarray(at, Math.min(data.length, at + split)));
	return toHex(digest.close());
}

const VECTORS: [name: string, data: () => Uint8Array, hex: string][] = [
	["the empty message", () => new Uint8Array(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
	["\"abc\" (FIPS 180-2 B.1)", () => ascii("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
	["the 448-bit message (FIPS 180-2 B.2)", () => ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
	["one million \"a\" (FIPS 180-2 B.3)", () => new Uint8Array(1000000).fill(0x61), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"],
	// 55, 56 and 64 bytes: the padding fits in the block, just does not, and takes a block of its own
	["55 bytes", () => new Uint8Array(55).fill(0x61), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"],
	["56 bytes", () => new Uint8Array(56).fill(0x61), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"],
	["64 bytes", () => new Uint8Array(64).fill(0x61), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"],
];

for (const [name, data, hex] of VECTORS) {
	test(`SHA-256 of ${name}`, () => {
		const bytes = data();
		equal(digestOf(bytes, bytes.length || 1), hex, "in one write");
		for (const split of [1, 3, 63, 64, 65, 1024]) {
			if (bytes.length > 100000 && split < 1024) continue; // one million bytes a byte at a time: slow in XS, and no new case
			equal(digestOf(bytes, split), hex, `in writes of ${split}`);
		}
	});
}

test("SHA-256 takes ArrayBuffers and DataViews as well as Uint8Arrays", () => {
	const bytes = ascii("abc");
	const viaBuffer = new SHA256();
	viaBuffer.write(bytes.slice().buffer);
	equal(toHex(viaBuffer.close()), VECTORS[1]![2]);
	const padded = new Uint8Array(8);
	padded.set(bytes, 2);
	const viaView = new SHA256();
	viaView.write(new DataView(padded.buffer, 2, 3));
	equal(toHex(viaView.close()), VECTORS[1]![2]);
});

test("SHA-256 refuses another algorithm, and writes or a close after close", () => {
	throws(() => new SHA256("SHA1"), RangeError);
	const digest = new SHA256();
	digest.close();
	throws(() => digest.write(new Uint8Array(1)), Error);
	throws(() => digest.close(), Error);
});

test("SHA-256 refuses what is not a buffer (a number is not a count of zero bytes)", () => {
	throws(() => new SHA256().write(5 as never), TypeError);
});
