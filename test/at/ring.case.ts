// The byte ring: fixed capacity, reports what it took, reads from an io with or without read(buffer).
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { ByteRing } from "../../modules/at/ring.js";
import { ascii, MockSerial } from "../support/mock-serial.js";

test("write takes what fits and never grows", () => {
	const ring = new ByteRing(16, 4);
	const data = ascii("0123456789abcdefghij");
	equal(ring.write(data, 0, 20), 16);
	equal(ring.length, 16);
	equal(ring.bytes.length, 20);
	ring.consume(10);
	equal(ring.write(data, 16, 20), 4); // compacts to make room
	equal(ring.head, 0);
	const out = new Uint8Array(10);
	equal(ring.copyOut(ring.head, ring.tail, out, 0), 10);
	equal(String.fromCharCode(...out), "abcdefghij");
});

test("fill reads into the buffer it is given, a chunk at a time", () => {
	const mock = new MockSerial({ readLimit: 1000 });
	const port = new mock.io({});
	mock.put("0123456789");
	const ring = new ByteRing(32, 8);
	equal(ring.fill(port), 8);
	equal(ring.fill(port), 2);
	equal(ring.fill(port), 0);
	equal(ring.length, 10);
});

test("fill falls back to read() where read(buffer) is not supported (Moddable's Linux serial)", () => {
	const mock = new MockSerial({ readLimit: 1000, readIntoBuffer: false });
	const port = new mock.io({});
	mock.put("hello world");
	const ring = new ByteRing(32, 8);
	ok(ring.fill(port) > 0);
	while (ring.fill(port));
	equal(ring.length, 11);
	equal(String.fromCharCode(...ring.bytes.subarray(ring.head, ring.tail)), "hello world");
});

test("fill takes nothing while the ring is full", () => {
	const mock = new MockSerial();
	const port = new mock.io({});
	mock.put("x".repeat(40));
	const ring = new ByteRing(16, 8);
	while (ring.fill(port));
	ok(ring.full);
	equal(ring.fill(port), 0);
	equal(mock.pending, 40 - ring.length);
});

test("a ring smaller than its chunk is refused", () => {
	throws(() => new ByteRing(8, 8), RangeError);
});
