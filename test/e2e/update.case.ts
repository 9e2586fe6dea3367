// The update's other ends, end to end on the emulator with small images: a stalled server, a wrong digest or a wrong
// size never completes (and says which check failed), a server that ignores Range fails with 920, an
// image over HTTPS verified with a CA completes, cancel() stops mid-way, a target that throws ends the
// update; every end is reported exactly once and the target is closed exactly once.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { sameBytes } from "./rig.js";
import { manifest, runUpdate, withUpdateWorld } from "./update-rig.js";
import { SHA256 } from "../../modules/http/sha256.js";
import { ModemError } from "../../modules/quectel/errors.js";

const SIZE = 40 * 1024;
const FAST = { network: "fast" as const };

test("a 40 KB image arrives bit-exact, in order, and completes once", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=3`), { rangeSize: 16384 });
		equal(run.error, null);
		equal(run.dones, 1);
		equal([run.fake.opens, run.fake.completes, run.fake.closes].join(), "1,1,1");
		equal(run.fake.byteLength, SIZE);
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, 3)), "the image differs");
		equal(run.update.received, SIZE);
		ok(run.progress >= SIZE / 1024, `${run.progress} progress calls`);
	}));

test("a server that stops answering mid-update: the module's 702 at rsptime, then the update resumes and completes", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		let stalled = false;
		const image = await manifest(world, modem, `size=${SIZE}&seed=11`);
		let last = world.now();
		let gap = 0; // the longest wait between two writes
		const run = await runUpdate(world, modem, image, {
			rangeSize: 16384, responseTime: 5,
			during(_update, received) {
				gap = Math.max(gap, world.now() - last);
				last = world.now();
				if (stalled || received < 16384) return;
				stalled = true;
				world.inject("stall"); // the next range's request gets no answer from the server
				world.timer.set(() => world.inject("clear"), 2000);
			},
		});
		equal(run.error, null);
		equal(run.fake.completes, 1);
		ok(gap >= 5000, `the longest wait between writes was ${Math.round(gap)} ms: no stall of rsptime (5 s)`);
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, 11)), "the image differs");
	}));

test("a digest that does not match never completes: 941, step sha256, both digests named", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=4&lie=sha256`);
		const run = await runUpdate(world, modem, image);
		equal(run.error?.code, 941);
		equal(run.error?.step, "sha256");
		ok(run.error instanceof ModemError, "one error type");
		ok(run.error?.message.includes(image.sha256), run.error?.message);
		equal(run.dones, 1);
		equal(run.fake.completes, 0);
		equal(run.fake.closes, 1, "the image is abandoned");
		equal(run.fake.length, SIZE, "every byte arrived: only the digest was wrong");
	}));

test("a size that does not match never completes: 940, step size, before a byte is written", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=5&lie=size`));
		equal(run.error?.code, 940);
		equal(run.error?.step, "size");
		equal(run.dones, 1);
		equal([run.fake.writes, run.fake.completes, run.fake.closes].join(), "0,0,1");
		// smaller than the image: the same, from the server's Content-Range
		const image = await manifest(world, modem, `size=${SIZE}&seed=5`);
		const short = await runUpdate(world, modem, { ...image, size: SIZE - 1 });
		equal(short.error?.code, 940);
		equal(short.fake.completes, 0);
	}));

test("a server that ignores Range fails cleanly with 920: nothing written, nothing completed", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=6&norange=1`), { retries: 1 });
		equal(run.error?.code, 920);
		equal(run.dones, 1);
		equal([run.fake.writes, run.fake.completes, run.fake.closes].join(), "0,0,1");
	}));

test("an image over HTTPS, the server verified with the CA, completes bit-exact", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=7`, true);
		ok(image.url.startsWith("https://"), image.url);
		const run = await runUpdate(world, modem, image, { secure: { ca: world.servers.caPem } });
		equal(run.error, null);
		equal(run.fake.completes, 1);
		ok(sameBytes(run.fake.bytes(), world.expectedBytes(SIZE, 7)), "the image differs");
	}));

test("cancel() mid-way: onDone(931) once, nothing written after it, nothing completed", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		let at = -1;
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=8`), {
			rangeSize: 8192,
			during(update, received) {
				if (at < 0 && received >= 10000) {
					at = received;
					update.cancel();
					update.cancel(); // twice: still one end
				}
			},
		});
		equal(run.error?.code, 931);
		equal(run.dones, 1);
		equal(run.fake.length, at, "a write after cancel()");
		equal([run.fake.completes, run.fake.closes].join(), "0,1");
		run.update.cancel(); // after the end: nothing
		await world.runUntil(() => false, 1000);
		equal(run.dones, 1);
	}));

test("a target that throws at open, write or complete ends the update with 942, step target", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const image = await manifest(world, modem, `size=${SIZE}&seed=9`);
		for (const fake of [{ failOpen: true }, { failWriteAt: 20000 }, { failComplete: true }]) {
			const run = await runUpdate(world, modem, image, { fake });
			const which = JSON.stringify(fake);
			equal(run.error?.code, 942, which);
			equal(run.error?.step, "target", which);
			const cause = run.error?.cause as Error | undefined;
			ok(cause instanceof Error && run.error!.message.includes(cause.message), `${which}: the target's own error is the cause, named`);
			equal(run.dones, 1, which);
			equal(run.fake.completes, 0, which);
			if (!fake.failOpen) equal(run.fake.closes, 1, which);
		}
	}));

test("onProgress that throws ends the update with 933, its error the cause; nothing completed", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		const thrown = new Error("progress bar broke");
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=10`), {
			during() {
				throw thrown;
			},
		});
		equal(run.error?.code, 933);
		equal(run.error?.step, "onProgress");
		equal(run.error?.cause, thrown);
		equal(run.dones, 1);
		equal([run.fake.completes, run.fake.closes].join(), "0,1");
	}));

test("the injected digest class is the one used (crypt's Digest on a device)", () =>
	withUpdateWorld(FAST, async (world, modem) => {
		let written = 0;
		let made = "";
		class Counting extends SHA256 {
			constructor(type: string) {
				super(type);
				made = type;
			}
			override write(data: ArrayBuffer | ArrayBufferView) {
				written += data.byteLength;
				super.write(data);
			}
		}
		const run = await runUpdate(world, modem, await manifest(world, modem, `size=${SIZE}&seed=10`), { digest: Counting });
		equal(run.error, null);
		equal(made, "SHA256");
		equal(written, SIZE);
	}));
