// Issue 16's main case: a 1 MiB firmware image over the nbiot network, with a module reboot, a 702
// (the module's timeout, as a result URC), a 717 at a read, a stall (the module goes silent in the
// middle of a read) and a server that cuts a range short, arrives bit-exact in the update target, in
// order and contiguous, and is completed exactly once, in one run.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { sameBytes } from "./rig.js";
import { OTA_CUT, OTA_OPTIONS, OTA_SEED, OTA_SIZE, manifest, otaFaults, resumesSeen, runUpdate, withUpdateWorld } from "./update-rig.js";
import { moduleModel } from "../support/world.js";

const SIZE = OTA_SIZE;

test("a 1 MiB image survives a reboot, a 702, a 717, a stall and a cut response, and completes once", () =>
	withUpdateWorld({ network: "nbiot", faults: otaFaults(moduleModel()) }, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=${OTA_SEED}&cut=${OTA_CUT}`);
		equal(image.size, SIZE);
		const run = await runUpdate(world, modem, image, OTA_OPTIONS);
		equal(run.error?.message, undefined);
		equal(run.dones, 1);
		equal(run.fake.opens, 1, "the target is opened once: a resume continues the same image");
		equal(run.fake.completes, 1);
		equal(run.fake.closes, 1);
		equal(run.fake.faults.length, 0, run.fake.faults.join("; "));
		equal(run.fake.length, SIZE);
		ok(run.fake.largestWrite <= 2048, `one read at a time: a write of ${run.fake.largestWrite} bytes`);
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, OTA_SEED)), "the image differs");
		// the faults happened: the reboot, the 717, the stall and the cut each ended a range early, and
		// the update went on from the last byte the target took (the 702 retries its range from the start)
		equal(await resumesSeen(world), 4);
	}));
