// Two clients on one modem, and close in the middle of a request, against the emulator.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { client, fetchOnce, sameBytes, withWorld } from "./rig.js";
import { HTTPClient } from "../../modules/http/client.js";

test("two clients queue on one modem (HTTP and HTTPS) and both complete", () =>
	withWorld({}, async (world, modem) => {
		const plain = client(world, modem);
		const secure = client(world, modem, { ca: world.servers.caPem });
		const a = fetchOnce(world, plain, "/bytes/3000?seed=1");
		const b = fetchOnce(world, secure, "/text");
		const [ra, rb] = [await a, await b];
		equal(ra.error, null);
		ok(sameBytes(ra.body, world.expectedBytes(3000, 1)));
		equal(rb.error, null);
		equal(rb.length, 12);
	}));

test("close() in the middle of a download settles it once with 930; the modem serves the next client", () =>
	withWorld({}, async (world, modem) => {
		const first = client(world, modem);
		let error: Error | null | undefined;
		let dones = 0;
		let received = 0;
		first.request({
			path: "/bytes/200000?seed=2",
			onReadable(count) {
				received += (this.read(count) as ArrayBuffer).byteLength;
				if (received > 20000) first.close();
			},
			onDone(e) {
				error = e;
				dones++;
			},
		});
		await world.runUntil(() => dones > 0, 600000);
		await world.runUntil(() => false, 5000);
		equal(dones, 1);
		equal((error as { code?: number })?.code, 930);
		const next = await fetchOnce(world, new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http }), "/text");
		equal(next.error, null);
		equal(next.length, 12);
	}));
