// AT+CMEE (AT Commands Manual 10.2): the form of a module error's final result — plain ERROR (0), its
// number (1, the default), its text (2) from the manual's chapter 15 or the HTTP(S) note's result codes;
// saved to NVRAM; syntax errors stay ERROR; faults answer in the same form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";

test("AT+CMEE: test and read forms, 1 at first, 0–2, a reboot keeps it", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CMEE=?\r"), info("+CMEE: (0-2)"));
	assert.equal(await t.say("AT+CMEE?\r"), info("+CMEE: 1"));
	assert.equal(await t.say("AT+CMEE=3\r"), ERROR);
	assert.equal(await t.say("AT+CMEE\r"), ERROR);
	assert.equal(await t.say("AT+CMEE=2\r"), OK);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+CMEE?\r"), info("+CMEE: 2"), "saved to NVRAM");
});

test("the three forms of one error: ERROR, +CME ERROR: 712, +CME ERROR: HTTP(S) empty URL", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\n+CME ERROR: 712\r\n");
	await t.say("AT+CMEE=2\r");
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\n+CME ERROR: HTTP(S) empty URL\r\n");
	assert.equal(await t.say("AT+QHTTPREAD=10\r"), "\r\n+CME ERROR: HTTP(S) no GET/POST requests\r\n");
	assert.equal(await t.say("AT+CPIN=1234\r"), "\r\n+CME ERROR: Operation not allowed\r\n", "chapter 15's text");
	await t.emulator.runFor(25000); // the attach's connection is released
	assert.equal(await t.say("AT+QNBIOTRAI=1\r"), "\r\n+CME ERROR: No RRC connection\r\n");
	await t.say("AT+CMEE=0\r");
	assert.equal(await t.say("AT+QHTTPGET=60\r"), ERROR);
	assert.equal(await t.say("AT+CEREG=9\r"), ERROR, "a bad parameter is ERROR in every mode");
});

test("a cme= fault answers in the form AT+CMEE sets", async () => {
	const t = new Terminal({ faults: "cme=714@QHTTPGET" });
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\n+CME ERROR: 714\r\n");
	await t.say("AT+CMEE=2\r");
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\n+CME ERROR: HTTP(S) DNS error\r\n");
	await t.say("AT+CMEE=0\r");
	assert.equal(await t.say("AT+QHTTPGET=60\r"), ERROR);
});

test("option cmee: the module starts with AT+CMEE=2 as another host left it in NVRAM", async () => {
	const t = new Terminal({ cmee: 2 });
	assert.equal(await t.say("AT+CMEE?\r"), info("+CMEE: 2"));
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\n+CME ERROR: HTTP(S) empty URL\r\n");
});
