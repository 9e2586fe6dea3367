// A 1 MiB binary GET at 115200 baud on the virtual clock: memory stays the client's fixed buffer,
// bytes arrive bit-exact, and the virtual time is close to the UART's.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { client, fetchOnce, sameBytes, withWorld } from "./rig.js";

test("1 MiB GET arrives bit-exact in about the UART's time", () =>
	withWorld({}, async (world, modem) => {
		const size = 1 << 20;
		const started = world.now();
		const result = await fetchOnce(world, client(world, modem), `/bytes/${size}?seed=11`, { limit: 3600000 });
		equal(result.error, null);
		equal(result.length, size);
		ok(sameBytes(result.body, world.expectedBytes(size, 11)), "body differs");
		const uartMs = (size * 10 * 1000) / 115200;
		const took = world.now() - started;
		ok(took < uartMs * 1.5, `${Math.round(took)} ms of virtual time for ${Math.round(uartMs)} ms of UART`);
	}));
