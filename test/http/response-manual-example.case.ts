// Chapter 3.2.1 of the application note: the example.com page over HTTPS, Content-Length 1256,
// read with AT+QHTTPREAD=1024 then AT+QHTTPREAD=583.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { ResponseParser } from "../../modules/http/response.js";
import { feed, SPLITS, text } from "./feed.js";
import { EXAMPLE, EXAMPLE_BODY, EXAMPLE_LOG } from "./manual.js";

for (const split of SPLITS) {
	test(`example.com response fed ${split} byte(s) at a time`, () => {
		const run = feed(EXAMPLE, split);
		deepEqual(run.log, EXAMPLE_LOG);
		equal(text(run.body), EXAMPLE_BODY);
	});
}

test("the two reads of the manual: 1024 bytes (ending in \"box-shado\") then 583", () => {
	equal(EXAMPLE.length, 1024 + 583);
	let body = "";
	let completed = false;
	const parser = new ResponseParser({
		onBody(bytes, start, end) { body += text(bytes.subarray(start, end)); },
		onComplete() { completed = true; },
	});
	equal(parser.execute(EXAMPLE.subarray(0, 1024), 0, 1024), 0);
	ok(body.endsWith("box-shado"));
	equal(completed, false);
	equal(parser.execute(EXAMPLE, 1024, EXAMPLE.length), 0);
	equal(completed, true);
	equal(parser.finish(), 0);
	equal(body, EXAMPLE_BODY);
});
