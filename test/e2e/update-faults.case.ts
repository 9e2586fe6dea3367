// Issue 16's main case: a 1 MiB firmware image over the nbiot network, with a module reboot, a 702
// (the module's timeout, as a result URC), a 717 at a read, a stall (the module goes silent in the
// middle of a read) and a server that cuts a range short, arrives bit-exact in the update target, in
// order and contiguous, and is completed exactly once, in one run.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { sameBytes } from "./rig.js";
import { manifest, runUpdate, withUpdateWorld } from "./update-rig.js";

export const FAULTS = ["reboot@QHTTPREAD#40", "urc=702@QHTTPGETEX#12", "cme=717@QHTTPREAD#300", "silent@QHTTPREAD#600"];
export const SIZE = 1 << 20;
export const CUT = 800 * 1024 + 5000;

test("a 1 MiB image survives a reboot, a 702, a 717, a stall and a cut response, and completes once", () =>
	withUpdateWorld({ network: "nbiot", faults: FAULTS }, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=16&cut=${CUT}`);
		equal(image.size, SIZE);
		const run = await runUpdate(world, modem, image, { rangeSize: 32768, responseTime: 30 });
		equal(run.error?.message, undefined);
		equal(run.dones, 1);
		equal(run.fake.opens, 1, "the target is opened once: a resume continues the same image");
		equal(run.fake.completes, 1);
		equal(run.fake.closes, 1);
		equal(run.fake.faults.length, 0, run.fake.faults.join("; "));
		equal(run.fake.length, SIZE);
		ok(run.fake.largestWrite <= 2048, `one read at a time: a write of ${run.fake.largestWrite} bytes`);
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, 16)), "the image differs");
		// every fault happened (each would have been absorbed silently otherwise)
		const gets = (await world.requests()).filter((r) => r.path.startsWith("/ota/image/"));
		ok(gets.length > Math.ceil(SIZE / 32768) + 2, `${gets.length} range requests: the faults did not all cost a retry`);
	}));
