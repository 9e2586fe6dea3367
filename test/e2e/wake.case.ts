// Sleep and wake end to end (issue 14.3): the module sleeps between requests, the command that wakes it
// is lost and answered late (a slow first answer), and the next request goes to another path. A late
// answer must never be taken for a later command's: the new URL must be sent and the new path's body
// delivered, never the previous URL's.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { openWorld, type WorldOptions } from "../support/world.js";
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import { fetchOnce, PROFILES, sameBytes } from "./rig.js";

async function wakeAndChangePath(options: WorldOptions, label: string): Promise<void> {
	for (const profile of PROFILES) await wakeOnce({ ...options, profile }, `${profile} profile, ${label}`);
}

async function wakeOnce(options: WorldOptions, label: string): Promise<void> {
	const world = await openWorld({ sleepAfter: 3000, ...options });
	const modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module, sleep: true });
	try {
		const c = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http });
		const first = await fetchOnce(world, c, "/bytes/300?seed=1");
		equal(first.error, null, `${label}: first`);
		ok(sameBytes(first.body, world.expectedBytes(300, 1)), `${label}: first body`);
		await world.runUntil(() => false, 10000); // idle: AT+QSCLK=1, then the module sleeps
		for (let round = 2; round <= 4; round++) {
			const next = await fetchOnce(world, c, `/bytes/300?seed=${round}`);
			if (next.error) {
				// a fault on this round may fail it, never with a wrong body; the round after must work
				ok(options.faults !== undefined && round === 2, `${label}: round ${round}: ${next.error.message}`);
			} else {
				equal(next.status, 200, `${label}: round ${round}`);
				ok(sameBytes(next.body, world.expectedBytes(300, round)), `${label}: round ${round} brought another path's body`);
			}
			await world.runUntil(() => false, 10000);
		}
	} finally {
		modem.close();
		await world.close();
	}
}

for (const after of [600, 1300, 1800, 2600]) {
	test(`wake with a late OK after ${after} ms, then a new path: the new path's body`, () =>
		wakeAndChangePath({ wakeAnswerAfter: after, wakeAnswerOk: true }, `late OK ${after}`));
}

test("wake with a bare CR LF after 1.8 s (the manual's module), then a new path: the new path's body", () =>
	wakeAndChangePath({}, "bare CR LF"));

for (const after of [600, 1800]) {
	test(`wake with a late OK after ${after} ms and +CME ERROR: 703 on AT+QHTTPURL: the next request sets the URL and gets its body`, () =>
		wakeAndChangePath({ wakeAnswerAfter: after, wakeAnswerOk: true, faults: "cme=703@QHTTPURL#2" }, `late OK ${after}, 703`));
}
