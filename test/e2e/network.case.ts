// Network and power end to end (issue 17): bring-up, status, PSM and the wake after it, release
// assistance, and a registration lost mid-request, against the emulator's registration life cycle
// and power accounting, in both engines and emulator profiles.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { fetchOnce, PROFILES } from "./rig.js";
import { Modem, type ModemOptions } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import type { SerialClass } from "../../modules/at/io.js";
import type { ModemError } from "../../modules/quectel/errors.js";
import type { NetworkState } from "../../modules/quectel/network.js";
import { openWorld, type World, type WorldOptions } from "../support/world.js";

interface Rig {
	world: World;
	modem: Modem;
	client: HTTPClient;
	/** Command lines the host wrote (data after `>` runs into the next line). */
	lines: string[];
	events: NetworkState[];
}

async function withRig(options: WorldOptions, modemOptions: Partial<ModemOptions>, fn: (rig: Rig) => Promise<void>): Promise<void> {
	for (const profile of options.profile ? [options.profile] : PROFILES) {
		const world = await openWorld({ ...options, profile });
		const lines: string[] = [];
		let partial = "";
		const Base = world.serial.io as unknown as new (o: object) => { write(d: ArrayBuffer): void };
		class Recording extends Base {
			override write(data: ArrayBuffer): void {
				const bytes = new Uint8Array(data);
				for (let i = 0; i < bytes.length; i++) {
					if (bytes[i] === 13) {
						lines.push(partial);
						partial = "";
					} else partial += String.fromCharCode(bytes[i]!);
				}
				super.write(data);
			}
		}
		const events: NetworkState[] = [];
		const modem = new Modem({ serial: { ...world.serial, io: Recording as unknown as SerialClass }, timer: world.timer, module: world.module, onNetwork: (s) => events.push(s), ...modemOptions });
		const client = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http, responseTime: 10 });
		try {
			await fn({ world, modem, client, lines, events });
		} catch (error) {
			throw new Error(`${profile} profile: ${(error as Error)?.message ?? error}`);
		} finally {
			client.close();
			modem.close();
			await world.close();
		}
	}
}

/** Runs the world until the promise settles. */
async function settle<T>(world: World, promise: Promise<T>, limit = 600000): Promise<{ value?: T; error?: ModemError }> {
	const outcome: { value?: T; error?: ModemError; done?: boolean } = {};
	promise.then((value) => { outcome.value = value; outcome.done = true; }, (error) => { outcome.error = error; outcome.done = true; });
	await world.runUntil(() => !!outcome.done, limit);
	ok(outcome.done, "the job never settled");
	return outcome;
}

test("start then status on the emulator: registered at home, the address, identity and signal", () =>
	withRig({}, {}, async ({ world, modem, events }) => {
		const started = await settle(world, modem.start());
		equal(started.error, undefined);
		equal(started.value!.stat, 1);
		ok(/^\d+\.\d+\.\d+\.\d+$/.test(started.value!.address), started.value!.address);
		ok(events.some((e) => e.registered));
		const { value: s, error } = await settle(world, modem.status());
		equal(error, undefined);
		deepEqual([s!.imei, s!.iccid, s!.imsi], ["866818039921444", "89860446091891372008", "460001357924680"]);
		ok(s!.revision.startsWith(world.module === "bg95" ? "BG95M3" : "BC660KGL"), s!.revision);
		// The BC660K's AT+QENG=0 (whole dB, from the emulator's CESQ indexes 61 and 25); the BG95 has no such
		// report here and gives AT+CESQ's halves.
		deepEqual([s!.rsrp, s!.rsrq], world.module === "bg95" ? [-80, -7.5] : [-80, -7]);
		equal(s!.psm, undefined); // no PSM asked for (AT+CPSMS mode 0 by default)
	}));

test("start accepts roaming (stat 5)", () =>
	withRig({ roaming: true, profile: "manual" }, {}, async ({ world, modem }) => {
		const { value, error } = await settle(world, modem.start());
		equal(error, undefined);
		deepEqual([value!.stat, value!.roaming, value!.registered], [5, true, true]);
	}));

test("start: registration denied by the network ends with 951 and the EMM cause", () =>
	withRig({ faults: "denied=15", profile: "manual" }, {}, async ({ world, modem }) => {
		const { error } = await settle(world, modem.start());
		equal(error?.code, 951);
		ok(error!.message.includes("EMM cause 15"), error!.message);
	}));

test("start: no network found within the timeout ends with 952", () =>
	withRig({ faults: "searching", profile: "manual" }, {}, async ({ world, modem }) => {
		const { error } = await settle(world, modem.start({ timeout: 8000 }));
		equal(error?.code, 952);
	}));

test("start with the network's APN: written, the module restarted, registered again", () =>
	withRig({ profile: "manual" }, {}, async ({ world, modem, lines }) => {
		const { value, error } = await settle(world, modem.start({ apn: "CMNBIOT" }));
		equal(error, undefined);
		equal(value!.registered, true);
		// The BC660K's default PDN takes effect after a restart; the BG95's context is the host's to activate.
		const written = world.module === "bg95" ? ["AT+QICSGP=1,1,\"CMNBIOT\"", "AT+QIACT=1"] : ["AT+QCGDEFCONT=\"IP\",\"CMNBIOT\"", "AT+CFUN=1,1"];
		ok(written.every((line) => lines.includes(line)), lines.join(" | "));
		const result = await fetchOnce(world, new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http }), "/text");
		equal(result.error, null);
	}));

test("PSM granted; the module sleeps into PSM between requests and is woken (probe) before the next", () =>
	withRig({}, { sleep: true, releaseAssistance: true }, async ({ world, modem, client, lines }) => {
		const psm = { periodicTau: 3600, activeTime: 10 };
		equal((await settle(world, modem.start({ psm }))).error, undefined);
		const first = await fetchOnce(world, client, "/json");
		equal(first.error, null);
		const granted = (await settle(world, modem.status())).value!;
		deepEqual(granted.psm, { activeTime: 10, periodicTau: 3600 });
		await world.powerStats({ reset: true });
		await world.runUntil(() => false, 120000);
		const idle = await world.powerStats();
		ok(idle.psmMs > 60000, JSON.stringify(idle));
		const mark = lines.length;
		const second = await fetchOnce(world, client, "/json");
		equal(second.error, null);
		equal(lines[mark], "AT", `the wake probe first: ${lines.slice(mark).join(" | ")}`);
	}));

test("release assistance: AT+QNBIOTRAI=1 after the last read shortens the connected time; a refusal never fails", () =>
	withRig({ profile: "manual", rrcInactivityMs: 20000 }, { releaseAssistance: true }, async ({ world, client, lines }) => {
		if (world.module === "bg95") { // the BG95 has no release assistance: the option asks for nothing
			equal((await fetchOnce(world, client, "/json")).error, null);
			ok(!lines.some((line) => line.includes("QNBIOTRAI")), lines.join(" | "));
			return;
		}
		await fetchOnce(world, client, "/json");
		await world.runUntil(() => false, 30000);
		await world.powerStats({ reset: true });
		const result = await fetchOnce(world, client, "/json");
		equal(result.error, null);
		ok(lines.includes("AT+QNBIOTRAI=1"));
		await world.runUntil(() => false, 30000);
		const stats = await world.powerStats();
		ok(stats.connectedMs < 5000, `connected ${stats.connectedMs} ms`);
		world.inject("cme=602@QNBIOTRAI");
		equal((await fetchOnce(world, client, "/json")).error, null);
	}));

test("registration lost mid-request: the request ends with 954; after coverage-back the next one works", () =>
	// The nbiot network's latency (0.1–8 s) keeps the request in flight when coverage goes, 50 ms after it starts.
	withRig({ network: "nbiot" }, {}, async ({ world, modem, client, events }) => {
		equal((await settle(world, modem.start())).error, undefined);
		equal((await fetchOnce(world, client, "/json")).error, null);
		world.inject("coverage-lost=50");
		const lost = await fetchOnce(world, client, "/json");
		equal((lost.error as ModemError | undefined)?.code, 954, String(lost.error));
		ok(events.some((e) => e.stat === 4));
		world.inject("coverage-back");
		await world.runUntil(() => modem.network.registered, 60000);
		ok(modem.network.registered, "registered again");
		const again = await fetchOnce(world, client, "/json");
		equal(again.error, null);
		equal(again.status, 200);
	}));
