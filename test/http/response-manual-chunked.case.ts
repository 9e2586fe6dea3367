// Chapter 3.2.2 of the application note: the HTTPS POST answer with no Content-Length, a chunked
// JSON body of 0x3d bytes, read whole (+QHTTPREAD: 354,0).
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { feed, SPLITS, text } from "./feed.js";
import { TOKEN, TOKEN_JSON, TOKEN_LOG } from "./manual.js";

test("the chunked answer is the 354 bytes the manual read", () => {
	equal(TOKEN.length, 354);
});

for (const split of SPLITS) {
	test(`chunked JSON response fed ${split} byte(s) at a time: the body has no chunk framing`, () => {
		const run = feed(TOKEN, split);
		deepEqual(run.log, TOKEN_LOG);
		equal(text(run.body), TOKEN_JSON);
	});
}
