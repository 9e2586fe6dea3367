// The answer to AT+QHTTPGETEX must be the range asked for: 206 with a matching Content-Range.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { rangeMatches } from "../../modules/http/range.js";

test("206 with the asked range matches, total known or not", () => {
	equal(rangeMatches(206, "bytes 5-10/1256", 5, 6), true);
	equal(rangeMatches(206, "bytes 0-0/*", 0, 1), true);
	equal(rangeMatches(206, "Bytes 100-199/200", 100, 100), true);
});

test("200 (no range support) or another range does not match", () => {
	equal(rangeMatches(200, undefined, 0, 1256), false);
	equal(rangeMatches(200, "bytes 0-1255/1256", 0, 1256), false);
	equal(rangeMatches(206, undefined, 5, 6), false);
	equal(rangeMatches(206, "bytes 5-9/1256", 5, 6), false);
	equal(rangeMatches(206, "bytes 4-9/1256", 5, 6), false);
	equal(rangeMatches(206, "bytes */1256", 5, 6), false);
	equal(rangeMatches(206, "items 5-10/1256", 5, 6), false);
});
