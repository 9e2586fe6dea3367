// Final results, timeouts with one reused timer, reboots, close, and callbacks that throw.
import { test } from "../harness.js";
import { deepEqual, equal, throws } from "../assert.js";
import { Rig } from "./rig.js";
import { Prompt } from "../../modules/at/exchange.js";

test("OK, ERROR and +CME ERROR end the exchange; send() works from inside onDone", () => {
	const rig = new Rig({ readLimit: 2 });
	const commands = ["AT", "AT+QHTTPREAD=10", "AT+QHTTPGET=80"];
	let next = 0;
	const onDone = rig.delegate.onDone;
	rig.delegate.onDone = (c, r, code) => {
		onDone.call(rig.delegate, c, r, code);
		if (++next < commands.length) rig.send(commands[next]!);
	};
	rig.send(commands[0]!);
	rig.mock.put("\r\nOK\r\n\r\n+CME ERROR: 703\r\n\r\nERROR\r\n");
	deepEqual(rig.take(), ["done OK at 0", "done CME 703 at 0", "done ERROR at 0"]);
	equal(rig.mock.take(), "AT\rAT+QHTTPREAD=10\rAT+QHTTPGET=80\r");
});

test("a timeout ends the exchange; one timer serves every command", () => {
	const rig = new Rig();
	equal(rig.timer.live, 1);
	for (let i = 0; i < 5; i++) {
		rig.send("AT", 300);
		rig.advance(299);
		rig.mock.put(i % 2 ? "\r\nOK\r\n" : "");
		rig.advance(1);
		if (!(i % 2)) rig.advance(2000); // after a timeout the line settles (QUIET) before the next command
	}
	deepEqual(rig.take(), ["done TIMEOUT at 300", "done OK at 2599", "done TIMEOUT at 2900", "done OK at 5199", "done TIMEOUT at 5500"]);
	equal(rig.timer.live, 1);
});

// Stale answers (issue 14.3): an answer that comes after its command was given up on is never taken for
// a later command's.
test("after a timeout the next command is held until the line settles; a late OK meanwhile is dropped", () => {
	const rig = new Rig();
	rig.send("AT", 300);
	rig.advance(300);
	deepEqual(rig.take(), ["done TIMEOUT at 300"]);
	equal(rig.mock.take(), "AT\r");
	rig.send("AT+QHTTPCFG=\"responseheader\",1", 300);
	equal(rig.mock.take(), "", "held while the line owes an answer");
	rig.advance(1500);
	rig.mock.put("\r\nOK\r\n"); // the late answer to the first AT
	deepEqual(rig.take(), [], "a late OK is not the held command's");
	rig.advance(500); // LATE_MS after the give-up: an answer came, so one more quiet window
	equal(rig.mock.take(), "");
	rig.advance(300);
	equal(rig.mock.take(), "AT+QHTTPCFG=\"responseheader\",1\r");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done OK at 2600"]);
});

test("after a timeout with nothing late, the held command goes out LATE_MS after the give-up", () => {
	const rig = new Rig();
	rig.send("AT", 300);
	rig.advance(300);
	rig.send("ATE0", 300);
	rig.advance(1999);
	equal(rig.mock.take(), "AT\r");
	rig.advance(1);
	equal(rig.mock.take(), "ATE0\r");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done TIMEOUT at 300", "done OK at 2300"]);
});

test("RDY while the line settles: a restarted module owes nothing, the held command goes out at once", () => {
	const rig = new Rig();
	rig.send("AT", 300);
	rig.advance(300);
	rig.send("ATE0", 300);
	rig.mock.take();
	rig.mock.put("\r\nRDY\r\n");
	equal(rig.mock.take(), "ATE0\r");
	deepEqual(rig.take(), ["done TIMEOUT at 300", "reboot"]);
});

test("cancel of a held command: never written, CANCELLED when the line has settled", () => {
	const rig = new Rig();
	rig.send("AT", 300);
	rig.advance(300);
	rig.send("ATE0", 300);
	equal(rig.chat.busy, true);
	rig.chat.cancel();
	deepEqual(rig.take(), ["done TIMEOUT at 300"]);
	rig.advance(2000);
	deepEqual(rig.take(), ["done CANCELLED at 2300"]);
	equal(rig.mock.take(), "AT\r");
	equal(rig.chat.busy, false);
});

test("a data command (Prompt.FIRST) drops an OK that comes before its `>`: a late answer to an earlier command", () => {
	const rig = new Rig();
	rig.data = "http://a/";
	rig.send("AT+QHTTPURL=9,80", 2000, Prompt.FIRST);
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), []);
	rig.mock.put("\r\n>");
	rig.advance(600);
	equal(rig.mock.take(), "AT+QHTTPURL=9,80\rhttp://a/");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["prompt at 600", "done OK at 600"]);
	// ERROR and +CME ERROR before `>` are the command's own answers.
	rig.send("AT+QHTTPURL=9,80", 2000, Prompt.FIRST);
	rig.mock.put("\r\n+CME ERROR: 703\r\n");
	deepEqual(rig.take(), ["done CME 703 at 600"]);
});

/** A read with a 1000 ms timeout whose payload comes slowly: "ab" with its line at 0, "cd" at 900. */
function slowRead(): Rig {
	const rig = new Rig();
	rig.send("AT+QHTTPREAD=6", 1000, true, "+QHTTPREAD:");
	rig.mock.put("\r\n+QHTTPREAD: 6,0\r\nab");
	rig.advance(900);
	rig.mock.put("cd");
	return rig;
}

test("payload bytes re-arm the timeout: a slow read is not a stall", () => {
	const rig = slowRead();
	rig.advance(900);
	rig.mock.put("ef\r\nOK\r\n");
	// "cd" waits in the ring for the rest of the payload (it gathers), and its read re-armed the timeout all the same.
	deepEqual(rig.take(), ["info +QHTTPREAD: 6,0", "payload ab", "payload cdef", "done OK at 1800"]);
});

test("payload bytes that stop coming time out a timeout after the last of them, undelivered", () => {
	const rig = slowRead();
	rig.advance(999);
	deepEqual(rig.take(), ["info +QHTTPREAD: 6,0", "payload ab"]);
	rig.advance(1);
	deepEqual(rig.take(), ["done TIMEOUT at 1900"]);
});

test("a count garbled on the UART (1024,1294 read as 10241294): the read times out, and the module's next answers are lines again, not payload", () => {
	const rig = new Rig();
	rig.send("AT+QHTTPREAD=1024", 1000, true, "+QHTTPREAD:");
	rig.mock.put(`\r\n+QHTTPREAD: 10241294\r\n${"x".repeat(1024)}\r\nOK\r\n`);
	rig.advance(1000);
	equal(rig.take().filter((line) => line.startsWith("done")).join(), "done TIMEOUT at 1000");
	rig.advance(3000); // the line settles
	rig.send("AT");
	equal(rig.mock.take().endsWith("AT\r"), true);
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done OK at 4000"]);
});

// A payload's UART reads gather in the ring: one delivery for many reads, never a byte lost or moved.
test("a payload that comes in many reads is delivered once it has all come, then its OK", () => {
	const rig = new Rig({ readLimit: 16 });
	const body = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(20); // 720 bytes
	rig.send("AT+QHTTPREAD=1024", 1000, true, "+QHTTPREAD:");
	rig.mock.put("\r\n+QHTTPREAD: 720,0\r\n");
	rig.mock.putChunks(`${body}\r\nOK\r\n`, 16);
	deepEqual(rig.take(), ["info +QHTTPREAD: 720,0", `payload ${body}`, "done OK at 0"]);
});

test("a payload larger than the ring is delivered whenever the next read would not fit behind it, in order", () => {
	for (const readLimit of [1, 7, 64, 256]) {
		const rig = new Rig({ readLimit }, { ringSize: 600 });
		let body = "";
		for (let i = 0; body.length < 3000; i++) body += `<${i}>`;
		body = body.slice(0, 3000);
		rig.send("AT+QHTTPREAD=3000", 1000, true, "+QHTTPREAD:");
		rig.mock.put("\r\n+QHTTPREAD: 3000,0\r\n");
		rig.mock.putChunks(`${body}\r\nOK\r\n`, 100);
		const log = rig.take();
		equal(log[0], "info +QHTTPREAD: 3000,0");
		equal(log[log.length - 1], "done OK at 0");
		const spans = log.slice(1, -1).map((entry) => entry.slice("payload ".length));
		equal(spans.join(""), body, `read limit ${readLimit}`);
		for (const span of spans) equal(span.length <= 600, true, `a span of ${span.length}`);
		equal(spans.length < 3000 / 100, true, `${spans.length} deliveries for 30 reads`);
	}
});

test("RDY mid-exchange reports a reboot and ends the exchange with REBOOT", () => {
	const rig = new Rig();
	rig.send("AT+QHTTPGET=80", 5000);
	rig.mock.put("\r\nRDY\r\n");
	deepEqual(rig.take(), ["reboot", "done REBOOT at 0"]);
	rig.mock.put("\r\nRDY\r\n");
	deepEqual(rig.take(), ["reboot"]);
});

test("close ends a running exchange with CLOSED, once; send after close throws", () => {
	const rig = new Rig();
	rig.send("AT", 300);
	rig.chat.close();
	rig.chat.close();
	deepEqual(rig.take(), ["done CLOSED at 0"]);
	equal(rig.mock.closed, true);
	equal(rig.timer.live, 0);
	throws(() => rig.send("AT"), Error);
});

test("send while busy throws; the running exchange goes on", () => {
	const rig = new Rig();
	rig.send("AT");
	throws(() => rig.send("ATE0"), Error);
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done OK at 0"]);
});

test("an exception thrown by a delegate is reported, and the chat keeps reading", () => {
	const rig = new Rig();
	rig.delegate.onInfo = () => {
		throw new Error("boom");
	};
	rig.send("ATI");
	rig.mock.put("\r\nQuectel\r\n");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["error boom", "done OK at 0"]);
});
