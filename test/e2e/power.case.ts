// The world's powerStats op (issue 17) in both engines: a GET, then the radio's inactivity time and
// idle, as the emulator counts them (emulator/README.md, "Network and power").
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { client, fetchOnce, withWorld } from "./rig.js";

test("powerStats: after a GET the radio stays connected for rrcInactivityMs, then idles; reset works", () =>
	withWorld({ profile: "manual", rrcInactivityMs: 5000 }, async (world, modem) => {
		const result = await fetchOnce(world, client(world, modem), "/text");
		equal(result.error, null);
		const before = await world.powerStats({ reset: true });
		ok(before.connectedMs > 0 && before.uartBytesIn > 0 && before.uartBytesOut > 0, JSON.stringify(before));
		await world.runUntil(() => false, 30000);
		const after = await world.powerStats();
		ok(after.connectedMs > 4000 && after.connectedMs <= 5000, `connected ${after.connectedMs}`);
		equal(after.connectedMs + after.idleMs + after.lightSleepMs + after.psmMs, 30000);
		equal(after.awakeMs, after.connectedMs + after.idleMs);
		equal(after.psmMs, 0);
	}));
