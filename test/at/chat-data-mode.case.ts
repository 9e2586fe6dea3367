// Data mode: the data waits for the prompt delay after `>`, goes out with its terminator, and a cancel
// in data mode sends ESC (data ended by a terminator) or nothing (counted data, which the module waits
// for until its input time) and reports CANCELLED once the module answers (or after the wait).
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
	rig.send("AT+QSSLCFG=0,0,\"cacert\"", 5000);
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

test("counted data whose prompt never came through (a byte doubled in CONNECT): after the timeout the next command waits dataWait, which the module may be taking as data", () => {
	const rig = new Rig({}, { prompt: "CONNECT" });
	rig.data = "http://example.com/x";
	rig.dataWait = 64000;
	rig.send("AT+QHTTPURL=20,60", 4000);
	rig.mock.take();
	rig.mock.put("\r\nCONNNECT\r\n"); // the module is in data mode; the host cannot tell
	rig.advance(4000);
	deepEqual(rig.take().filter((l) => l.startsWith("done")), ["done TIMEOUT at 4000"]);
	rig.send("AT");
	rig.advance(59999);
	equal(rig.mock.take(), "", "a command written now would be taken as URL data");
	rig.mock.put("\r\n+CME ERROR: 726\r\n"); // the module gave up on the data, late
	rig.advance(70000);
	equal(rig.mock.take(), "AT\r");
});

test("a missing prompt where the data ends with a terminator: the next command goes out once the line settles", () => {
	const rig = new Rig();
	rig.data = "x";
	rig.terminator = 0x1a;
	rig.send("AT+QSSLCFG=0,0,\"cacert\"", 3000);
	rig.mock.take();
	rig.advance(3000);
	deepEqual(rig.take(), ["done TIMEOUT at 3000"]);
	rig.send("AT");
	rig.advance(2000);
	equal(rig.mock.take(), "AT\r");
});

test("a command that takes no data ignores a `>` from a noisy line (regression: the read's payload was lost)", () => {
	const rig = new Rig({});
	rig.send("AT+QHTTPREAD=1024", 1000, false, "+QHTTPREAD:");
	rig.mock.put("\r\n>\x00\r\n\r\n+QHTTPREAD: 3,0\r\nabc\r\nOK\r\n");
	const log = rig.take();
	equal(log.includes("prompt at 0"), false, log.join(" | "));
	equal(log[log.length - 1], "done OK at 0");
});

test("counted data cannot be cut short: a cancel after the prompt writes nothing and waits for the module to give up", () => {
	const rig = new Rig();
	rig.data = undefined; // onPrompt cancels
	rig.dataWait = 64000;
	rig.send("AT+QHTTPPOST=20,60,80", 5000);
	rig.mock.take();
	rig.mock.put("\r\n>");
	rig.advance(600);
	deepEqual(rig.take(), ["prompt at 600"]);
	rig.advance(30000); // an ESC, or the next command, would be taken as data
	equal(rig.mock.take(), "");
	deepEqual(rig.take(), []);
	rig.advance(30000);
	rig.mock.put("\r\nERROR\r\n"); // its input time is over
	deepEqual(rig.take(), ["done CANCELLED at 60600"]);
	rig.send("AT");
	equal(rig.mock.take(), "AT\r");
});

test("counted data: a module that never says it gave up is waited for dataWait, then the line settles", () => {
	const rig = new Rig({}, { prompt: "CONNECT" });
	rig.data = undefined;
	rig.dataWait = 64000;
	rig.send("AT+QHTTPURL=20,60", 4000);
	rig.mock.take();
	rig.mock.put("\r\nCONNECT\r\n");
	rig.advance(600);
	rig.advance(63999);
	deepEqual(rig.take(), ["prompt at 600"]);
	rig.advance(1);
	deepEqual(rig.take(), ["done CANCELLED at 64600"]);
	equal(rig.mock.take(), "");
});

test("a prompt that comes after a cancel: ESC where the data ends with a terminator, nothing where it is counted", () => {
	const pem = new Rig();
	pem.send("AT+QSSLCFG=0,0,\"cacert\"", 5000);
	pem.mock.take();
	pem.chat.cancel();
	pem.mock.put("\r\n>");
	equal(pem.mock.take(), "\\x1b");
	pem.mock.put("\r\nERROR\r\n");
	deepEqual(pem.take(), ["done CANCELLED at 0"]);

	const url = new Rig();
	url.dataWait = 64000;
	url.send("AT+QHTTPURL=20,60", 4000);
	url.mock.take();
	url.chat.cancel();
	url.advance(500);
	url.mock.put("\r\n>"); // the module connected late: it counts from here
	url.advance(2000);
	equal(url.mock.take(), "");
	deepEqual(url.take(), []);
	url.advance(62000);
	deepEqual(url.take(), ["done CANCELLED at 64500"]);
});

test("a cancelled read whose response still streams is waited for while it streams, then ends at its OK", () => {
	const rig = new Rig();
	rig.send("AT+QHTTPREAD=60", 60000, false, "CONNECT", true);
	rig.mock.put("\r\nCONNECT\r\nline one\r\n");
	rig.chat.cancel();
	for (let i = 0; i < 5; i++) {
		rig.advance(800);
		rig.mock.put(`body line ${i}\r\n`);
	}
	deepEqual(rig.take().filter((l) => l.startsWith("done")), []);
	rig.mock.put("\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n");
	deepEqual(rig.take().filter((l) => l.startsWith("done")), ["done CANCELLED at 4000"]);
});
