// Header lines as servers really send them: case, whitespace, folding, repeats, bare LF; and what
// is rejected (915): bad status lines, bad names, NUL, CR without LF. The wire and its log are
// response-header-syntax.golden.json; UTF-8 values are encoded here.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { writeUtf8 } from "../../modules/http/utf8.js";
import { feed, feedCases, wire } from "./feed.js";
import golden from "./response-header-syntax.golden.js";

feedCases(golden);

test("values are decoded as UTF-8", () => {
	const bytes = new Uint8Array(64);
	const prefix = wire("HTTP/1.1 200 OK\r\nX-Name: ");
	bytes.set(prefix);
	let at = writeUtf8("Grüße €", bytes, prefix.length);
	at = writeUtf8("\r\n\r\n", bytes, at);
	deepEqual(feed(bytes.subarray(0, at), 1).log, ["status 200 \"OK\"", "header x-name: Grüße €", "complete"]);
});
