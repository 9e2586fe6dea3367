// Final results, timeouts with one reused timer, reboots, close, and callbacks that throw.
import { test } from "../harness.js";
import { deepEqual, equal, throws } from "../assert.js";
import { Rig } from "./rig.js";

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
	}
	deepEqual(rig.take(), ["done TIMEOUT at 300", "done OK at 599", "done TIMEOUT at 900", "done OK at 1199", "done TIMEOUT at 1500"]);
	equal(rig.timer.live, 1);
});

test("payload bytes re-arm the timeout: a slow read is not a stall", () => {
	const rig = new Rig();
	rig.send("AT+QHTTPREAD=6", 1000);
	rig.mock.put("\r\n+QHTTPREAD: 6,0\r\nab");
	rig.advance(900);
	rig.mock.put("cd");
	rig.advance(900);
	rig.mock.put("ef\r\nOK\r\n");
	deepEqual(rig.take(), ["info +QHTTPREAD: 6,0", "payload ab", "payload cd", "payload ef", "done OK at 1800"]);
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
