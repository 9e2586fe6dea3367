// The resumable download under injected faults arrives bit-exact.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { client, sameBytes, withWorld } from "./rig.js";
import { Download } from "../../modules/http/download.js";

test("a 100 KB file in GETEX ranges survives a reboot, a 717, a silent module and a picky sink", () =>
	withWorld({ faults: ["reboot@QHTTPREAD#5", "cme=717@QHTTPREAD#12", "silent@QHTTPGETEX#4", "cme=702@QHTTPGETEX#6"] }, async (world, modem) => {
		const size = 100 * 1024;
		const file = new Uint8Array(size);
		let at = 0;
		let calls = 0;
		let result: { error: Error | null; total: number } | undefined;
		const download = new Download({
			client: client(world, modem),
			path: `/bytes/${size}?seed=21`,
			timer: world.timer,
			rangeSize: 8192,
			retryDelay: 100,
			sink: {
				write(bytes) {
					// Every 9th write the sink takes only half: the rest is fetched again.
					const n = ++calls % 9 === 0 ? bytes.length >> 1 : bytes.length;
					file.set(bytes.subarray(0, n), at);
					at += n;
					return n;
				},
			},
			onDone(error, total) {
				result = { error, total };
			},
		});
		await world.runUntil(() => result !== undefined, 3600000);
		download.close();
		equal(result?.error?.message, undefined);
		equal(result?.total, size);
		equal(at, size);
		ok(sameBytes(file, world.expectedBytes(size, 21)), "file differs");
	}));
