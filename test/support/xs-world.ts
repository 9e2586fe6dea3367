// The world as XS sees it: the desktop host's bridge (hosts/xs/bridge.ts) gives the serial class and
// the clock; the test's own operations (open, inject, requests) go the same way to Node's WorldHost.
import type { OpenWorld, World, WorldOptions } from "./world.js";
import { hostSerial, hostTimer } from "./hosts.js";
import { Bridge, call } from "../../hosts/xs/bridge.js";
import type { SerialClass } from "../../modules/at/io.js";

const openXsWorld: OpenWorld = async (options: WorldOptions) => {
	const opened = call("open", { options }).header;
	const bridge = new Bridge(opened.now);
	const world: World = {
		module: options.module ?? "bc660k",
		serial: { io: hostSerial(bridge.serialClass() as unknown as SerialClass, bridge, options.baud ?? 115200), baud: options.baud ?? 115200 },
		timer: hostTimer(bridge),
		servers: opened.servers,
		now: () => bridge.now(),
		runUntil: (done, limitMs) => bridge.runUntil(done, limitMs),
		inject(spec) {
			call("inject", { spec });
		},
		expectedBytes(n, seed) {
			return call("bytes", { n, seed }).bytes.slice();
		},
		async requests() {
			return call("requests").header.requests;
		},
		async fieldStats() {
			return call("fieldStats").header.stats;
		},
		async powerStats(o) {
			return call("powerStats", { reset: o?.reset === true }).header.stats;
		},
		async close() {
			call("close");
		},
	};
	return world;
};

export function installXsWorld(install: (open: OpenWorld) => void): void {
	install(openXsWorld);
}
