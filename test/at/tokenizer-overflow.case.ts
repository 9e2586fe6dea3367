// A line longer than the ring: one OVERFLOW token, then a resync at the next line. Never throws, never grows.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { tokens } from "./tokens.js";

test("an over-long line gives one OVERFLOW and the next line is read intact", () => {
	const long = "+QHTTPGET: " + "9".repeat(1000);
	for (const split of [1, 7, 31, 128]) {
		deepEqual(tokens(`\r\nOK\r\n${long}\r\n\r\nERROR\r\n`, split, { capacity: 128, chunk: 32 }), ["OK OK", "OVERFLOW", "ERROR ERROR"], `split ${split}`);
	}
});

test("two over-long lines in a row give two OVERFLOW tokens", () => {
	const long = "x".repeat(300);
	deepEqual(tokens(`${long}\r\n${long}\r\nOK\r\n`, 32, { capacity: 128, chunk: 32 }), ["OVERFLOW", "OVERFLOW", "OK OK"]);
});

test("a line that just fits is a line", () => {
	const fits = "y".repeat(90);
	const log = tokens(`${fits}\r\n`, 1, { capacity: 128, chunk: 32 });
	equal(log.length, 1);
	equal(log[0], `LINE ${fits}`);
});
