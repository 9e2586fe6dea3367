// The PDP contexts (AT Commands Manual chapter 5 and AT+CGPADDR): activation state behind AT+CGACT,
// AT+CGPADDR and HTTP's bearer, APN rate control, authentication, attach without PDN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, setUrl, Terminal } from "./at.js";

test("AT+CGACT: context 0 active after the attach; contexts 1–10 once defined; the last one stays; addresses follow", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CGACT=?\r"), info("+CGACT: (0,1)"));
	assert.equal(await t.say("AT+CGACT?\r"), info("+CGACT: 0,1"));
	assert.equal(await t.say("AT+CGACT=1,1\r"), "\r\n+CME ERROR: 143\r\n", "context 1 is not defined");
	assert.equal(await t.say("AT+CGDCONT=1,\"IP\",\"cmnbiot\"\r"), OK);
	assert.equal(await t.say("AT+CGACT?\r"), "\r\n+CGACT: 0,1\r\n+CGACT: 1,0\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGACT=1,1\r"), OK);
	assert.equal(await t.say("AT+CGPADDR\r"), "\r\n+CGPADDR: 0,\"10.64.2.17\"\r\n+CGPADDR: 1,\"10.64.2.18\"\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGPADDR=?\r"), info("+CGPADDR: (0,1)"));
	assert.equal(await t.say("AT+CGACT=0,0\r"), OK);
	assert.equal(await t.say("AT+CGACT=0,1\r"), "\r\n+CME ERROR: 171\r\n", "the last PDN connection");
	assert.equal(await t.say("AT+CGPADDR=0\r"), info("+CGPADDR: 0"));
	assert.equal(await t.say("AT+CGACT=1,0,1\r"), ERROR, "one context a write");
	assert.equal(await t.say("AT+CGAPNRC=?\r"), info("+CGAPNRC: (1)"));
	assert.equal(await t.say("AT+CGAPNRC=1\r"), info("+CGAPNRC: 1"));
	assert.equal(await t.say("AT+CGAPNRC=0\r"), "\r\n+CME ERROR: 304\r\n");
});

test("HTTP goes over context 0: deactivated, a request gives 709; AT+CGATT=0 deactivates all", async () => {
	const t = new Terminal();
	await t.say("AT+CGDCONT=2,\"IP\"\r");
	await t.say("AT+CGACT=1,2\r");
	await t.say("AT+CGACT=0,0\r");
	await setUrl(t, "http://127.0.0.1:1/");
	assert.equal(await t.say("AT+QHTTPGET=60\r"), "\r\nOK\r\n\r\n+QHTTPGET: 709\r\n");
	assert.equal(await t.say("AT+CGACT=1,0\r"), OK);
	await t.say("AT+CGATT=0\r");
	assert.equal(await t.say("AT+CGACT?\r"), "\r\n+CGACT: 0,0\r\n+CGACT: 2,0\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGACT=1,2\r"), "\r\n+CME ERROR: 30\r\n", "no network service");
});

test("AT+CGACT with an APN the network does not serve: 127, and AT+QESMC shows ESM cause 27", async () => {
	const t = new Terminal();
	await t.say("AT+CGDCONT=1,\"IP\",\"other.apn\"\r");
	assert.equal(await t.say("AT+CGACT=1,1\r"), "\r\n+CME ERROR: 127\r\n");
	assert.equal(await t.say("AT+QESMC?\r"), info("+QESMC: 1,0,27"));
});

test("AT+CIPCA=3,1: the next attach brings no PDN connection (no +IP:, no context 0) until AT+CGACT=1,0", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+CIPCA=?\r"), info("+CIPCA: (3),(0,1)"));
	assert.equal(await t.say("AT+CIPCA?\r"), info("+CIPCA: 3,0"));
	assert.equal(await t.say("AT+CIPCA=1,1\r"), ERROR);
	assert.equal(await t.say("AT+CIPCA=3,1\r"), OK);
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+CFUN=1\r", 500), "\r\nOK\r\n\r\n+CPIN: READY\r\n");
	assert.equal(await t.say("AT+CGACT?\r"), info("+CGACT: 0,0"));
	assert.equal(await t.say("AT+CGACT=1,0\r"), OK);
	assert.equal(await t.say("AT+CGPADDR\r"), info("+CGPADDR: 0,\"10.64.2.17\""));
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT+CIPCA?\r"), "AT+CIPCA?\r" + info("+CIPCA: 3,1"), "saved to NVRAM");
});

test("AT+CGAUTH: per defined context, user and password up to 20 characters, forgotten at a reboot", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CGAUTH=?\r"), info("+CGAUTH: (0-10),(0-1),(20),(20)"));
	assert.equal(await t.say("AT+CGAUTH?\r"), info("+CGAUTH: 0,0,\"\",\"\""), "the manual's example");
	assert.equal(await t.say("AT+CGAUTH=1,1,\"userid\",\"psw\"\r"), ERROR, "context 1 is not defined");
	await t.say("AT+CGDCONT=1,\"IP\"\r");
	assert.equal(await t.say("AT+CGAUTH=1,1,\"userid\",\"psw\"\r"), OK);
	assert.equal(await t.say("AT+CGAUTH?\r"), "\r\n+CGAUTH: 0,0,\"\",\"\"\r\n+CGAUTH: 1,1,\"userid\",\"psw\"\r\n\r\nOK\r\n");
	assert.equal(await t.say(`AT+CGAUTH=1,1,"${"u".repeat(21)}","p"\r`), ERROR);
	assert.equal(await t.say("AT+CGAUTH=1,2\r"), ERROR);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+CGAUTH?\r"), "\r\n+CGAUTH: 0,0,\"\",\"\"\r\n+CGAUTH: 1,0,\"\",\"\"\r\n\r\nOK\r\n");
});
