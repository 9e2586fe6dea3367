// Malformed chunked framing is 912; a body that stops inside a chunk is 911.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { feed, wire } from "./feed.js";
import golden from "./response-chunk-errors.golden.js";
import { bytes } from "../support/goldens.js";

const HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
const LOG = ["status 200 \"OK\"", "header transfer-encoding: chunked"];

// response-chunk-errors.golden.json: each malformed body (after HEAD), the events the parser reports
// after the head at every split, and the detail its 912 names.
interface Golden {
	name: string;
	body: string;
	events: string[];
	detail: string;
}

for (const { name, body, events, detail } of golden as Golden[]) {
	test(`${name} is 912`, () => {
		for (const split of [1, 2, 7, 128]) {
			const run = feed(wire(HEAD + bytes(body)), split);
			deepEqual(run.log, [...LOG, ...events], `${name}, split ${split}`);
			equal(run.log[run.log.length - 1], "error 912", name);
			equal(run.parser.error!.message, `response: malformed chunked encoding (912): ${detail}`);
		}
	});
}

test("input that ends inside a chunk is 911 at finish()", () => {
	deepEqual(feed(wire(HEAD + "10\r\nonly part"), 1).log, [...LOG, "body 9 bytes", "error 911"]);
	deepEqual(feed(wire(HEAD + "2\r\nab\r\n"), 1).log, [...LOG, "body 2 bytes", "error 911"]);
	deepEqual(feed(wire(HEAD + "0\r\nTrailer: x\r\n"), 1).log, [...LOG, "error 911"]);
});
