// The whole head (status line, headers, CRLFs) is bounded by maxHeaderBytes: past it, 913, and no
// memory grows.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { ERR_HTTP_HEAD_TOO_LARGE } from "../../modules/http/codes.js";
import { ResponseParser } from "../../modules/http/response.js";
import { feed, wire } from "./feed.js";

// 17 + 17 + 2 = 36 bytes of head.
const HEAD = "HTTP/1.1 200 OK\r\nX-Pad: 12345678\r\n\r\n";

test("a head of exactly maxHeaderBytes is accepted", () => {
	equal(HEAD.length, 36);
	deepEqual(feed(wire(HEAD), 1, { maxHeaderBytes: 36 }).log, ["status 200 \"OK\"", "header x-pad: 12345678", "complete"]);
});

test("one byte more is 913", () => {
	const run = feed(wire(HEAD), 1, { maxHeaderBytes: 35 });
	deepEqual(run.log, ["error 913"]);
	ok(run.parser.error!.message.includes("exceeds 35 bytes"), run.parser.error!.message);
});

test("a status line longer than the limit is 913", () => {
	deepEqual(feed(wire("HTTP/1.1 200 " + "x".repeat(100) + "\r\n\r\n"), 7, { maxHeaderBytes: 64 }).log, ["error 913"]);
});

test("an endless stream of headers stops at the default limit of 4096 bytes", () => {
	const parser = new ResponseParser();
	const line = wire("X-Again: and again and again\r\n");
	let code = parser.execute(wire("HTTP/1.1 200 OK\r\n"), 0, 17);
	let fed = 17;
	while (code === 0 && fed < 10000) {
		code = parser.execute(line, 0, line.length);
		fed += line.length;
	}
	equal(code, ERR_HTTP_HEAD_TOO_LARGE);
	ok(fed > 4096 && fed < 4096 + line.length + 1, `stopped after ${fed} bytes`);
});

test("after a 1xx head the final head has its own budget", () => {
	const run = feed(wire("HTTP/1.1 100 Continue\r\n\r\n" + HEAD), 1, { maxHeaderBytes: 36, finish: false });
	deepEqual(run.log, ["status 200 \"OK\"", "header x-pad: 12345678"]);
});
