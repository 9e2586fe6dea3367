// The AT Commands Manual's chapters 2 (product information) and 10 (platform), and the bare AT.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";

test("product information: ATI, AT+CGMI, AT+CGMM, AT+CGMR as the manual's tables print them", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT\r"), OK);
	assert.equal(await t.say("ATI\r"), "\r\nQuectel_Ltd\r\nQuectel_BC660K-GL\r\nRevision: BC660KGLAAR01A05_EMU\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGMI=?\r"), OK);
	assert.equal(await t.say("AT+CGMI\r"), "\r\nQuectel_Ltd\r\nQuectel_BC660K-GL\r\nRevision: QCX\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGMM\r"), info("Quectel_BC660K-GL"));
	assert.equal(await t.say("AT+CGMR\r"), info("Revision: BC660KGLAAR01A05_EMU"));
	assert.equal(await t.say("AT+CGMR?\r"), ERROR);
	assert.equal(await t.say("ATI5\r"), ERROR);
});

test("ATE without a value turns echo off; ATE1 on; ATE2 is ERROR", async () => {
	const t = new Terminal({ echo: true });
	assert.equal(await t.say("ATE\r"), "ATE\r\r\nOK\r\n");
	assert.equal(await t.say("ATE2\r"), ERROR);
	assert.equal(await t.say("ATE1\r"), OK);
	assert.equal(await t.say("AT\r"), "AT\r\r\nOK\r\n");
});

test("platform: AT+CBC, AT+QADC (channel 0 only), AT+QRFSTAT, AT+QRST=1 resets after its OK", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CBC\r"), info("+CBC: 3369"));
	assert.equal(await t.say("AT+CBC=?\r"), OK);
	assert.equal(await t.say("AT+QADC=?\r"), info("+QADC: (0)"));
	assert.equal(await t.say("AT+QADC?\r"), info("+QADC: 0,796"));
	assert.equal(await t.say("AT+QADC=0\r"), info("+QADC: 0,796"));
	assert.equal(await t.say("AT+QADC=1\r"), ERROR);
	assert.equal(await t.say("AT+QRFSTAT\r"), info("+QRFSTAT: CALIBRATE"));
	assert.equal(await t.say("AT+QRST=?\r"), info("+QRST: (1)"));
	assert.equal(await t.say("AT+QRST=0\r"), ERROR);
	assert.match(await t.say("AT+QRST=1\r", 1000), /^\r\nOK\r\n\r\nRDY\r\n\r\n\+CFUN: 1\r\n/);
	assert.equal(await t.say("AT\r"), "AT\r\r\nOK\r\n", "echo is on again after the reset");
});
