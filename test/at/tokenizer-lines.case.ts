// Final results, information lines and text lines, with the noise around them skipped.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { tokens, TOKEN_SPLITS } from "./tokens.js";

const INPUT = "\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 703\r\n\r\n+QHTTPGET: 0,200,1256\r\n\r\nQuectel\r\nBC660K-GL\r\n"
	+ "\r\n+CGPADDR: 1\r\n+QIND:\r\n+BARE\r\n\r\n\r\n\r\nRDY\r\n\x00\xff\r\nOK\r\nOK\r\n";

test("tokens of every final result and line kind, blank lines and NUL/0xFF skipped", () => {
	for (const split of TOKEN_SPLITS) {
		deepEqual(tokens(INPUT, split), [
			"OK OK", "ERROR ERROR", "CME 703", "INFO QHTTPGET|0,200,1256", "LINE Quectel", "LINE BC660K-GL",
			"INFO CGPADDR|1", "INFO QIND|", "INFO BARE|", "RDY RDY", "OK OK", "OK OK",
		], `split ${split}`);
	}
});

test("a +CME ERROR without a readable number has code -1", () => {
	deepEqual(tokens("\r\n+CME ERROR: x\r\n\r\n+CME ERROR: 99999999999999999999\r\n", 3), ["CME -1", "CME -1"]);
});

test("a bare CR LF (the answer to a command lost to sleep) yields nothing", () => {
	deepEqual(tokens("\r\n", 1), []);
});
