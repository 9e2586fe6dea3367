// Chunked bodies: extensions and trailers are skipped, hex sizes in either case, and the spans
// given to onBody hold only the data.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { feed, SPLITS, text, wire } from "./feed.js";

const HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
const LOG = ["status 200 \"OK\"", "header transfer-encoding: chunked"];

for (const split of SPLITS) {
	test(`extensions, trailers and upper-case hex (split ${split})`, () => {
		const run = feed(wire(HEAD +
			"5;name=value\r\nhello\r\n" +
			"1 ; quoted=\"a;b\"\r\n,\r\n" +
			"A\r\n0123456789\r\n" +
			"000\r\n" +
			"Expires: never\r\nX-Checksum: 1234\r\n\r\n"), split);
		deepEqual(run.log, [...LOG, "body 16 bytes", "complete"]);
		equal(text(run.body), "hello,0123456789");
	});
}

test("bare LF ends the framing lines as CRLF does", () => {
	const run = feed(wire("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"), 1);
	deepEqual(run.log, [...LOG, "body 3 bytes", "complete"]);
	equal(text(run.body), "abc");
});

test("a chunked body completes without finish() and needs no trailer", () => {
	const run = feed(wire(HEAD + "2\r\nhi\r\n0\r\n\r\n"), 7, { finish: false });
	equal(run.parser.complete, true);
});

test("transfer-coding names compare without case", () => {
	const run = feed(wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked \r\n\r\n1\r\nz\r\n0\r\n\r\n"), 1);
	equal(text(run.body), "z");
	equal(run.log[run.log.length - 1], "complete");
});
