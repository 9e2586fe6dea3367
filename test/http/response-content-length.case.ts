// Content-Length: the body ends after exactly that many bytes; short, long, lying, malformed and
// conflicting lengths are errors with codes.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { ERR_HTTP_CONTENT_LENGTH, ERR_HTTP_EXTRA_DATA, ERR_HTTP_INCOMPLETE } from "../../modules/http/codes.js";
import { feed, SPLITS, text, wire } from "./feed.js";

const HEAD = "HTTP/1.1 200 OK\r\n";

for (const split of SPLITS) {
	test(`a body shorter than its Content-Length is 911 at finish() (split ${split})`, () => {
		const run = feed(wire(HEAD + "Content-Length: 10\r\n\r\nabc"), split);
		deepEqual(run.log, ["status 200 \"OK\"", "header content-length: 10", "body 3 bytes", "error 911"]);
		equal(run.parser.error!.code, ERR_HTTP_INCOMPLETE);
		ok(run.parser.error!.message.includes("7 byte(s) short of Content-Length 10"), run.parser.error!.message);
	});

	test(`a body longer than its Content-Length: the length is delivered, then 916 (split ${split})`, () => {
		const run = feed(wire(HEAD + "Content-Length: 3\r\n\r\nabcdef"), split);
		deepEqual(run.log, ["status 200 \"OK\"", "header content-length: 3", "body 3 bytes", "complete", "error 916"]);
		equal(text(run.body), "abc");
	});
}

test("Content-Length: 0 completes at the end of the head, without finish()", () => {
	deepEqual(feed(wire(HEAD + "Content-Length: 0\r\n\r\n"), 1, { finish: false }).log,
		["status 200 \"OK\"", "header content-length: 0", "complete"]);
});

test("a Content-Length of 0 followed by a body is lying: 916", () => {
	deepEqual(feed(wire(HEAD + "Content-Length: 0\r\n\r\nsurprise"), 3).log,
		["status 200 \"OK\"", "header content-length: 0", "complete", "error 916"]);
});

test("a complete body needs no finish(), and finish() after it is 0", () => {
	const run = feed(wire(HEAD + "Content-Length: 2\r\n\r\nhi"), 1, { finish: false });
	equal(run.parser.complete, true);
	equal(run.parser.finish(), 0);
});

test("without Content-Length or Transfer-Encoding the body runs until finish()", () => {
	const run = feed(wire(HEAD + "Server: x\r\n\r\nuntil the end"), 2, { finish: false });
	deepEqual(run.log, ["status 200 \"OK\"", "header server: x", "body 13 bytes"]);
	equal(run.parser.finish(), 0);
	equal(run.log[run.log.length - 1], "complete");
});

for (const bad of ["12a", "-1", "+5", "", "1 2", "0x10", "5,", "99999999999999999999"]) {
	test(`Content-Length ${JSON.stringify(bad)} is 914`, () => {
		const run = feed(wire(HEAD + "Content-Length: " + bad + "\r\n\r\n"), 1);
		deepEqual(run.log, ["error 914"]);
		equal(run.parser.error!.code, ERR_HTTP_CONTENT_LENGTH);
	});
}

test("two different Content-Lengths are 914, in one header or two", () => {
	deepEqual(feed(wire(HEAD + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n"), 1).log, ["error 914"]);
	deepEqual(feed(wire(HEAD + "Content-Length: 5, 6\r\n\r\n"), 1).log, ["error 914"]);
});

test("equal Content-Lengths repeated are one length", () => {
	const run = feed(wire(HEAD + "Content-Length: 2\r\ncontent-length: 2, 2\r\n\r\nok"), 1);
	deepEqual(run.log, ["status 200 \"OK\"", "header content-length: 2, 2, 2", "body 2 bytes", "complete"]);
});

test("Transfer-Encoding: chunked wins over Content-Length", () => {
	const run = feed(wire(HEAD + "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"), 1);
	equal(run.log[run.log.length - 1], "complete");
	equal(text(run.body), "ok");
});

test("a Transfer-Encoding that does not end in chunked reads until finish()", () => {
	const run = feed(wire(HEAD + "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\nok"), 1);
	equal(text(run.body), "2\r\nok");
	equal(run.log[run.log.length - 1], "complete");
});

test("after an error the parser stays failed and keeps answering the code", () => {
	const run = feed(wire(HEAD + "Content-Length: x\r\n\r\n"), 1);
	equal(run.parser.execute(wire("more"), 0, 4), ERR_HTTP_CONTENT_LENGTH);
	equal(run.parser.finish(), ERR_HTTP_CONTENT_LENGTH);
});
