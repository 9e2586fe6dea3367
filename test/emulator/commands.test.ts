// The manual's chapter 2 syntax, defaults, ranges and errors, and the general commands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Terminal } from "./at.js";

test("AT+QHTTPCFG read form shows the defaults; writes take effect; out of range is ERROR", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QHTTPCFG?\r"), "\r\n+QHTTPCFG: \"contextid\",0\r\n+QHTTPCFG: \"requestheader\",0\r\n+QHTTPCFG: \"responseheader\",0\r\n+QHTTPCFG: \"contenttype\",0\r\n+QHTTPCFG: \"ssl\",0,0\r\n+QHTTPCFG: \"readformat\",0\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"responseheader\",1\r"), "\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"responseheader\"\r"), "\r\n+QHTTPCFG: \"responseheader\",1\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"contenttype\",4\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"contextid\",1\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"ssl\",0,0\r"), "\r\nOK\r\n");
	assert.match(await t.say("AT+QHTTPCFG=?\r"), /\+QHTTPCFG: "readformat",\(0,1\)\r\n\r\nOK/);
});

test("echo is on at power-on, with the boot URCs; ATE0 turns it off", async () => {
	const t = new Terminal({ boot: true, echo: true });
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT\r"), "AT\r\r\nOK\r\n");
	assert.equal(await t.say("ATE0\r"), "ATE0\r\r\nOK\r\n");
	assert.equal(await t.say("AT\r"), "\r\nOK\r\n");
});

test("AT+QHTTPURL: `>`, the URL in data mode, OK; lengths outside 1–256 are ERROR; a bad scheme is 711", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QHTTPURL=19,80\r"), "\r\n>");
	assert.equal(await t.say("http://example.com/", 100), "\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPURL?\r"), "\r\n+QHTTPURL: http://example.com/\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPURL=257\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QHTTPURL=0\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QHTTPURL=5,1\r"), "\r\n>");
	assert.equal(await t.say("ftp:/", 100), "\r\n+CME ERROR: 711\r\n");
});

test("a URL that does not arrive in <timeout> seconds gives ERROR", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QHTTPURL=19,2\r"), "\r\n>");
	assert.equal(await t.say("http://", 2500), "\r\nERROR\r\n");
});

test("requests without a URL, reads without a request, GET in custom-header mode", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\n+CME ERROR: 712\r\n");
	assert.equal(await t.say("AT+QHTTPREAD=80\r"), "\r\n+CME ERROR: 705\r\n");
	assert.equal(await t.say("AT+QHTTPREAD=1025\r"), "\r\nERROR\r\n");
	await t.say("AT+QHTTPCFG=\"requestheader\",1\r");
	assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QHTTPPOST=2049\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+NOSUCH\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QIACT=1\r"), "\r\nERROR\r\n", "not in the BC660K's manual (the BG95's)");
	assert.equal(await t.say("AT+QCFG=\"EPCO\"\r"), "\r\nERROR\r\n", "chapter 11 is not covered");
});

test("AT+QSSLCFG seclevel (the SSL note's spelling; the HTTP(S) note's secllevel is ERROR) and the CA in data mode, ended by Ctrl+Z", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"secllevel\",1\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r"), "\r\nOK\r\n");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"seclevel\"\r"), "\r\n+QSSLCFG: 0,0,\"seclevel\",1\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"cacert\"\r"), "\r\n>");
	assert.equal(await t.say("-----PEM-----\x1a", 200), "\r\n+QSSLCFG: 0,0,\"cacert\",13\r\n\r\nOK\r\n");
});

test("seclevelName: \"secllevel\" makes a firmware that takes only the HTTP(S) note's spelling", async () => {
	const t = new Terminal({ seclevelName: "secllevel" });
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r"), "\r\nERROR\r\n");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"secllevel\",1\r"), "\r\nOK\r\n");
});

test("after AT+QSCLK=1 and idle, the first command is lost (a bare CR LF late), the next answers", async () => {
	const t = new Terminal({ sleepAfter: 1000 });
	assert.equal(await t.say("AT+QSCLK=1\r"), "\r\nOK\r\n");
	await t.emulator.runFor(2000);
	assert.equal(await t.say("AT\r", 1900), "\r\n");
	assert.equal(await t.say("AT\r"), "\r\nOK\r\n");
});

test("bytes sent before the switch to data mode are lost", async () => {
	const t = new Terminal({ strictPrompt: true });
	t.emulator.input(Buffer.from("AT+QHTTPURL=4,5\r"));
	t.emulator.input(Buffer.from("http")); // at once, without waiting after `>`
	await t.emulator.runFor(6000);
	assert.match(t.output, /\r\n>\r\nERROR\r\n$/);
});
