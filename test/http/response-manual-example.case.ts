// Chapter 3.2.1 of the application note: the example.com page over HTTPS, Content-Length 1256,
// read with AT+QHTTPREAD=1024 then AT+QHTTPREAD=583.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { ResponseParser } from "../../modules/http/response.js";
import { feed, SPLITS, text } from "./feed.js";
import { EXAMPLE, EXAMPLE_BODY } from "./manual.js";

const GOLDEN = [
	"status 200 \"OK\"",
	"header accept-ranges: bytes",
	"header age: 557023",
	"header cache-control: max-age=604800",
	"header content-type: text/html; charset=UTF-8",
	"header date: Wed, 06 May 2020 14:04:53 GMT",
	"header etag: \"3147526947\"",
	"header expires: Wed, 13 May 2020 14:04:53 GMT",
	"header last-modified: Thu, 17 Oct 2019 07:18:26 GMT",
	"header server: ECS (sjc/4E73)",
	"header vary: Accept-Encoding",
	"header x-cache: HIT",
	"header content-length: 1256",
	"body 1256 bytes",
	"complete",
];

for (const split of SPLITS) {
	test(`example.com response fed ${split} byte(s) at a time`, () => {
		const run = feed(EXAMPLE, split);
		deepEqual(run.log, GOLDEN);
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
