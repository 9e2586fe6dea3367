// Data mode: the data waits for the prompt delay after `>`, goes out with its terminator, and a cancel
// in data mode sends ESC and reports CANCELLED once the module answers (or after a short wait).
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { Rig } from "./rig.js";

test("the data is sent 600 ms after `>` by default, not before: the manual's 500 ms is counted by the module from when it sent `>` (issue 14.5)", () => {
	const rig = new Rig();
	rig.data = "http://example.com/";
	rig.send("AT+QHTTPURL=19,80", 2000);
	equal(rig.mock.take(), "AT+QHTTPURL=19,80\r");
	rig.mock.put("\r\n>");
	rig.advance(599);
	equal(rig.mock.take(), "");
	rig.advance(1);
	equal(rig.mock.take(), "http://example.com/");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["prompt at 600", "done OK at 600"]);
});

test("the prompt delay is configurable; Ctrl+Z ends a PEM", () => {
	const rig = new Rig({}, { promptDelay: 100 });
	rig.data = "-----PEM-----";
	rig.terminator = 0x1a;
	rig.send("AT+QSSLCFG=0,0,\"cacert\"");
	rig.mock.take();
	rig.mock.put("\r\n> ");
	rig.advance(100);
	equal(rig.mock.take(), "-----PEM-----\\x1a");
	rig.mock.put("\r\n+QSSLCFG: 0,0,\"cacert\",13\r\n\r\nOK\r\n");
	deepEqual(rig.take(), ["prompt at 100", "info +QSSLCFG: 0,0,\"cacert\",13", "done OK at 100"]);
});

test("cancel in data mode sends ESC; CANCELLED follows the module's answer, not synchronously", () => {
	const rig = new Rig();
	rig.data = undefined; // onPrompt cancels
	rig.send("AT+QHTTPPOST=20,80,80", 5000);
	rig.mock.take();
	rig.mock.put("\r\n>");
	rig.advance(600);
	equal(rig.mock.take(), "\\x1b");
	deepEqual(rig.take(), ["prompt at 600"]);
	rig.mock.put("\r\nERROR\r\n");
	deepEqual(rig.take(), ["done CANCELLED at 600"]);
	rig.send("AT");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done OK at 600"]);
});

test("a cancelled exchange the module never answers ends after the drain wait", () => {
	const rig = new Rig();
	rig.send("AT+QHTTPGET=80", 5000);
	rig.chat.cancel();
	deepEqual(rig.take(), []);
	rig.advance(1000);
	deepEqual(rig.take(), ["done CANCELLED at 1000"]);
	// A late answer is not taken for the next command's.
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), []);
});

test("a missing `>` times out", () => {
	const rig = new Rig();
	rig.data = "x";
	rig.send("AT+QHTTPURL=1,80", 3000);
	rig.advance(3000);
	deepEqual(rig.take(), ["done TIMEOUT at 3000"]);
});

test("a command that takes no data ignores a `>` from a noisy line (regression: the read's payload was lost)", () => {
	const rig = new Rig({});
	rig.send("AT+QHTTPREAD=1024", 1000, false, "+QHTTPREAD:");
	rig.mock.put("\r\n>\x00\r\n\r\n+QHTTPREAD: 3,0\r\nabc\r\nOK\r\n");
	const log = rig.take();
	equal(log.includes("prompt at 0"), false, log.join(" | "));
	equal(log[log.length - 1], "done OK at 0");
});
