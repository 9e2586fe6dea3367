// Framing a streamed request body in chunked coding, written into the caller's packet buffer.
import { test } from "../harness.js";
import { equal, throws } from "../assert.js";
import { chunkFraming, writeChunk, writeLastChunk } from "../../modules/http/outgoing.js";
import { feed, text, wire } from "./feed.js";

test("one chunk and the last chunk, written in place", () => {
	const out = new Uint8Array(32).fill(0x2e);
	const data = wire("xxHello, world!xx");
	let at = writeChunk(out, 1, data, 2, 15);
	equal(at, 1 + 1 + 2 + 13 + 2);
	at = writeLastChunk(out, at);
	equal(text(out.subarray(0, at + 1)), ".d\r\nHello, world!\r\n0\r\n\r\n.");
});

test("sizes in lowercase hex, the framing counted exactly", () => {
	for (const [size, hex] of [[1, "1"], [15, "f"], [16, "10"], [255, "ff"], [2038, "7f6"], [4096, "1000"]] as const) {
		const out = new Uint8Array(size + 16);
		const at = writeChunk(out, 0, new Uint8Array(size), 0, size);
		equal(text(out.subarray(0, hex.length + 2)), hex + "\r\n");
		equal(at, size + chunkFraming(size));
		equal(chunkFraming(size), hex.length + 4);
	}
});

test("what the writer frames, the response parser reads back", () => {
	const out = new Uint8Array(256);
	let at = 0;
	for (const c of "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") out[at++] = c.charCodeAt(0);
	const data = wire("abcdefghijklmnopqrstuvwxyz");
	at = writeChunk(out, at, data, 0, 20);
	at = writeChunk(out, at, data, 20, 26);
	at = writeLastChunk(out, at);
	equal(text(feed(out.subarray(0, at), 3).body), "abcdefghijklmnopqrstuvwxyz");
});

test("an empty chunk, or one that does not fit, is a RangeError", () => {
	throws(() => writeChunk(new Uint8Array(16), 0, new Uint8Array(4), 2, 2), RangeError, (e) => e.message.includes("writeLastChunk"));
	throws(() => writeChunk(new Uint8Array(8), 0, new Uint8Array(4), 0, 4), RangeError);
	equal(writeChunk(new Uint8Array(9), 0, new Uint8Array(4), 0, 4), 9);
	throws(() => writeLastChunk(new Uint8Array(4), 0), RangeError);
});
