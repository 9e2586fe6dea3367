// Chapter 3.2.2 of the application note: the HTTPS POST answer with no Content-Length, a chunked
// JSON body of 0x3d bytes, read whole (+QHTTPREAD: 354,0).
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { feed, SPLITS, text } from "./feed.js";
import { TOKEN, TOKEN_JSON } from "./manual.js";

const GOLDEN = [
	"status 200 \"OK\"",
	"header server: nginx/1.16.1",
	"header date: Wed, 06 May 2020 14:40:44 GMT",
	"header content-type: application/json;charset=utf-8",
	"header transfer-encoding: chunked",
	"header connection: keep-alive",
	"header x-application-context: quechub-portal:8087",
	"header x-frame-options: SAMEORIGIN",
	"header x-content-type-options: nosniff",
	"body 61 bytes",
	"complete",
];

test("the chunked answer is the 354 bytes the manual read", () => {
	equal(TOKEN.length, 354);
});

for (const split of SPLITS) {
	test(`chunked JSON response fed ${split} byte(s) at a time: the body has no chunk framing`, () => {
		const run = feed(TOKEN, split);
		deepEqual(run.log, GOLDEN);
		equal(text(run.body), TOKEN_JSON);
	});
}
