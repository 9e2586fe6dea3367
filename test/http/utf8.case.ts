// decodeUtf8/encodeUtf8: a Moddable device has TextDecoder/TextEncoder only as modules, which is why
// the library carries its own.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { decodeUtf8, encodeUtf8 } from "../../modules/http/utf8.js";
import { bytes, type Bytes } from "../support/goldens.js";
import { wire } from "./feed.js";
import golden from "./utf8.golden.js";

// utf8.golden.json: bytes and the text the WHATWG decoder makes of them (as Node's TextDecoder does;
// XS's own TextDecoder and TextEncoder differ on invalid input, so the expectations are written out).
const samples = (golden as { decode: { why?: string; bytes: Bytes; text: string }[] }).decode;

test("decodeUtf8 decodes as the WHATWG decoder, valid and invalid", () => {
	for (const sample of samples) {
		const input = bytes(sample.bytes);
		equal(escape(decodeUtf8(wire(input))), escape(sample.text), `${sample.why ? sample.why + ": " : ""}bytes ${escape(input)}`);
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
