// A body of every byte value 0–255 passes through unchanged, by length and chunked, at any split.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { feed, SPLITS, wire } from "./feed.js";

const ALL = new Uint8Array(256);
for (let i = 0; i < 256; i++) ALL[i] = i;

function join(...parts: Uint8Array[]): Uint8Array {
	let n = 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	n = 0;
	for (const p of parts) {
		out.set(p, n);
		n += p.length;
	}
	return out;
}

for (const split of SPLITS) {
	test(`all 256 byte values by Content-Length (split ${split})`, () => {
		const run = feed(join(wire("HTTP/1.1 200 OK\r\nContent-Length: 256\r\n\r\n"), ALL), split);
		deepEqual(run.body, ALL);
		deepEqual(run.log.slice(-2), ["body 256 bytes", "complete"]);
	});

	test(`all 256 byte values in two chunks, CR and LF inside the data (split ${split})`, () => {
		const run = feed(join(wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n"), ALL.subarray(0, 128),
			wire("\r\n80\r\n"), ALL.subarray(128), wire("\r\n0\r\n\r\n")), split);
		deepEqual(run.body, ALL);
		deepEqual(run.log.slice(-2), ["body 256 bytes", "complete"]);
	});
}
