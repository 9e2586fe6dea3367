// Runs inside the XS worker: warm GETs on the emulator, the heap measured between deliveries, and the
// command lines a warm GET costs.
import { installWorld, openWorld, type World } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { fetchOnce } from "../test/e2e/rig.js";
import { Modem } from "../modules/quectel/modem.js";
import { HTTPClient } from "../modules/http/client.js";
import type { SerialClass } from "../modules/at/io.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

let world: World;
let client: HTTPClient;
let lines = 0; // command lines written (each ends with CR)

serveCommands(async (op, [arg]) => {
	if (op === "open") {
		world = await openWorld({});
		const Base = world.serial.io;
		class Counting extends (Base as unknown as new (o: object) => { write(d: ArrayBuffer): void }) {
			override write(data: ArrayBuffer): void {
				const bytes = new Uint8Array(data);
				for (let i = 0; i < bytes.length; i++) if (bytes[i] === 13) lines++;
				super.write(data);
			}
		}
		const modem = new Modem({ serial: { ...world.serial, io: Counting as unknown as SerialClass }, timer: world.timer, module: world.module });
		client = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http });
		await fetchOnce(world, client, "/text", { keep: 16 });
		return {};
	}
	if (op === "run") {
		let failed = 0;
		const before = lines;
		const count = Number(arg);
		for (let i = 0; i < count; i++) {
			const result = await fetchOnce(world, client, "/text", { keep: 16 });
			if (result.error !== null || result.length !== 12) failed++;
		}
		return { failed, linesPerGet: (lines - before) / count };
	}
	await world.close();
	return {};
});
