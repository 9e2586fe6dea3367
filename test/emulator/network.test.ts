// The AT Commands Manual's network, PDN, USIM and identity commands (chapters 2–5, 8, 9.3), the
// registration life cycle on the virtual clock, and the network faults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, setUrl, Terminal } from "./at.js";
import { startServers } from "../../emulator/servers.js";


test("AT+CEREG: test and read forms, <n> 0–5, out of range ERROR; registered at once after power-on", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CEREG=?\r"), info("+CEREG: (0-5)"));
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 0,1"));
	assert.equal(await t.say("AT+CEREG=6\r"), ERROR);
	assert.equal(await t.say("AT+CEREG\r"), ERROR);
	assert.equal(await t.say("AT+CEREG=1\r"), OK);
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 1,1"));
	assert.equal(await t.say("AT+CEREG=2\r"), OK);
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 2,1,\"4C10\",\"05C4EF33\",9"));
	assert.equal(await t.say("AT+CEREG=3\r"), OK);
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 3,1,\"4C10\",\"05C4EF33\",9"));
	assert.equal(await t.say("AT+CEREG=4\r"), OK);
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 4,1,\"4C10\",\"05C4EF33\",9"), "no PSM granted: no timers");
	assert.equal(await t.say("AT+CGATT?\r"), info("+CGATT: 1"));
	assert.equal(await t.say("AT+CGATT=?\r"), info("+CGATT: (0,1)"));
});

test("AT+CFUN=0 then 1: +CEREG: 0, then +CPIN: READY, searching (2) for searchMs, registered (1) and +IP:", async () => {
	const t = new Terminal({ searchMs: 3000 });
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("AT+CFUN=0\r"), "\r\nOK\r\n\r\n+CEREG: 0\r\n");
	assert.equal(await t.say("AT+CFUN?\r"), info("+CFUN: 0"));
	assert.equal(await t.say("AT+CGATT?\r"), info("+CGATT: 0"));
	assert.equal(await t.say("AT+CGPADDR\r"), OK, "no address");
	assert.equal(await t.say("AT+CIMI\r"), "\r\n+CME ERROR: 13\r\n", "the (U)SIM is off");
	assert.equal(await t.say("AT+QCCID\r"), OK, "an unreadable card gives no data");
	assert.equal(await t.say("AT+CFUN=1\r", 100), "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+CEREG: 2\r\n");
	assert.equal(await t.say("AT+CGATT?\r"), info("+CGATT: 0"));
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 1,2"));
	assert.equal(await t.say("", 3000), "\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+CGATT?\r"), info("+CGATT: 1"));
	assert.equal(await t.say("AT+CGPADDR\r"), info("+CGPADDR: 0,\"10.64.2.17\""));
	assert.equal(await t.say("AT+CFUN=?\r"), info("+CFUN: (0,1,4),(0,1)"));
	assert.equal(await t.say("AT+CFUN=2\r"), ERROR);
	assert.equal(await t.say("AT+CFUN=4\r"), "\r\nOK\r\n\r\n+CEREG: 0\r\n", "RF off");
	assert.equal(await t.say("AT+CIMI\r"), info("460001357924680"), "the (U)SIM stays on with CFUN=4");
});

test("AT+CFUN=0,1 resets into minimum functionality: OK, RDY, +CFUN: 0 (the manual's example)", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CFUN=0,1\r", 1000), "\r\nOK\r\n\r\nRDY\r\n");
	assert.equal(await t.say("AT+CFUN?\r"), "AT+CFUN?\r\r\n+CFUN: 0\r\n\r\nOK\r\n", "echo is on again after the reset");
	assert.match(await t.say("AT+CFUN=1,1\r", 1000), /OK\r\n\r\nRDY\r\n\r\n\+CFUN: 1\r\n\r\n\+CPIN: READY\r\n\r\n\+IP: 10\.64\.2\.17\r\n$/);
});

test("AT+CGATT=0 detaches (stat 0), AT+CGATT=1 searches and attaches again", async () => {
	const t = new Terminal({ searchMs: 1000 });
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("AT+CGATT=0\r"), "\r\nOK\r\n\r\n+CEREG: 0\r\n");
	assert.equal(await t.say("AT+CGATT=1\r", 1500), "\r\nOK\r\n\r\n+CEREG: 2\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+CGATT=2\r"), ERROR);
});

test("bootSearchMs: the boot URCs without +IP:, searching, then +IP:; roaming gives stat 5", async () => {
	const t = new Terminal({ boot: true, echo: false, bootSearchMs: 5000, roaming: true, searchMs: 10 });
	await t.emulator.runFor(100);
	assert.equal(t.output, "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 0,2"));
	assert.equal(await t.say("AT+CGATT?\r"), info("+CGATT: 0"));
	assert.equal(await t.say("", 5000), "\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 0,5"));
});

test("a request while not registered: OK, then +QHTTPGET: 709 (network deactivated)", async () => {
	const t = new Terminal({ faults: "searching" });
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 0,2"));
	await setUrl(t, "http://127.0.0.1:1/");
	assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\nOK\r\n\r\n+QHTTPGET: 709\r\n");
	assert.equal(await t.say("AT+QHTTPREAD=10\r"), "\r\n+CME ERROR: 705\r\n");
});

test("faults: searching never registers until clear; denied gives stat 3 with its EMM cause (n=3, n=5)", async () => {
	const t = new Terminal({ searchMs: 1000 });
	await t.say("AT+CEREG=3\r");
	t.emulator.inject("searching");
	assert.equal(await t.say("", 60000), "\r\n+CEREG: 2\r\n", "a registered module loses its cell and searches");
	t.emulator.inject("clear");
	assert.equal(await t.say("", 1100), "\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9\r\n\r\n+IP: 10.64.2.17\r\n");
	t.emulator.inject("denied");
	assert.equal(await t.say("AT+CEREG?\r"), "\r\n+CEREG: 3,,,,0,11\r\n\r\n+CEREG: 3,3,,,,0,11\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CEREG=5\r"), OK);
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 5,3,,,,0,11"));
	assert.equal(await t.say("AT+CEREG=1\r"), OK);
	assert.equal(await t.say("AT+CESQ\r"), info("+CESQ: 99,99,255,255,25,61"), "a denied module still has a cell");
	// CFUN cycle while denied: searching, then denied again
	await t.say("AT+CFUN=0\r");
	assert.equal(await t.say("AT+CFUN=1\r", 1100), "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+CEREG: 2\r\n\r\n+CEREG: 3\r\n");
	t.emulator.inject("clear");
	assert.equal(await t.say("", 1100), "\r\n+CEREG: 2\r\n\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	t.emulator.inject("denied=7");
	assert.equal(t.emulator.registration.cause, 7);
});

test("faults: coverage-lost=<ms> (stat 4, no signal) and coverage-back=<ms> (searching, then registered)", async () => {
	const t = new Terminal({ searchMs: 2000, faults: ["coverage-lost=10000", "coverage-back=20000"] });
	await t.say("AT+CEREG=1\r");
	assert.equal(await t.say("", 10000), "\r\n+CEREG: 4\r\n");
	assert.equal(await t.say("AT+CESQ\r"), info("+CESQ: 99,99,255,255,255,255"));
	assert.equal(await t.say("AT+CSQ\r"), info("+CSQ: 99,99"));
	assert.equal(await t.say("", 10000), "\r\n+CEREG: 2\r\n");
	assert.equal(await t.say("", 2000), "\r\n+CEREG: 1\r\n\r\n+IP: 10.64.2.17\r\n");
	assert.equal(await t.say("AT+CSQ\r"), info("+CSQ: 22,0"));
	t.emulator.inject("coverage-lost");
	assert.equal(t.emulator.registration.stat, 4);
	t.emulator.inject("coverage-back");
	assert.equal(t.emulator.registration.stat, 2);
});

test("coverage lost during a request: no answer, +QHTTPGET: 702 at <rsptime>", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal({ network: "nbiot", seed: 5 });
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		assert.equal(await t.say("AT+QHTTPGET=5\r", 60), OK);
		t.emulator.inject("coverage-lost");
		t.output = "";
		const start = t.clock.now();
		assert.equal(await t.until(/\+QHTTPGET: /, 10000), "\r\n+QHTTPGET: 702\r\n");
		assert.ok(t.clock.now() - start > 4000, "at <rsptime>");
	} finally {
		await servers.close();
	}
});

test("the APN: AT+QCGDEFCONT (from the next boot; another APN than the network's is denied, cause 19) and AT+CGDCONT", async () => {
	const t = new Terminal({ apn: "iot.example" });
	assert.equal(await t.say("AT+QCGDEFCONT=?\r"), info("+QCGDEFCONT: (\"IP\",\"IPV6\",\"IPV4V6\",\"Non-IP\")"));
	assert.equal(await t.say("AT+QCGDEFCONT?\r"), info("+QCGDEFCONT: \"IP\""));
	assert.equal(await t.say("AT+QCGDEFCONT=\"IP\",\"wrong.apn\"\r"), OK);
	assert.equal(await t.say("AT+QCGDEFCONT?\r"), info("+QCGDEFCONT: \"IP\",\"wrong.apn\""));
	assert.equal(await t.say("AT+QCGDEFCONT=\"IP\",\"wrong.apn\",\"user\",\"pw\"\r"), OK);
	assert.equal(await t.say("AT+QCGDEFCONT?\r"), info("+QCGDEFCONT: \"IP\",\"wrong.apn\",\"user\",\"pw\",1"), "PAP when a user is given");
	assert.equal(await t.say("AT+QCGDEFCONT=\"IP\",\"a\",\"u\",\"p\",2\r"), ERROR, "CHAP is not supported");
	assert.equal(await t.say("AT+QCGDEFCONT=\"PPP\"\r"), ERROR);
	assert.equal(await t.say(`AT+QCGDEFCONT="IP","${"a".repeat(100)}"\r`), ERROR, "APN up to 99 bytes");
	assert.equal(await t.say("AT+CGDCONT?\r"), info("+CGDCONT: 0,\"IP\",\"IOT.EXAMPLE\",\"10.64.2.17\""), "not yet in use: the network's APN");
	t.emulator.reboot();
	await t.emulator.runFor(3000);
	assert.equal(await t.say("AT+CEREG=5\r"), "AT+CEREG=5\r\r\nOK\r\n");
	assert.equal(await t.say("AT+CEREG?\r"), "AT+CEREG?\r\r\n+CEREG: 5,3,,,,0,19\r\n\r\nOK\r\n");
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+QCGDEFCONT=\"IP\",\"IOT.example\"\r"), OK);
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 5,1,\"4C10\",\"05C4EF33\",9"), "the APN is case-insensitive; +CEREG's <n> is kept in NVRAM");
	assert.equal(await t.say("AT+CGDCONT=1,\"IP\",\"cmnet\"\r"), OK);
	assert.equal(await t.say("AT+CGDCONT?\r"), "\r\n+CGDCONT: 0,\"IP\",\"IOT.EXAMPLE\",\"10.64.2.17\"\r\n+CGDCONT: 1,\"IP\",\"CMNET\"\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+CGDCONT=0,\"IP\",\"x\"\r"), ERROR, "context 0 is AT+QCGDEFCONT's");
	assert.equal(await t.say("AT+CGDCONT=11,\"IP\",\"x\"\r"), ERROR);
	assert.equal(await t.say("AT+CGDCONT=1\r"), OK, "undefines context 1");
	assert.equal(await t.say("AT+CGDCONT?\r"), info("+CGDCONT: 0,\"IP\",\"IOT.EXAMPLE\",\"10.64.2.17\""));
	assert.match(await t.say("AT+CGDCONT=?\r"), /^\r\n\+CGDCONT: \(0-10\),\("IP","IPV6","IPV4V6","Non-IP"\),,,,,\(0,1\),\(0-3\)/);
});

test("signal and identities: AT+CESQ, AT+CSQ, AT+CGSN (0–3), AT+CIMI, AT+QCCID, AT+CPIN?", async () => {
	const t = new Terminal({ signal: { rsrp: 40, rsrq: 10, rssi: 9, ber: 99 }, imei: "490154203237518" });
	assert.equal(await t.say("AT+CESQ\r"), info("+CESQ: 99,99,255,255,10,40"));
	assert.equal(await t.say("AT+CESQ=?\r"), info("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)"));
	assert.equal(await t.say("AT+CSQ\r"), info("+CSQ: 9,99"));
	assert.equal(await t.say("AT+CSQ=?\r"), info("+CSQ: (0-31,99),(0-7,99)"));
	assert.equal(await t.say("AT+CGSN\r"), info("490154203237518"));
	assert.equal(await t.say("AT+CGSN=0\r"), info("490154203237518"));
	assert.equal(await t.say("AT+CGSN=1\r"), info("+CGSN: 490154203237518"));
	assert.equal(await t.say("AT+CGSN=2\r"), info("+CGSN: 4901542032375101"));
	assert.equal(await t.say("AT+CGSN=3\r"), info("+CGSN: 01"));
	assert.equal(await t.say("AT+CGSN=4\r"), ERROR);
	assert.equal(await t.say("AT+CGSN=?\r"), info("+CGSN: (0-3)"));
	assert.equal(await t.say("AT+CIMI\r"), info("460001357924680"));
	assert.equal(await t.say("AT+CIMI=?\r"), OK);
	assert.equal(await t.say("AT+QCCID\r"), info("+QCCID: 89860446091891372008"));
	assert.equal(await t.say("AT+CPIN?\r"), info("+CPIN: READY"));
	assert.equal(await t.say("AT+CPIN=1234\r"), "\r\n+CME ERROR: 3\r\n", "no PIN is pending");
	const d = new Terminal();
	assert.equal(await d.say("AT+CESQ\r"), info("+CESQ: 99,99,255,255,25,61"), "the manual's example");
	assert.equal(await d.say("AT+CSQ\r"), info("+CSQ: 22,0"), "the manual's example");
	assert.equal(await d.say("AT+CGSN=1\r"), info("+CGSN: 866818039921444"), "the manual's example");
});

test("existing general answers are kept: AT+CPIN?, AT+CGPADDR=1, AT+QIDNSCFG?, AT+QSCLK", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CGPADDR=0\r"), info("+CGPADDR: 0,\"10.64.2.17\""));
	assert.equal(await t.say("AT+CGPADDR=1\r"), info("+CGPADDR: 1"));
	assert.equal(await t.say("AT+CGPADDR=?\r"), info("+CGPADDR: (0)"));
	assert.equal(await t.say("AT+QIDNSCFG?\r"), info("+QIDNSCFG: \"8.8.8.8\",\"8.8.4.4\""));
	assert.equal(await t.say("AT+QIDNSCFG=0,\"1.1.1.1\"\r"), OK);
	assert.equal(await t.say("AT+QSCLK=?\r"), info("+QSCLK: (0-2)"));
	assert.equal(await t.say("AT+QSCLK=3\r"), ERROR);
	assert.equal(await t.say("AT+QSCLK?\r"), info("+QSCLK: 0"));
});

test("AT+IPR: test and read forms; the OK at the old rate, then the UART runs at the new one", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+IPR=?\r"), info("+IPR: (2400,4800,9600,19200,38400,57600,115200,230400,460800)"));
	assert.equal(await t.say("AT+IPR?\r"), info("+IPR: 115200"));
	assert.equal(await t.say("AT+IPR=1200\r"), ERROR);
	assert.equal(await t.say("AT+IPR=9600\r", 30), OK, "answered at 115200: within 30 ms");
	assert.equal(await t.say("AT+IPR?\r", 30), "", "at 9600 baud, 8 bytes in and 20 out take about 50 ms");
	await t.emulator.runFor(100);
	assert.equal(t.output, info("+IPR: 9600"));
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT+IPR?\r", 200), "AT+IPR?\r" + info("+IPR: 9600"), "saved to NVRAM");
});
