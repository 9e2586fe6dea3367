// On a module without a ranged GET command (Modem.limits.ranges false) a range is a custom head: the
// firmware update still arrives bit-exact, and a server that ignores Range still fails with 920.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { sameBytes } from "./rig.js";
import { manifest, runUpdate, withUpdateWorld } from "./update-rig.js";
import type { Modem } from "../../modules/quectel/modem.js";

const SIZE = 40 * 1024;
const FAST = { network: "fast" as const };

function withoutRanges(modem: Modem): Modem {
	Object.defineProperty(modem, "limits", { value: { ...modem.limits, ranges: false } });
	return modem;
}

test("an update in custom-head ranges arrives bit-exact and completes once", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=12`);
		const run = await runUpdate(world, withoutRanges(modem), image, { rangeSize: 16384 });
		equal(run.error, null);
		equal([run.fake.opens, run.fake.completes, run.fake.closes].join(), "1,1,1");
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, 12)), "the image differs");
		const ranges = (await world.requests()).filter((r) => r.path.startsWith("/ota/image/"));
		equal(ranges.length, 3);
		equal(String(ranges[1]!.headers.range), "bytes=16384-32767");
		equal(ranges[1]!.headers["user-agent"], undefined, "the module's own head (AT+QHTTPGETEX) has a user-agent; ours has none");
	}));

test("a server that ignores Range fails the update with 920: nothing written, nothing completed", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=6&norange=1`);
		const run = await runUpdate(world, withoutRanges(modem), image, { retries: 1 });
		equal(run.error?.code, 920);
		equal([run.fake.writes, run.fake.completes, run.fake.closes].join(), "0,0,1");
	}));
