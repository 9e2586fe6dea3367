// Malformed chunked framing is 912; a body that stops inside a chunk is 911.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { feed, wire } from "./feed.js";

const HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
const LOG = ["status 200 \"OK\"", "header transfer-encoding: chunked"];

const CASES: [string, string][] = [
	["a size that is not hex", "xyz\r\n"],
	["an empty size line", "\r\n"],
	["a size with a sign", "-5\r\n"],
	["whitespace before the size", " 5\r\nhello\r\n0\r\n\r\n"],
	["a size that overflows 2^53", "fffffffffffffffff\r\n"],
	["a byte that ends neither size nor line", "5x\r\n"],
	["CR without LF after the size", "5\rhello"],
	["data longer than its size", "2\r\nabc\r\n"],
	["CR without LF after the data", "2\r\nab\rX"],
	["CR without LF at the end of the body", "0\r\n\rX"],
];

for (const [name, body] of CASES) {
	test(`${name} is 912`, () => {
		for (const split of [1, 128]) {
			const run = feed(wire(HEAD + body), split);
			equal(run.log[run.log.length - 1], "error 912", name);
			ok(run.parser.error!.message.startsWith("response: malformed chunked encoding (912): "), run.parser.error!.message);
		}
	});
}

test("input that ends inside a chunk is 911 at finish()", () => {
	deepEqual(feed(wire(HEAD + "10\r\nonly part"), 1).log, [...LOG, "body 9 bytes", "error 911"]);
	deepEqual(feed(wire(HEAD + "2\r\nab\r\n"), 1).log, [...LOG, "body 2 bytes", "error 911"]);
	deepEqual(feed(wire(HEAD + "0\r\nTrailer: x\r\n"), 1).log, [...LOG, "error 911"]);
});
