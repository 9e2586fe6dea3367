// The AT Commands Manual's chapter 7: operator selection and the registration behind it, bands and
// frequency locks that decide whether the cell is found, CIoT optimization, control-plane data, timing
// advance, PLMN search, the throughput test and the stored settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";

test("AT+COPS: the example's forms; mode 2 deregisters until mode 0; mode 1 to another operator searches without end", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+COPS?\r"), info("+COPS: 0,2,\"46000\",9"), "the manual's example");
	assert.equal(await t.say("AT+COPS=?\r"), info("+COPS: (2,\"CHINA MOBILE\",\"CMCC\",\"46000\",9),(3,\"CHINA UNICOMM\",\"CUCC\",\"46001\",9),(1,\"\",\"\",\"21405\",9),(1,\"CHINA TELECOM\",\"CTCC\",\"46011\",9),,(0-4),(0-2)"));
	assert.equal(await t.say("AT+COPS=0\r"), OK, "FIELD-NOTES: OK while registered");
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("AT+COPS=2\r"), "\r\nOK\r\n\r\n+CEREG: 0\r\n");
	assert.equal(await t.say("AT+COPS?\r", 500), info("+COPS: 2"));
	assert.equal(await t.say("AT+COPS=0\r", 500), "\r\nOK\r\n\r\n+CEREG: 2\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+COPS=3,0\r"), OK);
	assert.equal(await t.say("AT+COPS?\r"), info("+COPS: 0,0,\"CHINA MOBILE\",9"));
	assert.equal(await t.say("AT+COPS=1,1,\"CUCC\"\r", 3000), "\r\nOK\r\n\r\n+CEREG: 2\r\n");
	assert.equal(await t.say("AT+COPS?\r"), info("+COPS: 1"));
	assert.equal(await t.say("AT+COPS=1,2,\"46000\",9\r", 500), "\r\nOK\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+COPS=1\r"), ERROR, "<oper> must be present");
	assert.equal(await t.say("AT+COPS=0,0,\"x\",7\r"), ERROR, "AcT 9 only");
	assert.equal(await t.say("AT+COPS=4,2,\"46001\"\r", 500), OK, "manual then automatic: registered");
	assert.equal(await t.say("AT+COPS?\r"), info("+COPS: 0,2,\"46000\",9"));
	await t.say("AT+COPS=2\r", 500);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT+COPS?\r"), "AT+COPS?\r" + info("+COPS: 0,2,\"46000\",9"), "mode 2 is not saved");
});

test("AT+QBAND: the bands, kept in NVRAM; without band 8 the cell is not found; a write detaches and attaches again", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+QBAND=?\r"), info("+QBAND: (0-17),(1,2,3,4,5,8,12,13,17,18,19,20,25,28,66,70,85)"));
	assert.equal(await t.say("AT+QBAND?\r"), info("+QBAND: 1,2,3,4,5,8,12,13,17,18,19,20,25,28,66,70,85"));
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("AT+QBAND=1,4\r", 3000), "\r\nOK\r\n\r\n+CEREG: 2\r\n");
	assert.equal(await t.say("AT+QBAND?\r"), info("+QBAND: 4"), "the manual's example");
	assert.equal(await t.say("AT+QBAND=2,8,3\r", 500), "\r\nOK\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+QBAND=2,8\r"), ERROR, "the count must match");
	assert.equal(await t.say("AT+QBAND=1,7\r"), ERROR, "not a supported band");
	assert.equal(await t.say("AT+QBAND=2,8,8\r"), ERROR);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT+QBAND?\r"), "AT+QBAND?\r" + info("+QBAND: 8,3"));
	assert.equal(await t.say("AT+QBAND=0\r", 500), "AT+QBAND=0\r\r\nOK\r\n\r\n+CEREG: 2\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
});

test("AT+QLOCKF: only with AT+CFUN=0; a lock to another EARFCN or PCI keeps the module searching after AT+CFUN=1", async () => {
	const t = new Terminal({ searchMs: 100 });
	assert.equal(await t.say("AT+QLOCKF=?\r"), info("+QLOCKF: (0-2)"));
	assert.equal(await t.say("AT+QLOCKF=1,2508\r"), "\r\n+CME ERROR: 3\r\n");
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QLOCKF=1,2508\r"), OK, "the manual's example");
	assert.equal(await t.say("AT+QLOCKF?\r"), info("+QLOCKF: 1,2508"));
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("AT+CFUN=1\r", 3000), "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+CEREG: 2\r\n");
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QLOCKF=1,3688,,121\r"), OK);
	assert.equal(await t.say("AT+QLOCKF=1,3688,504\r"), ERROR, "a PCI above 503");
	assert.equal(await t.say("AT+QLOCKF=2,,2,3688,2508\r"), OK);
	assert.equal(await t.say("AT+QLOCKF?\r"), "\r\n+QLOCKF: 1,3688,121\r\n+QLOCKF: 2,3688,2508\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QLOCKF=2,,3,3688\r"), ERROR, "<numofEARFCN> must match");
	assert.equal(await t.say("AT+CFUN=1\r", 500), "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+CEREG: 2\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+QLOCKF=0\r"), OK);
	assert.equal(await t.say("AT+QLOCKF?\r"), OK);
	assert.equal(await t.say("AT+QCSEARFCN\r"), OK);
	await t.say("AT+CFUN=1\r");
	assert.equal(await t.say("AT+QCSEARFCN\r"), "\r\n+CME ERROR: 3\r\n", "only with AT+CFUN=0");
});

test("AT+CCIOTOPT (a URC at attach with <n> 1, 3 resets), AT+CSODCP (on the radio), AT+QNBPARA, AT+QPLMNS", async () => {
	const t = new Terminal({ searchMs: 100, rrcInactivityMs: 1000, raiReleaseMs: 100 });
	assert.equal(await t.say("AT+CCIOTOPT=?\r"), info("+CCIOTOPT: (0,1,3),(1,3),(0-2)"));
	assert.equal(await t.say("AT+CCIOTOPT?\r"), info("+CCIOTOPT: 0,3,1"));
	assert.equal(await t.say("AT+CCIOTOPT=1,1,2\r"), OK);
	assert.equal(await t.say("AT+CCIOTOPT=2\r"), ERROR);
	await t.say("AT+CGATT=0\r");
	assert.equal(await t.say("AT+CGATT=1\r", 500), "\r\nOK\r\n\r\n+IP: 10.64.2.17\r\n\r\n+CCIOTOPTI: 3\r\n");
	assert.equal(await t.say("AT+CCIOTOPT=3\r"), OK);
	assert.equal(await t.say("AT+CCIOTOPT?\r"), info("+CCIOTOPT: 0,3,1"));
	assert.equal(await t.say("AT+QNBPARA?\r"), info("+QNBPARA: \"TA\",0"), "connected (the attach)");
	await t.emulator.runFor(2000);
	assert.equal(await t.say("AT+QNBPARA=\"TA\"\r"), info("+QNBPARA: \"TA\",-1"));
	assert.equal(await t.say("AT+QNBPARA=?\r"), info("+QNBPARA: \"TA\",(-1-1282)"));
	assert.equal(await t.say("AT+CSODCP=?\r"), info("+CSODCP: (0-10),(950),(0-2),(0,1)"));
	assert.equal(await t.say("AT+CSODCP=0,3,\"AB01\"\r"), ERROR, "the length counts octets");
	assert.equal(await t.say("AT+CSODCP=0,2,\"AB01\",1\r", 50), OK);
	assert.equal(t.emulator.powerState, "connected");
	await t.emulator.runFor(200);
	assert.equal(t.emulator.powerState, "idle", "released after it (RAI 1)");
	assert.equal(await t.say("AT+CSODCP=3,2,\"AB01\"\r"), "\r\n+CME ERROR: 304\r\n", "context 3 is not active");
	assert.equal(await t.say("AT+QPLMNS?\r"), info("+QPLMNS: 2"));
	assert.equal(await t.say("AT+QPLMNS\r"), "\r\n+CME ERROR: 3\r\n", "in service");
	t.emulator.inject("searching");
	assert.equal(await t.say("AT+QPLMNS?\r"), info("+QPLMNS: 1"));
	assert.equal(await t.say("AT+QPLMNS\r"), OK);
});

test("AT+QIPERF: a client reports every interval and ends after its duration; =0 stops; not twice", async () => {
	const t = new Terminal();
	assert.match(await t.say("AT+QIPERF=?\r"), /^\r\n\+QIPERF: \(0-5\),\(0,1\),\(1-65535\),<ipaddr>,/);
	assert.equal(await t.say("AT+QIPERF=1,0,5001\r"), ERROR, "a client needs the server's address");
	assert.equal(await t.say("AT+QIPERF=1,0,5001,\"180.101.147.115\",10800,1350,100,20,10\r"), OK);
	assert.equal(await t.say("AT+QIPERF=3\r"), "\r\n+CME ERROR: 3\r\n", "one test at a time");
	assert.equal(await t.say("", 20000), "\r\n+QIPERF: Client SUCC, pkg sent bytes: 13500, UL through put: 10800 bps\r\n"
		+ "\r\n+QIPERF: Client SUCC, pkg sent bytes: 13500, UL through put: 10800 bps\r\n"
		+ "\r\n+QIPERF: Client END, pkg sent total bytes: 27000, average UL through put: 10800 bps\r\n");
	assert.equal(await t.say("AT+QIPERF=3\r"), OK);
	assert.equal(await t.say("AT+QIPERF=0\r"), "\r\nOK\r\n\r\n+QIPERF: Server END, pkg recv total bytes: 0, average DL through put: 0 bps\r\n");
});

test("stored settings: AT+QRHPLMNS, AT+QLAPI, AT+QLEDMODE, AT+QBANDSCAN, AT+QOOSAIND kept in NVRAM; AT+CRTDCP not", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QRHPLMNS=?\r"), info("+QRHPLMNS: (0,1),(0,1)"));
	assert.equal(await t.say("AT+QRHPLMNS=1\r"), ERROR, "both parameters");
	for (const [name, write, read] of [["QRHPLMNS", "1,1", "1,1"], ["QLAPI", "1", "1"], ["QLEDMODE", "0", "0"], ["QBANDSCAN", "1", "1"], ["QOOSAIND", "1", "1"], ["CRTDCP", "1", "1"]]) {
		assert.equal(await t.say(`AT+${name}=${write}\r`), OK, name);
		assert.equal(await t.say(`AT+${name}?\r`), info(`+${name}: ${read}`), name);
		assert.equal(await t.say(`AT+${name}=2\r`), ERROR, name);
	}
	assert.equal(await t.say("AT+QBANDSCAN=?\r"), info("+QBANDSCAN: (0,1)"));
	assert.equal(await t.say("AT+CRTDCP=?\r"), info("+CRTDCP: (0,1),(0-10),(1600)"));
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	for (const [name, read] of [["QRHPLMNS", "1,1"], ["QLAPI", "1"], ["QLEDMODE", "0"], ["QBANDSCAN", "1"], ["QOOSAIND", "1"], ["CRTDCP", "0"]]) {
		assert.equal(await t.say(`AT+${name}?\r`), info(`+${name}: ${read}`), `${name} after a reboot`);
	}
});
