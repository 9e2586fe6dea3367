// 1xx interim responses (100 Continue, 103 Early Hints) are skipped whole; the final one is reported.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { feed, SPLITS, wire } from "./feed.js";

for (const split of SPLITS) {
	test(`100 Continue before the answer is skipped (split ${split})`, () => {
		const run = feed(wire("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"), split);
		deepEqual(run.log, ["status 201 \"Created\"", "header content-length: 2", "body 2 bytes", "complete"]);
	});
}

test("several interim heads with headers: none of their headers is reported", () => {
	const run = feed(wire(
		"HTTP/1.1 102 Processing\r\nX-Interim: 1\r\n\r\n" +
		"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nContent-Length: 99\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 1);
	deepEqual(run.log, ["status 200 \"OK\"", "header content-length: 0", "complete"]);
});
