// Runs inside the XS worker: a 1 MiB GET on the emulator (served by the Node side over issueCommand).
import { installWorld } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { client, fetchOnce, withWorld } from "../test/e2e/rig.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

serveCommands(async (_op, [profile]) => {
	const size = 1 << 20;
	let figures = {};
	await withWorld({ profile: profile === "field" ? "field" : "manual" }, async (world, modem) => {
		const c = client(world, modem);
		await fetchOnce(world, c, "/text"); // warm: configuration and URL done
		const before = await world.fieldStats();
		const started = world.now();
		const result = await fetchOnce(world, c, `/bytes/${size}?seed=2`, { keep: 0, limit: 3600000 });
		const after = await world.fieldStats();
		figures = {
			bytes: result.length, actualMs: world.now() - started, ok: result.error === null,
			moduleMs: after.pausedMs - before.pausedMs + after.lateUrcMs - before.lateUrcMs,
			extraBytes: after.extraBytes - before.extraBytes,
		};
	});
	return figures;
});
