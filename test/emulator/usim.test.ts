// The AT Commands Manual's chapter 8: the (U)SIM's PIN lock and its life cycle across power-ons, retries,
// the PUK, restricted and generic access, logical channels, and the card powered down by AT+CFUN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";

test("the PIN lock: AT+CLCK takes effect at the next power-on; no registration until AT+CPIN; AT+CPWD changes the PIN", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+CLCK=?\r"), info("+CLCK: (\"SC\")"));
	assert.equal(await t.say("AT+CLCK=\"SC\",2\r"), info("+CLCK: 0"), "the manual's example");
	assert.equal(await t.say("AT+CLCK=\"SC\",1,\"0000\"\r"), "\r\n+CME ERROR: 16\r\n", "incorrect password");
	assert.equal(await t.say("AT+CPINR\r"), "\r\n+CPINR: \"SIM PIN\",2,3\r\n+CPINR: \"SIM PUK\",10,10\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CLCK=\"SC\",1,\"1234\"\r"), OK);
	assert.equal(await t.say("AT+CPINR=\"SIM PIN\"\r"), info("+CPINR: \"SIM PIN\",3,3"), "a right PIN resets the count");
	assert.equal(await t.say("AT+CPIN?\r"), info("+CPIN: READY"), "in effect at the next power-on");
	assert.equal(await t.say("AT+CPWD=?\r"), info("+CPWD: (\"SC\",8)"));
	assert.equal(await t.say("AT+CPWD=\"SC\",\"1234\",\"4321\"\r"), OK);
	await t.say("AT+CEREG=1\r");
	t.output = "";
	t.emulator.reboot();
	await t.emulator.runFor(3000);
	assert.equal(t.output, "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: SIM PIN\r\n\r\n+CEREG: 2\r\n", "searching, not registering");
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+CPIN?\r"), info("+CPIN: SIM PIN"));
	assert.equal(await t.say("AT+CIMI\r"), "\r\n+CME ERROR: 11\r\n", "USIM PIN required");
	assert.equal(await t.say("AT+QCCID\r"), info("+QCCID: 89860446091891372008"), "the ICCID needs no PIN");
	assert.equal(await t.say("AT+CPIN=\"1234\"\r"), "\r\n+CME ERROR: 16\r\n", "the old PIN");
	assert.equal(await t.say("AT+CPIN=\"4321\"\r", 500), "\r\nOK\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+CPIN=\"4321\"\r"), "\r\n+CME ERROR: 3\r\n", "no PIN pending");
});

test("three wrong PINs ask for the PUK; AT+CPIN=<puk>,<newpin> unblocks; ten wrong PUKs block the card", async () => {
	const t = new Terminal();
	await t.say("AT+CLCK=\"SC\",1,\"1234\"\r");
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	for (let i = 0; i < 3; i++) assert.equal(await t.say("AT+CPIN=\"1111\"\r"), "\r\n+CME ERROR: 16\r\n");
	assert.equal(await t.say("AT+CPIN?\r"), info("+CPIN: SIM PUK"));
	assert.equal(await t.say("AT+CPIN=\"1234\"\r"), "\r\n+CME ERROR: 3\r\n", "the PUK and a new PIN are needed");
	assert.equal(await t.say("AT+CPIN=\"12345678\",\"5555\"\r"), OK);
	assert.equal(await t.say("AT+CPIN?\r"), info("+CPIN: READY"));
	assert.equal(await t.say("AT+CLCK=\"SC\",2\r"), info("+CLCK: 1"));
	const blocked = new Terminal();
	await blocked.say("AT+CLCK=\"SC\",1,\"1234\"\r");
	blocked.emulator.reboot();
	await blocked.emulator.runFor(1000);
	await blocked.say("ATE0\r");
	for (let i = 0; i < 3; i++) await blocked.say("AT+CPIN=\"1111\"\r");
	for (let i = 0; i < 10; i++) await blocked.say("AT+CPIN=\"00000000\",\"5555\"\r");
	assert.equal(await blocked.say("AT+CPIN?\r"), "\r\n+CME ERROR: 13\r\n");
});

test("AT+CRSM reads the card's files (ICCID, IMSI, the example's PLMNwAcT); AT+CSIM, AT+CGLA and channels", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CRSM=176,12258,0,0,10\r"), info("+CRSM: 144,0,\"98684064908119730280\""));
	assert.equal(await t.say("AT+CRSM=176,28423,0,0,9\r"), info("+CRSM: 144,0,\"084906003175296408\""));
	assert.match(await t.say("AT+CRSM=176,28512,0,0,0\r"), /^\r\n\+CRSM: 144,0,"(FFFFFF0000)+"\r\n/);
	assert.equal(await t.say("AT+CRSM=176,28416,0,0,0\r"), info("+CRSM: 106,130"), "not found");
	assert.equal(await t.say("AT+CRSM=214,28512,0,0,1,\"00\"\r"), info("+CRSM: 105,130"), "read-only");
	assert.equal(await t.say("AT+CRSM=242\r"), info("+CRSM: 144,0"));
	assert.equal(await t.say("AT+CRSM=1,28512\r"), ERROR);
	assert.equal(await t.say("AT+CSIM=10,\"00A4040000\"\r"), info("+CSIM: 4,\"6D00\""));
	assert.equal(await t.say("AT+CSIM=9,\"00A4040000\"\r"), ERROR, "the length counts the characters");
	assert.equal(await t.say("AT+CCHO=\"A00000004374506173732E496F54\"\r"), info("1"), "the manual's example");
	assert.equal(await t.say("AT+CGLA=1,10,\"00A4040000\"\r"), info("+CGLA: 4,\"6D00\""));
	assert.equal(await t.say("AT+CCHC=1\r"), info("+CCHC"));
	assert.equal(await t.say("AT+CCHC=1\r"), "\r\n+CME ERROR: 21\r\n");
	assert.equal(await t.say("AT+CGLA=1,10,\"00A4040000\"\r"), "\r\n+CME ERROR: 21\r\n", "the channel is closed");
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+CRSM=176,12258,0,0,10\r"), "\r\n+CME ERROR: 13\r\n", "the card is off");
});

test("AT+QSIMPOLL (saved) and AT+QSIMSLEEP (1 at first, not saved)", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QSIMPOLL=?\r"), info("+QSIMPOLL: (0,1)"));
	assert.equal(await t.say("AT+QSIMPOLL=1\r"), OK);
	assert.equal(await t.say("AT+QSIMSLEEP?\r"), info("+QSIMSLEEP: 1"), "the manual's example");
	assert.equal(await t.say("AT+QSIMSLEEP=0\r"), OK);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+QSIMPOLL?\r"), info("+QSIMPOLL: 1"));
	assert.equal(await t.say("AT+QSIMSLEEP?\r"), info("+QSIMSLEEP: 1"));
});
