// Chapter 9 (PSM, eDRX, release assistance, PSM events, sleep) and the power states on the virtual
// clock: RRC connected for the inactivity time after the last packet (or released at once with RAI),
// idle until T3324, then PSM; light sleep; periodic TAU; powerStats().
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, setUrl, Terminal } from "./at.js";
import { startServers } from "../../emulator/servers.js";


/** A GET and the read of its body; returns the virtual time it took. */
async function get(t: Terminal): Promise<number> {
	const start = t.clock.now();
	await t.say("AT+QHTTPGET=80\r", 0);
	await t.until(/\+QHTTPGET: 0,200/);
	assert.match(await t.say("AT+QHTTPREAD=100\r", 100), /hello, world/);
	return t.clock.now() - start;
}

const near = (actual: number, expected: number, slack: number, what: string) =>
	assert.ok(Math.abs(actual - expected) <= slack, `${what}: ${actual}, expected ${expected} ± ${slack}`);

test("AT+CPSMS: test, read (defaults), write, AT+CPSMS=2 resets; bad timer strings are ERROR", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CPSMS=?\r"), info("+CPSMS: (0-2),,,(\"00000000\"-\"11111111\"),(\"00000000\"-\"11111111\")"));
	assert.equal(await t.say("AT+CPSMS?\r"), info("+CPSMS: 0,,,\"01000011\",\"01000011\""));
	assert.equal(await t.say("AT+CPSMS=1,,,\"00100001\",\"00000101\"\r"), OK);
	assert.equal(await t.say("AT+CPSMS?\r"), info("+CPSMS: 1,,,\"00100001\",\"00000101\""));
	assert.equal(await t.say("AT+CPSMS=0\r"), OK);
	assert.equal(await t.say("AT+CPSMS?\r"), info("+CPSMS: 0,,,\"00100001\",\"00000101\""), "the timers are kept");
	assert.equal(await t.say("AT+CPSMS=2\r"), OK);
	assert.equal(await t.say("AT+CPSMS?\r"), info("+CPSMS: 0,,,\"01000011\",\"01000011\""));
	assert.equal(await t.say("AT+CPSMS=3\r"), ERROR);
	assert.equal(await t.say("AT+CPSMS=1,,,\"0010001\"\r"), ERROR);
	assert.equal(await t.say("AT+CPSMS=1,,,\"00100021\"\r"), ERROR);
	assert.equal(await t.say("AT+CPSMS=1,\"00100001\"\r"), ERROR);
});

test("AT+QPSMS: seconds, the greatest encodable value not above them, PSM on; the read form is the network's grant", async () => {
	const t = new Terminal();
	await t.say("AT+CEREG=4\r");
	assert.equal(await t.say("AT+QPSMS=?\r"), info("+QPSMS: (0-11160),(0-35712000)"));
	assert.equal(await t.say("AT+QPSMS?\r"), info("+QPSMS: 1,3240"), "no PSM: T3324 disabled (1), T3412 54 min");
	assert.equal(await t.say("AT+QPSMS=11161,60\r"), ERROR);
	assert.equal(await t.say("AT+QPSMS=11160,35712001\r"), ERROR);
	// 610 s: 10 min (1 min × 10) is the greatest value ≤ 610; 86 400 s: 24 × 1 h
	assert.equal(await t.say("AT+QPSMS=610,86400\r"), "\r\nOK\r\n\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9,,,\"00101010\",\"00111000\"\r\n");
	assert.equal(await t.say("AT+CPSMS?\r"), info("+CPSMS: 1,,,\"00111000\",\"00101010\""));
	assert.equal(await t.say("AT+QPSMS?\r"), info("+QPSMS: 600,86400"));
	assert.equal(await t.say("AT+CEREG?\r"), info("+CEREG: 4,1,\"4C10\",\"05C4EF33\",9,,,\"00101010\",\"00111000\""));
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.equal(await t.say("AT+CPSMS?\r"), "AT+CPSMS?\r" + info("+CPSMS: 0,,,\"01000011\",\"01000011\""), "AT+QPSMS is not saved to NVRAM");
});

test("the network may grant less than asked (option grant); AT+CEREG=5 shows the grant", async () => {
	const t = new Terminal({ grant: { activeTime: "00000101" } });
	await t.say("AT+CEREG=5\r");
	assert.equal(await t.say("AT+CPSMS=1,,,\"00100001\",\"00100100\"\r"), "\r\nOK\r\n\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9,,,\"00000101\",\"00100001\"\r\n");
	assert.equal(await t.say("AT+QPSMS?\r"), info("+QPSMS: 10,3600"));
	const refused = new Terminal({ grant: { psm: false } });
	await refused.say("AT+CPSMS=1\r");
	assert.equal(await refused.say("AT+QPSMS?\r"), info("+QPSMS: 1,3240"));
	assert.equal(refused.emulator.registration.psm, false);
});

test("AT+CEDRXS and AT+QEDRXCFG: forms, the manual's table, +CEDRXP with mode 2, AT+CEDRXRDP, AT+CEDRXS=3", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+CEDRXS=?\r"), info("+CEDRXS: (0-3),(5),(\"0000\"-\"1111\")"));
	assert.equal(await t.say("AT+QEDRXCFG=?\r"), info("+QEDRXCFG: (0-3),(5),(\"0000\"-\"1111\"),(\"0000\"-\"1111\")"));
	assert.equal(await t.say("AT+CEDRXS?\r"), info("+CEDRXS: 5,\"0011\""));
	assert.equal(await t.say("AT+QEDRXCFG?\r"), info("+QEDRXCFG: 5,\"0011\",\"0011\""));
	assert.equal(await t.say("AT+CEDRXRDP\r"), info("+CEDRXRDP: 0"));
	assert.equal(await t.say("AT+CEDRXS=2,5,\"0101\"\r"), "\r\nOK\r\n\r\n+CEDRXP: 5,\"0101\",\"0101\",\"0011\"\r\n");
	assert.equal(await t.say("AT+CEDRXRDP\r"), info("+CEDRXRDP: 5,\"0101\",\"0101\",\"0011\""));
	assert.equal(await t.say("AT+CEDRXS=1,5,\"0100\"\r"), ERROR, "0100 is not in the NB-S1 table");
	assert.equal(await t.say("AT+CEDRXS=1,4,\"0101\"\r"), ERROR, "AcT 5 (NB-S1) only");
	assert.equal(await t.say("AT+CEDRXS=4\r"), ERROR);
	assert.equal(await t.say("AT+QEDRXCFG=1,5,\"1001\",\"0111\"\r", 300), OK);
	assert.equal(await t.say("AT+QEDRXCFG?\r"), info("+QEDRXCFG: 5,\"1001\",\"0111\""));
	assert.equal(await t.say("AT+CEDRXS?\r"), info("+CEDRXS: 5,\"1001\""));
	assert.equal(await t.say("AT+QDRX?\r"), info("+QDRX: 2,8,4,0,4,2048,8"), "RRC connected (the TAU for the new settings)");
	await t.emulator.runFor(30000);
	assert.equal(await t.say("AT+QDRX?\r"), info("+QDRX: 1,163840"), "idle: the eDRX cycle");
	assert.equal(await t.say("AT+CEDRXS=3\r", 300), OK);
	assert.equal(await t.say("AT+CEDRXS?\r"), info("+CEDRXS: 5,\"0011\""));
	assert.equal(await t.say("AT+CEDRXRDP\r"), info("+CEDRXRDP: 0"));
	await t.emulator.runFor(30000);
	assert.equal(await t.say("AT+QDRX?\r"), info("+QDRX: 1,1280"), "idle: the DRX cycle");
	assert.equal(await t.say("AT+QDRX=?\r"), OK);
});

test("AT+QNBIOTEVENT and AT+CSCON forms; AT+QNBIOTRAI only while RRC is connected (602 otherwise)", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QNBIOTEVENT=?\r"), OK);
	assert.equal(await t.say("AT+QNBIOTEVENT?\r"), info("+QNBIOTEVENT: 0,1"));
	assert.equal(await t.say("AT+QNBIOTEVENT=1,2\r"), ERROR);
	assert.equal(await t.say("AT+QNBIOTEVENT=1,1\r"), OK);
	assert.equal(await t.say("AT+QNBIOTEVENT?\r"), info("+QNBIOTEVENT: 1,1"));
	assert.equal(await t.say("AT+CSCON=?\r"), info("+CSCON: (0,1)"));
	assert.equal(await t.say("AT+CSCON?\r"), info("+CSCON: 0,1"), "connected after the attach");
	assert.equal(await t.say("AT+QNBIOTRAI=?\r"), info("+QNBIOTRAI: (0,1)"));
	assert.equal(await t.say("AT+QNBIOTRAI=2\r"), ERROR);
	assert.equal(await t.say("AT+CSCON=1\r"), OK);
	assert.equal(await t.say("AT+QNBIOTRAI=1\r", 300), "\r\nOK\r\n\r\n+CSCON: 0\r\n", "released after raiReleaseMs");
	assert.equal(await t.say("AT+QNBIOTRAI=1\r"), "\r\n+CME ERROR: 602\r\n");
	assert.equal(await t.say("AT+CSCON?\r"), info("+CSCON: 1,0"));
});

test("a GET then idle: connected for rrcInactivityMs, idle until T3324 (light sleep once the UART is idle), then PSM; the wake byte leaves PSM and is lost", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal({ sleepAfter: 1000 });
		await t.say("AT+CPSMS=1,,,\"00100001\",\"00000101\"\r"); // T3412 1 h, T3324 10 s
		await t.say("AT+QNBIOTEVENT=1,1\r");
		await t.say("AT+CSCON=1\r");
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		await t.emulator.runFor(30000); // the attach's connection and the TAU are over; QSCLK=0: no PSM
		assert.equal(t.emulator.powerState, "idle");
		t.emulator.resetPowerStats();
		const took = await get(t);
		assert.equal(await t.say("AT+QSCLK=1\r"), OK);
		t.output = "";
		await t.emulator.runFor(60000);
		assert.equal(t.output, "\r\n+CSCON: 0\r\n\r\n+QNBIOTEVENT: \"ENTER PSM\"\r\n");
		const s = t.emulator.powerStats();
		// the read is local (the module holds the whole response): the radio is the request's and the 20 s after it
		assert.ok(s.connectedMs > 20000 && s.connectedMs < 20000 + took, `connected: ${s.connectedMs}`);
		// the UART fell asleep sleepAfter after the last byte, while the radio was still connected
		near(s.idleMs, 0, 5, "idle with the UART awake");
		near(s.lightSleepMs, 10000, 5, "light sleep from the release until T3324 expires");
		near(s.connectedMs + s.idleMs + s.lightSleepMs + s.psmMs, took + 60200, 1, "every ms in one state");
		assert.equal(s.awakeMs, s.connectedMs + s.idleMs);
		assert.ok(s.uartBytesIn > 30 && s.uartBytesOut > 30, JSON.stringify(s));
		assert.ok(s.pagings >= 7 && s.pagings <= 8, `10 s of idle at 1.28 s: ${s.pagings}`);
		assert.equal(t.emulator.powerState, "psm");
		// The first byte wakes the module (lost): EXIT PSM, and the late bare CR LF of the lost command.
		assert.equal(await t.say("AT\r", 2000), "\r\n+QNBIOTEVENT: \"EXIT PSM\"\r\n\r\n");
		assert.equal(await t.say("AT\r"), OK);
		assert.equal(t.emulator.powerState, "idle");
		const before = t.emulator.powerStats({ reset: true });
		assert.ok(before.psmMs > 29000, `${before.psmMs}`);
		assert.equal(t.emulator.powerStats().psmMs, 0, "reset");
	} finally {
		await servers.close();
	}
});

test("release assistance: AT+QNBIOTRAI=1 after the read releases the radio raiReleaseMs later; sent during the request, right after its last packet", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal({ raiReleaseMs: 100, network: "nbiot", seed: 9 });
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		await t.emulator.runFor(30000);
		t.emulator.resetPowerStats();
		const took = await get(t);
		assert.equal(await t.say("AT+QNBIOTRAI=1\r", 200), OK);
		await t.emulator.runFor(10000);
		near(t.emulator.powerStats().connectedMs, took + 100 + 1, 25, "connected: the request, then 100 ms");
		// During the request: the release follows its result URC.
		await t.emulator.runFor(30000);
		t.emulator.resetPowerStats();
		await t.say("AT+QHTTPGET=80\r", 60);
		assert.equal(await t.say("AT+QNBIOTRAI=1\r", 60), OK);
		const start = t.clock.now() - 120;
		await t.until(/\+QHTTPGET: 0,200/);
		const result = t.clock.now() - start;
		await t.emulator.runFor(10000);
		near(t.emulator.powerStats().connectedMs, result + 100, 25, "released 100 ms after the last packet");
	} finally {
		await servers.close();
	}
});

test("without PSM the idle module light-sleeps (QSCLK=1), wakes the radio for a periodic TAU every T3412, never enters PSM", async () => {
	const t = new Terminal({ sleepAfter: 1000, periodicTauMs: 60000, tauMs: 1000 });
	await t.say("AT+QSCLK=1\r");
	await t.say("AT+CSCON=1\r");
	await t.emulator.runFor(25000);
	t.emulator.resetPowerStats();
	t.output = "";
	await t.emulator.runFor(200000); // TAUs at 80 s, 141 s, 202 s after power-on
	assert.equal(t.output, "\r\n+CSCON: 1\r\n\r\n+CSCON: 0\r\n".repeat(3));
	const s = t.emulator.powerStats();
	assert.equal(s.psmMs, 0);
	near(s.connectedMs, 3000, 1, "three TAUs");
	assert.ok(s.lightSleepMs > 190000, JSON.stringify(s));
	assert.ok(s.idleMs <= 3000, JSON.stringify(s));
});

test("in PSM a periodic TAU (T3412) leaves PSM, holds the radio tauMs, and PSM follows T3324 again", async () => {
	const t = new Terminal({ sleepAfter: 500, tauMs: 1000 });
	await t.say("AT+QNBIOTEVENT=1,1\r");
	await t.say("AT+QSCLK=1\r");
	await t.say("AT+CPSMS=1,,,\"10100010\",\"00000010\"\r"); // T3412 2 min, T3324 4 s
	await t.emulator.runFor(10000);
	assert.equal(t.emulator.powerState, "psm");
	t.emulator.resetPowerStats();
	t.output = "";
	await t.emulator.runFor(300000);
	assert.equal(t.output, "\r\n+QNBIOTEVENT: \"EXIT PSM\"\r\n\r\n+QNBIOTEVENT: \"ENTER PSM\"\r\n".repeat(2));
	const s = t.emulator.powerStats();
	near(s.connectedMs, 2000, 1, "two TAUs");
	near(s.idleMs + s.lightSleepMs, 8000, 2, "T3324 after each");
	near(s.psmMs, 290000, 3, "the rest");
});

test("AT+QSCLK=2 (light sleep only): the wake byte is lost too, but T3324's expiry gives no PSM", async () => {
	const t = new Terminal({ sleepAfter: 1000 });
	await t.say("AT+CPSMS=1,,,\"00100001\",\"00000001\"\r");
	await t.say("AT+QSCLK=2\r");
	await t.emulator.runFor(60000);
	assert.equal(t.emulator.powerState, "lightSleep");
	assert.equal(t.emulator.powerStats().psmMs, 0);
	assert.equal(await t.say("AT\r", 1900), "\r\n");
	assert.equal(await t.say("AT\r"), OK);
});

test("eDRX in idle: one paging occasion per eDRX cycle", async () => {
	const t = new Terminal({ sleepAfter: 1000 });
	await t.say("AT+CEDRXS=1,5,\"0010\"\r"); // 20.48 s
	await t.emulator.runFor(30000);
	t.emulator.resetPowerStats();
	await t.emulator.runFor(204800);
	assert.equal(t.emulator.powerStats().pagings, 10);
});
