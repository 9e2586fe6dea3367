// Numbers in header text, read one way (syntax.ts): decimal() for every decimal number in a string (a
// request's content-length, a range, a URL's port), hexDigit() for hex; byteRange() for the two range
// syntaxes on top of them; isChunked() for the one Transfer-Encoding that frames a body.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { byteRange, decimal, hexDigit, isChunked } from "../../modules/http/syntax.js";

test("decimal: 1 to 15 digits and nothing else, else -1; a span of the text", () => {
	for (const [text, value] of [["0", 0], ["007", 7], ["123456789012345", 123456789012345]] as const) equal(decimal(text), value, text);
	for (const text of ["", "1234567890123456", "12a", "-1", "+5", " 5", "5 ", "1.5", "0x10", "٣"]) equal(decimal(text), -1, text);
	equal(decimal("bytes=10-19", 6, 8), 10);
	equal(decimal("bytes=10-19", 9, 11), 19);
	equal(decimal("x", 0, -1), -1);
});

test("hexDigit: 0-9, a-f in either case, else -1", () => {
	deepEqual([..."09afAF"].map((c) => hexDigit(c.charCodeAt(0))), [0, 9, 10, 15, 10, 15]);
	for (const c of ["g", "G", "/", ":", "@", "`", "\u0010", " "]) equal(hexDigit(c.charCodeAt(0)), -1, c);
});

test("isChunked: the last coding, without case or spaces", () => {
	for (const value of ["chunked", " Chunked ", "gzip, chunked", "gzip,\tCHUNKED"]) equal(isChunked(value), true, value);
	for (const value of ["chunked, gzip", "gzip", "", "chunkedx", "x-chunked"]) equal(isChunked(value), false, value);
});

test("byteRange: a Range bytes=a-b and a Content-Range bytes a-b/n or a-b/*", () => {
	deepEqual(byteRange(" bytes=5-10\t", false), [5, 10]);
	deepEqual(byteRange("BYTES=0-0", false), [0, 0]);
	deepEqual(byteRange("bytes 5-10/1256", true), [5, 10, 1256]);
	deepEqual(byteRange("bytes\t0-0/*", true), [0, 0, -1]);
	for (const value of ["bytes=5-", "bytes=-5", "bytes=0-5,7-9", "bytes 5-10", "bytes=5-10/20", "items=1-2", "bytes = 1-2"]) equal(byteRange(value, false), undefined, value);
	for (const value of ["bytes */1256", "bytes 5-10", "bytes 5-10/", "bytes 5-10/12x", "bytes=5-10/12", "bytes5-10/12", "bytes 5-10/**"]) equal(byteRange(value, true), undefined, value);
});
