// Runs inside the XS worker: issue 16's 1 MiB update over the nbiot network on the emulator's virtual
// clock, once with its faults (test/e2e/update-rig.ts: a reboot, a 702, a 717, a stall, a cut response)
// and once without, the same image and seed.
import { installWorld, moduleModel } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { OTA_CUT, otaFaults, OTA_OPTIONS, OTA_SEED, OTA_SIZE, manifest, resumesSeen, runUpdate, withUpdateWorld } from "../test/e2e/update-rig.js";
import { sha256 } from "../test/support/sha256.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

serveCommands(async (_op, [profile, faulty]) => {
	let figures = {};
	const faults = faulty === "1";
	await withUpdateWorld({ network: "nbiot", profile: profile === "field" ? "field" : "manual", faults: faults ? otaFaults(moduleModel()) : [] }, async (world, modem) => {
		const image = await manifest(world, modem, `size=${OTA_SIZE}&seed=${OTA_SEED}${faults ? `&cut=${OTA_CUT}` : ""}`);
		const run = await runUpdate(world, modem, image, OTA_OPTIONS);
		figures = {
			bytes: run.fake.length, completed: run.fake.completes, error: run.error?.message ?? null,
			digestOk: run.fake.completes === 1 && sha256(run.fake.bytes()) === image.sha256,
			ms: run.ms, resumes: await resumesSeen(world), faults: faults ? otaFaults(moduleModel()).length + 1 : 0,
		};
	});
	return figures;
});
