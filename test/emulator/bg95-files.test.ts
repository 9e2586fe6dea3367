// The BG95's file system (UFS): AT+QFUPL after CONNECT with its size and checksum, a name in use, a short
// upload, acknowledgements, AT+QFLST patterns, AT+QFDEL, AT+QFLDS; files survive a reboot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";
import { checksum } from "../../emulator/ufs.js";

test("the checksum: XOR of big-endian 16-bit words, an odd last byte high, lower-case hex", () => {
	assert.equal(checksum(Uint8Array.of(0x12, 0x34, 0x56)), "4434");
	assert.equal(checksum(Uint8Array.of(0xab, 0xcd, 0xab, 0xcd)), "0");
	assert.equal(checksum(Uint8Array.of(0x38, 0x4a)), "384a");
});

test("AT+QFUPL: CONNECT, exactly <size> bytes, +QFUPL: <size>,<checksum>, OK; a name in use is 407; listed, deleted", async () => {
	const t = new Terminal({ module: "bg95" });
	assert.match(await t.say("AT+QFUPL=?\r"), /^\r\n\+QFUPL: <filename>,\(1-1048576\),\(1-65535\),\(0,1\)\r\n/);
	assert.equal(await t.say("AT+QFUPL=\"UFS:a.pem\",3,5\r"), "\r\nCONNECT\r\n");
	assert.equal(await t.say("\x12\x34\x56", 100), info("+QFUPL: 3,4434"));
	assert.equal(await t.say("AT+QFUPL=\"a.pem\",3\r"), "\r\n+CME ERROR: 407\r\n", "the same file, without the prefix");
	assert.equal(await t.say("AT+QFUPL=\"RAM:b.pem\",3\r"), "\r\n+CME ERROR: 406\r\n", "UFS only");
	await t.say("AT+QFUPL=\"security/ca.pem\",2\r");
	await t.say("ab", 100);
	assert.equal(await t.say("AT+QFLST\r"), "\r\n+QFLST: \"a.pem\",3\r\n+QFLST: \"security/ca.pem\",2\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QFLST=\"UFS:security/*\"\r"), info("+QFLST: \"UFS:security/ca.pem\",2"));
	assert.equal(await t.say("AT+QFLDS=\"UFS\"\r"), info("+QFLDS: 1048571,1048576"));
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+QFDEL=\"UFS:a.pem\"\r"), OK, "kept across the reboot");
	assert.equal(await t.say("AT+QFDEL=\"a.pem\"\r"), "\r\n+CME ERROR: 405\r\n");
	assert.equal(await t.say("AT+QFDEL=\"*\"\r"), OK);
	assert.equal(await t.say("AT+QFLST\r"), OK);
	assert.equal(await t.say("AT+QFDEL\r"), ERROR);
});

test("AT+QFUPL: what came within <timeout> is kept and answered with its size; nothing is 421; <ackmode> 1 acknowledges each 1 KB", async () => {
	const t = new Terminal({ module: "bg95" });
	await t.say("AT+QFUPL=\"short.bin\",10,1\r");
	assert.equal(await t.say("abcd", 1500), info("+QFUPL: 4,206"), "4 of 10 bytes");
	assert.equal(await t.say("AT+QFLST=\"short.bin\"\r"), info("+QFLST: \"short.bin\",4"));
	await t.say("AT+QFUPL=\"none.bin\",10,1\r");
	assert.equal(await t.say("", 1500), "\r\n+CME ERROR: 421\r\n");
	assert.equal(await t.say("AT+QFUPL=\"big.bin\",2500,5,1\r"), "\r\nCONNECT\r\n");
	assert.equal(await t.say("x".repeat(1024), 200), "A");
	assert.equal(await t.say("x".repeat(1024), 200), "A");
	assert.match(await t.say("x".repeat(452), 200), /^\r\n\+QFUPL: 2500,[0-9a-f]+\r\n\r\nOK\r\n$/);
});
