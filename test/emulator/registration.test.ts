// The AT Commands Manual's chapter 4 beyond +CEREG (network.test.ts): AT+CREG, the engineering report
// AT+QENG (serving cell, times, PLMN state), AT+QESMC, AT+QEMMS, AT+QEMMTIMER and its T3412 URCs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";

test("AT+CREG: 0–3, an EPS registration reads \"SMS only\" (6, roaming 7), URCs on changes, kept in NVRAM", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+CREG=?\r"), info("+CREG: (0-3)"));
	assert.equal(await t.say("AT+CREG?\r"), info("+CREG: 0,6"), "the manual's example");
	assert.equal(await t.say("AT+CREG=4\r"), ERROR);
	assert.equal(await t.say("AT+CREG=2\r"), OK);
	assert.equal(await t.say("AT+CREG?\r"), info("+CREG: 2,6,\"4C10\",\"05C4EF33\",9"));
	assert.equal(await t.say("AT+CGATT=0\r"), "\r\nOK\r\n\r\n+CREG: 0\r\n");
	assert.equal(await t.say("AT+CGATT=1\r", 300), "\r\nOK\r\n\r\n+CREG: 2\r\n\r\n+CREG: 6,\"4C10\",\"05C4EF33\",9\r\n\r\n+IP: 10.64.2.17\r\n");
	t.emulator.inject("denied=15");
	assert.equal(await t.say("AT+CREG=3\r"), "\r\n+CREG: 3\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CREG?\r"), info("+CREG: 3,3,,,,0,15"));
	const roaming = new Terminal({ roaming: true });
	assert.equal(await roaming.say("AT+CREG?\r"), info("+CREG: 0,7"));
});

test("AT+QENG=0: the serving cell of the manual's example, its signal from the options; no line without a cell", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QENG=?\r"), info("+QENG: (0-3)"));
	assert.equal(await t.say("AT+QENG=0\r"), info("+QENG: 0,3688,11,121,\"05C4EF33\",-80,-7,-69,14,8,\"4C10\",0,-128,3"));
	const other = new Terminal({ signal: { rsrp: 69, rsrq: 24, rssi: 24 } });
	assert.equal(await other.say("AT+QENG=0\r"), info("+QENG: 0,3688,11,121,\"05C4EF33\",-72,-8,-65,14,8,\"4C10\",0,-128,3"));
	assert.equal(await t.say("AT+QENG=1\r"), ERROR, "mode 1 is not supported");
	assert.equal(await t.say("AT+QENG=0,1\r"), ERROR, "<accuracy> is mode 2's");
	assert.equal(await t.say("AT+QENG\r"), ERROR);
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QENG=0\r"), OK);
});

test("AT+QENG=2 counts sleep, Rx and Tx since power-on (0.1 s, or ms with <accuracy> 0); AT+QENG=3 the EMM and PLMN state", async () => {
	const t = new Terminal({ rrcInactivityMs: 2000 });
	assert.equal(await t.say("AT+QENG=3\r"), info("+QENG: 4,\"REG\",\"CONNECTED\",\"SELECTED\",\"EHPLMN\",\"0x460,0xf000\""));
	await t.emulator.runFor(3000);
	assert.equal(await t.say("AT+QENG=3\r"), info("+QENG: 4,\"REG\",\"IDLE\",\"SELECTED\",\"EHPLMN\",\"0x460,0xf000\""));
	assert.equal(await t.say("AT+QENG=2\r"), info("+QENG: 3,0,20,2"), "2 s connected (the attach), Tx a tenth");
	assert.equal(await t.say("AT+QENG=2,0\r"), info("+QENG: 3,0,2000,200"));
	t.emulator.inject("searching");
	assert.equal(await t.say("AT+QENG=3\r"), info("+QENG: 4,\"REG INIT\",\"UNKNOWN\",\"SEARCHING\",\"OTHERS\",\"\""));
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QENG=3\r"), info("+QENG: 4,\"NULL\",\"UNKNOWN\",\"NO PLMN\",\"OTHERS\",\"\""));
});

test("AT+QESMC and AT+QEMMS follow the registration; a refused APN leaves ESM cause 27", async () => {
	const t = new Terminal({ apn: "iot.example" });
	assert.equal(await t.say("AT+QESMC=?\r"), OK);
	assert.equal(await t.say("AT+QESMC?\r"), info("+QESMC: 0"));
	assert.equal(await t.say("AT+QEMMS?\r"), info("+QEMMS: \"EMM_REGISTERED,NORMAL_SERVICE\""), "the manual's example");
	await t.say("AT+QCGDEFCONT=\"IP\",\"wrong.apn\"\r");
	t.emulator.reboot();
	await t.emulator.runFor(3000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+QESMC?\r"), info("+QESMC: 1,0,27"));
	assert.equal(await t.say("AT+QEMMS?\r"), info("+QEMMS: \"EMM_DEREGISTERED,LIMITED_SERVICE\""));
	t.emulator.inject("coverage-lost");
	assert.equal(await t.say("AT+QEMMS?\r"), info("+QEMMS: \"EMM_DEREGISTERED,NO_CELL_AVAILABLE\""));
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QEMMS?\r"), info("+QEMMS: \"NULL\""));
});

test("AT+QEMMTIMER: T3412 runs in RRC idle (read form with the seconds left); bit 2 reports its start, stop and expiry", async () => {
	const t = new Terminal({ rrcInactivityMs: 1000, periodicTauMs: 60000, tauMs: 500 });
	assert.equal(await t.say("AT+QEMMTIMER=?\r"), info("+QEMMTIMER: (0-7)"));
	assert.equal(await t.say("AT+QEMMTIMER?\r"), "\r\n+QEMMTIMER: 0,1\r\n+QEMMTIMER: 1,1\r\n+QEMMTIMER: 2,1\r\n\r\nOK\r\n", "connected: T3412 stopped");
	assert.equal(await t.say("AT+QEMMTIMER=8\r"), ERROR);
	assert.equal(await t.say("AT+QEMMTIMER=4\r"), OK);
	assert.equal(await t.say("", 1000), "\r\n+QEMMTIMER: 2,0,60\r\n", "released: T3412 starts");
	await t.emulator.runFor(20000);
	assert.equal(await t.say("AT+QEMMTIMER?\r"), "\r\n+QEMMTIMER: 0,1\r\n+QEMMTIMER: 1,1\r\n+QEMMTIMER: 2,0,39\r\n\r\nOK\r\n");
	assert.equal(await t.say("", 41000), "\r\n+QEMMTIMER: 2,2\r\n\r\n+QEMMTIMER: 2,0,60\r\n", "expired: the TAU, then it runs again");
});
