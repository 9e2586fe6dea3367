// The modem's network jobs (issue 17) as transcripts on the stand-in module: bring-up (start) with each
// of its endings, status parsed from the module's bytes (padded with blank lines, unknown URCs between
// the lines), PSM/eDRX requests as the manual's write forms, registration changes as onNetwork events.
// Each row states the commands the module must see: a step dropped or added changes the transcript.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { FakeModule } from "./fake-module.js";
import { Modem } from "../../modules/quectel/modem.js";
import { remedy } from "../../modules/remedies.js";
import { ModemError } from "../../modules/quectel/errors.js";
import type { ModemStatus, NetworkState, StartResult } from "../../modules/quectel/network.js";

function rig(): { module: FakeModule; modem: Modem; events: NetworkState[] } {
	const module = new FakeModule(7); // a small read limit: every answer arrives split
	const events: NetworkState[] = [];
	const modem = new Modem({ serial: module.serial, timer: module.timer, onNetwork: (state) => events.push(state) });
	return { module, modem, events };
}

function answer(module: FakeModule, prefix: string, reply: string): void {
	module.overrides.push({ prefix, answer: { reply } });
}

/** Runs the module until the promise settles; its value or error. */
async function settle<T>(module: FakeModule, promise: Promise<T>, limit = 600000): Promise<{ value?: T; error?: ModemError }> {
	const outcome: { value?: T; error?: ModemError; done?: boolean } = {};
	promise.then((value) => { outcome.value = value; outcome.done = true; }, (error) => { outcome.error = error; outcome.done = true; });
	for (let turn = 0; turn < 100 && !outcome.done; turn++) {
		module.run(() => !!outcome.done, limit);
		await null;
	}
	ok(outcome.done, "the job never settled");
	return outcome;
}

const REGISTERED = "\r\n+CEREG: 5,1,\"4C10\",\"05C4EF33\",9,,,\"00000101\",\"00000110\"\r\n\r\nOK\r\n";

test("start: SIM, registration URCs on, registered at home, the address; onNetwork told", async () => {
	const { module, modem, events } = rig();
	answer(module, "AT+CEREG?", REGISTERED);
	const { value, error } = await settle(module, modem.start());
	equal(error, undefined);
	deepEqual(module.commands, ["AT", "AT+CPIN?", "AT+CEREG=5", "AT+CEREG?", "AT+CGPADDR"]);
	const result = value as StartResult;
	equal(result.stat, 1);
	equal(result.registered, true);
	equal(result.roaming, false);
	equal(result.address, "10.0.0.2");
	deepEqual(events, [{ stat: 1, registered: true, roaming: false, cause: 0 }]);
	modem.close();
});

test("start: searching, then roaming (stat 5) is registered too; the wait polls AT+CEREG?", async () => {
	const { module, modem } = rig();
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,2\r\n\r\nOK\r\n");
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,2\r\n\r\nOK\r\n");
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,5,\"4C10\",\"05C4EF33\",9\r\n\r\nOK\r\n");
	const { value, error } = await settle(module, modem.start());
	equal(error, undefined);
	equal(value!.roaming, true);
	equal(value!.registered, true);
	deepEqual(module.commands.filter((c) => c === "AT+CEREG?").length, 3);
	modem.close();
});

test("start: SIM not ready (+CME ERROR: 10) fails with 950 and what the module said; nothing else is sent", async () => {
	const { module, modem } = rig();
	answer(module, "AT+CPIN?", "\r\n+CME ERROR: 10\r\n");
	const { error } = await settle(module, modem.start());
	ok(error instanceof ModemError);
	equal(error!.code, 950);
	ok(error!.message.includes("(U)SIM not ready (950)") && error!.message.includes("+CME ERROR: 10"), error!.message);
	ok(remedy(950).includes("SIM is inserted"));
	deepEqual(module.commands, ["AT", "AT+CPIN?"]);
	modem.close();
});

test("start: SIM PIN (not READY) fails with 950 too", async () => {
	const { module, modem } = rig();
	answer(module, "AT+CPIN?", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
	const { error } = await settle(module, modem.start());
	equal(error!.code, 950);
	modem.close();
});

test("start: registration denied (stat 3, EMM cause 11) fails at once with 951 and the cause", async () => {
	const { module, modem, events } = rig();
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,3,,,,0,11\r\n\r\nOK\r\n");
	const { error } = await settle(module, modem.start());
	equal(error!.code, 951);
	ok(error!.message.includes("EMM cause 11"), error!.message);
	equal(error!.retryable, false);
	deepEqual(events, [{ stat: 3, registered: false, roaming: false, cause: 11 }]);
	modem.close();
});

test("start: no registration within the timeout fails with 952, saying the last stat", async () => {
	const { module, modem } = rig();
	for (let i = 0; i < 40; i++) answer(module, "AT+CEREG?", "\r\n+CEREG: 5,2\r\n\r\nOK\r\n");
	const before = module.clock.now();
	const { error } = await settle(module, modem.start({ timeout: 10000 }));
	equal(error!.code, 952);
	ok(error!.message.includes("stat 2"), error!.message);
	const took = module.clock.now() - before;
	ok(took >= 10000 && took < 20000, `took ${took} ms`);
	modem.close();
});

test("start: a URC saying registered ends the wait early", async () => {
	const { module, modem } = rig();
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,2\r\n\r\nOK\r\n");
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,2\r\n\r\nOK\r\n");
	answer(module, "AT+CEREG?", REGISTERED);
	const promise = modem.start();
	module.run(() => module.commands.filter((c) => c === "AT+CEREG?").length === 2, 60000);
	module.run(() => false, 50); // the second answer in, the next poll 1 s away
	const at = module.clock.now();
	module.emit("\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9\r\n");
	const { error } = await settle(module, promise);
	equal(error, undefined);
	equal(module.commands.filter((c) => c === "AT+CEREG?").length, 3);
	ok(module.clock.now() - at < 500, `done ${module.clock.now() - at} ms after the URC`);
	modem.close();
});

test("start: an APN that differs is written and the module restarted (AT+CFUN=1,1); the same APN is not", async () => {
	const { module, modem } = rig();
	answer(module, "AT+QCGDEFCONT?", "\r\n+QCGDEFCONT: \"IP\",\"other\"\r\n\r\nOK\r\n");
	answer(module, "AT+CFUN=1,1", "\r\nOK\r\n\r\nRDY\r\n");
	answer(module, "AT+CEREG?", REGISTERED);
	const first = await settle(module, modem.start({ apn: "iot.example" }));
	equal(first.error, undefined);
	deepEqual(module.commands, ["AT", "AT+CPIN?", "AT+QCGDEFCONT?", "AT+QCGDEFCONT=\"IP\",\"iot.example\"", "AT+CFUN=1,1",
		"AT", "AT+CEREG=5", "AT+CEREG?", "AT+CGPADDR"]);
	module.commands.length = 0;
	answer(module, "AT+QCGDEFCONT?", "\r\n+QCGDEFCONT: \"IP\",\"IOT.EXAMPLE\"\r\n\r\nOK\r\n"); // read back in upper case
	answer(module, "AT+CEREG?", REGISTERED);
	const again = await settle(module, modem.start({ apn: "iot.example" }));
	equal(again.error, undefined);
	// Not yet told to stay awake (a request's AT+QSCLK=0), the module may have slept: probed first.
	deepEqual(module.commands, ["AT", "AT+CPIN?", "AT+QCGDEFCONT?", "AT+CEREG?", "AT+CGPADDR"]);
	modem.close();
});

test("start: caller mistakes throw at once", () => {
	const { modem } = rig();
	let thrown = 0;
	for (const options of [{ apn: "bad apn!" }, { timeout: -1 }, { psm: { periodicTau: 0, activeTime: 10 } }, { edrx: { cycle: 12345 } }]) {
		try {
			void modem.start(options);
		} catch (error) {
			ok(error instanceof TypeError || error instanceof RangeError);
			thrown++;
		}
	}
	equal(thrown, 4);
	modem.close();
});

// The module's answers for one status(), as a real module pads them: blank lines before OK and between
// lines, unknown URCs (+CTZEU, +QNBIOTEVENT, +CSCON) in between.
function statusAnswers(module: FakeModule, cell = true): void {
	answer(module, "ATI", "\r\nQuectel\r\n\r\nBC660K-GL\r\n+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"\r\nRevision: BC660KGLAAR01A03\r\n\r\n\r\nOK\r\n");
	answer(module, "AT+CGSN=1", "\r\n\r\n+CGSN: 866818039921444\r\n\r\n\r\n\r\nOK\r\n");
	answer(module, "AT+QCCID", "\r\n+QNBIOTEVENT: \"EXIT PSM\"\r\n\r\n+QCCID: 89860446091891372008\r\n\r\nOK\r\n");
	answer(module, "AT+CIMI", "\r\n\r\n460001357924680\r\n\r\n\r\nOK\r\n");
	answer(module, "AT+CEREG?", "\r\n\r\n+CSCON: 1\r\n+CEREG: 5,1,\"4C10\",\"05C4EF33\",9,,,\"00000101\",\"00000110\"\r\n\r\n\r\nOK\r\n");
	if (cell) answer(module, "AT+QENG=0", "\r\n+QENG: 0,3688,11,121,\"05C4EF33\",-72,-8,-64,14,8,\"4C10\",0,-128,3\r\n+QENG: 1,3688,122,-80,-11\r\n\r\nOK\r\n");
	else answer(module, "AT+QENG=0", "\r\nERROR\r\n");
	answer(module, "AT+CESQ", "\r\n+CESQ: 99,99,255,255,25,61\r\n+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"\r\n\r\nOK\r\n");
	answer(module, "AT+CEDRXRDP", "\r\n+CEDRXRDP: 5,\"0101\",\"0101\",\"0011\"\r\n\r\n\r\nOK\r\n");
	answer(module, "AT+QSCLK?", "\r\n\r\n+QSCLK: 1\r\n\r\nOK\r\n");
}

test("status: every figure parsed from padded answers with unknown URCs between the lines", async () => {
	const { module, modem } = rig();
	statusAnswers(module);
	const { value, error } = await settle(module, modem.status());
	equal(error, undefined);
	deepEqual(module.commands, ["AT", "AT+CEREG=5", "ATI", "AT+CGSN=1", "AT+QCCID", "AT+CIMI", "AT+CEREG?", "AT+QENG=0", "AT+CEDRXRDP", "AT+QSCLK?"]);
	const s = value as ModemStatus;
	deepEqual([s.stat, s.registered, s.roaming, s.cause], [1, true, false, 0]);
	deepEqual([s.rsrp, s.rsrq, s.snr], [-72, -8, 14]);
	deepEqual([s.imei, s.iccid, s.imsi, s.revision], ["866818039921444", "89860446091891372008", "460001357924680", "BC660KGLAAR01A03"]);
	deepEqual(s.psm, { activeTime: 10, periodicTau: 3600 }); // "00000101": 5 × 2 s; "00000110": 6 × 10 min
	deepEqual(s.edrx, { cycle: 81920, pagingWindow: 10240 });
	equal(s.sleep, 1);
	equal(s.asleep, false);
	modem.close();
});

test("status again: the identity is not read twice; a firmware without AT+QENG gives the signal from AT+CESQ", async () => {
	const { module, modem } = rig();
	statusAnswers(module, false);
	const first = (await settle(module, modem.status())).value!;
	deepEqual([first.rsrp, first.rsrq, Number.isNaN(first.snr)], [-80, -7.5, true]); // CESQ 61 and 25
	module.commands.length = 0;
	statusAnswers(module, false);
	const second = (await settle(module, modem.status())).value!;
	deepEqual(module.commands, ["AT", "AT+CEREG?", "AT+CESQ", "AT+CEDRXRDP", "AT+QSCLK?"]);
	equal(second.imei, "866818039921444");
	equal(second.rsrp, -80);
	modem.close();
});

test("status without PSM or eDRX granted, out of coverage: undefined timers, NaN signal", async () => {
	const { module, modem } = rig();
	statusAnswers(module, false);
	module.overrides = module.overrides.filter((o) => !["AT+CEREG?", "AT+CESQ", "AT+CEDRXRDP"].includes(o.prefix));
	answer(module, "AT+CEREG?", "\r\n+CEREG: 5,4\r\n\r\nOK\r\n");
	answer(module, "AT+CESQ", "\r\n+CESQ: 99,99,255,255,255,255\r\n\r\nOK\r\n");
	answer(module, "AT+CEDRXRDP", "\r\n+CEDRXRDP: 0\r\n\r\nOK\r\n");
	const s = (await settle(module, modem.status())).value!;
	deepEqual([s.stat, s.registered, s.psm, s.edrx], [4, false, undefined, undefined]);
	ok(Number.isNaN(s.rsrp) && Number.isNaN(s.rsrq));
	modem.close();
});

test("setPower: PSM and eDRX as AT+CPSMS/AT+CEDRXS with the 3GPP timer bits; false turns them off", async () => {
	const { module, modem } = rig();
	const on = await settle(module, modem.setPower({ psm: { periodicTau: 3600, activeTime: 10 }, edrx: { cycle: 81920 } }));
	equal(on.error, undefined);
	deepEqual(module.commands, ["AT", "AT+CPSMS=1,,,\"00000110\",\"00000101\"", "AT+CEDRXS=1,5,\"0101\""]);
	module.commands.length = 0;
	await settle(module, modem.setPower({ psm: { periodicTau: 86400, activeTime: 60 } })); // 24 h: 24 × 1 h (unit 001); 60 s: 30 × 2 s (unit 000)
	deepEqual(module.commands, ["AT", "AT+CPSMS=1,,,\"00111000\",\"00011110\""]);
	module.commands.length = 0;
	await settle(module, modem.setPower({ psm: false, edrx: false }));
	deepEqual(module.commands, ["AT", "AT+CPSMS=0", "AT+CEDRXS=0"]);
	modem.close();
});

test("registration URCs become onNetwork events, once per change; unreadable ones are ignored", async () => {
	const { module, modem, events } = rig();
	module.emit("\r\n+CEREG: 1\r\n");
	module.emit("\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9\r\n"); // the same state again
	module.emit("\r\n+CEREG: x\r\n");
	module.emit("\r\n+CEREG: 4\r\n");
	module.emit("\r\n+CEREG: 3,,,,0,13\r\n");
	module.run(() => false, 1000);
	deepEqual(events.map((e) => [e.stat, e.cause]), [[1, 0], [4, 0], [3, 13]]);
	equal(modem.network.stat, 3);
	modem.close();
});

test("close rejects queued network jobs with 930", async () => {
	const { module, modem } = rig();
	const promise = modem.status();
	modem.close();
	const { error } = await settle(module, promise);
	equal(error!.code, 930);
});
