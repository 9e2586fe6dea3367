// decodeUtf8/encodeUtf8: a Moddable device has TextDecoder/TextEncoder only as modules, which is why
// the library carries its own.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { decodeUtf8, encodeUtf8 } from "../../modules/http/utf8.js";

// Bytes and the text the WHATWG decoder makes of them (as Node's TextDecoder does; XS's own
// TextDecoder and TextEncoder differ on invalid input, so the expectations are written out).
const samples: [number[], string][] = [
	[[0x68, 0x69], "hi"],
	[[0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], "\u00e9\u20ac\ud83d\ude00"],
	[[0xc0, 0xaf], "\ufffd\ufffd"], // overlong
	[[0xe0, 0x80, 0xaf], "\ufffd\ufffd\ufffd"], // overlong, three bytes
	[[0xed, 0xa0, 0x80], "\ufffd\ufffd\ufffd"], // a surrogate
	[[0xf4, 0x90, 0x80, 0x80], "\ufffd\ufffd\ufffd\ufffd"], // past U+10FFFF
	[[0xf5, 0x41, 0xff, 0xfe], "\ufffdA\ufffd\ufffd"], // never valid
	[[0xe2, 0x82], "\ufffd"], // truncated at the end
	[[0xe2, 0x41, 0x82, 0xac], "\ufffdA\ufffd\ufffd"], // a bad byte inside, read again
	[[0xf0, 0x9f, 0x98], "\ufffd"], // truncated four-byte
	[[0x80, 0xbf, 0x41], "\ufffd\ufffdA"], // lone continuations
];

test("decodeUtf8 decodes as the WHATWG decoder, valid and invalid", () => {
	for (const [sample, text] of samples) {
		equal(escape(decodeUtf8(Uint8Array.from(sample))), escape(text), `bytes ${sample.map((b) => b.toString(16)).join(" ")}`);
	}
});

test("decodeUtf8 of a long text and of a span", () => {
	const text = "température: 21.5 °C, ok ✓ 😀 ".repeat(400);
	const bytes = new TextEncoder().encode(`xx${text}yy`);
	equal(decodeUtf8(bytes, 2, bytes.length - 2), text);
});

test("encodeUtf8 encodes as TextEncoder, lone surrogates as U+FFFD", () => {
	for (const text of ["", "plain", "é€😀", "😀".repeat(300)]) {
		equal(Array.from(encodeUtf8(text)).join(","), Array.from(new TextEncoder().encode(text)).join(","), escape(text));
	}
	equal(Array.from(encodeUtf8("a\ud800b")).join(","), "97,239,191,189,98");
	equal(Array.from(encodeUtf8("\udc00")).join(","), "239,191,189");
});

function escape(text: string): string {
	let out = "";
	for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16) + " ";
	return out;
}
