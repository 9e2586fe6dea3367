// Runs inside the XS worker, after memory-shim: the library's RAM for 1 client (the ECMA-419 HTTPClient)
// and for 4 (fetch to four origins), each after one request per client, so buffers made on first use
// count too; what the app holds (the modem, the clients, fetch) stays referenced. Heap slots and the
// buffers still alive are read after the Node side's collection.
import { installWorld, openWorld, type World } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { fetchOnce } from "../test/e2e/rig.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

const memory = (globalThis as unknown as { libraryMemory: { reset(): void; allocated(): number; alive(): { bytes: number; where: string[] } } }).libraryMemory;
let world: World;
let keep: unknown[] = []; // what the app holds: the modem, the clients, fetch

serveCommands(async (op, [arg]) => {
	if (op === "open") {
		world = await openWorld({ network: "fast" });
		return {};
	}
	if (op === "run") {
		// The library is imported here, after the baseline was read.
		const { Modem } = await import("../modules/quectel/modem.js");
		const { HTTPClient } = await import("../modules/http/client.js");
		const { createFetch } = await import("../modules/http/fetch.js");
		memory.reset();
		const modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module });
		if (arg === "1") {
			const client = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http });
			const result = await fetchOnce(world, client, "/status/204");
			if (result.error || result.status !== 204) throw new Error(`memory bench: ${result.error?.message ?? result.status}`);
			keep = [modem, client];
		} else {
			const fetch = createFetch({ modem, secure: { ca: world.servers.caPem } });
			const origins = [`http://127.0.0.1:${world.servers.http}`, `http://localhost:${world.servers.http}`, `https://127.0.0.1:${world.servers.https}`, `https://localhost:${world.servers.https}`];
			for (const origin of origins) {
				let status = 0, error: unknown;
				fetch(`${origin}/status/204`).then((r) => (status = r.status), (e) => (error = e));
				await world.runUntil(() => status !== 0 || error !== undefined, 600000);
				if (status !== 204) throw new Error(`memory bench: ${origin}: ${(error as Error)?.message ?? status}`);
			}
			keep = [modem, fetch];
		}
		return { allocatedBytes: memory.allocated() };
	}
	if (op === "alive") return memory.alive(); // after the Node side's "gc"
	keep = [];
	await world.close();
	return {};
});
