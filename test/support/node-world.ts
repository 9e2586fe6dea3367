// Node's worlds: the emulator in-process on a virtual clock, local HTTP and HTTPS servers, and the
// host that serves the same world to an XS worker over issueCommand (WorldHost, over hosts/xs/link).
import { Emulator, VirtualClock } from "../../emulator/index.js";
import { bytesFor, startServers } from "../../emulator/servers.js";
import { hostSerial, hostTimer } from "./hosts.js";
import { LinkServer, emulatorLink } from "../../hosts/xs/link.js";
import type { OpenWorld, Servers, World, WorldOptions } from "./world.js";
import type { SerialClass } from "../../modules/at/io.js";

interface Running {
	clock: VirtualClock;
	emulator: Emulator;
	servers: Servers;
	serverRequests: () => { method: string; path: string; headers: Record<string, string>; bodyLength: number; sha256: string }[];
	close(): Promise<void>;
}

async function start(options: WorldOptions): Promise<Running> {
	const started = await startServers();
	const clock = new VirtualClock();
	const emulator = new Emulator({
		clock,
		module: options.module,
		network: options.network ?? "fast",
		seed: options.seed ?? 1,
		faults: options.faults,
		echo: options.echo,
		baud: options.baud,
		promptSpace: options.promptSpace,
		strictPrompt: options.strictPrompt,
		cmee: options.cmee,
		sleepAfter: options.sleepAfter,
		wakeAnswerAfter: options.wakeAnswerAfter,
		wakeAnswerOk: options.wakeAnswerOk,
		rangeUrc: options.rangeUrc,
		seclevelName: options.seclevelName,
		profile: options.profile,
		searchMs: options.searchMs,
		bootSearchMs: options.bootSearchMs,
		roaming: options.roaming,
		apn: options.apn,
		rrcInactivityMs: options.rrcInactivityMs,
		raiReleaseMs: options.raiReleaseMs,
		tauMs: options.tauMs,
		periodicTauMs: options.periodicTauMs,
		drxMs: options.drxMs,
		grant: options.grant,
		trace: process.env.TRACE ? (line: string) => console.log(`  ${clock.now()} ${line}`) : undefined,
	} as ConstructorParameters<typeof Emulator>[0]);
	return {
		clock,
		emulator,
		servers: { http: started.http, https: started.https, caPem: started.caPem, wrongCaPem: started.wrongCaPem },
		serverRequests: () => started.requests.map((r: { method: string; path: string; headers: unknown; body: Buffer; sha256?: string }) => ({
			method: r.method, path: r.path, headers: r.headers as Record<string, string>, bodyLength: r.body.length,
			sha256: (r as { sha256?: string }).sha256 ?? "",
		})),
		async close() {
			emulator.close();
			await started.close();
		},
	};
}

export const openNodeWorld: OpenWorld = async (options) => {
	const running = await start(options);
	const world: World = {
		module: options.module ?? "bc660k",
		serial: { io: hostSerial(running.emulator.serialClass() as unknown as SerialClass, running.clock, options.baud ?? 115200), baud: options.baud ?? 115200 },
		timer: hostTimer(running.clock),
		servers: running.servers,
		now: () => running.clock.now(),
		runUntil: (done, limitMs) => running.emulator.runUntil(done, limitMs),
		inject: (spec) => running.emulator.inject(spec),
		expectedBytes: (n, seed) => bytesFor(n, seed),
		requests: async () => running.serverRequests(),
		fieldStats: async () => ({ ...running.emulator.fieldStats }),
		powerStats: async (o) => running.emulator.powerStats(o),
		close: () => running.close(),
	};
	return world;
};

/** Serves one XS worker's world: its serial bytes and timers (LinkServer), and the test's own
 *  operations: open a world, inject a fault, ask what the servers saw. */
export class WorldHost {
	#running: Running | undefined;
	#server = new LinkServer((header) => this.#op(header));

	handle(message: Uint8Array): Promise<Uint8Array> {
		return this.#server.handle(message);
	}

	async #op(header: any): Promise<[object, Uint8Array?] | undefined> {
		switch (header.op) {
			case "open": {
				await this.close();
				const running = (this.#running = await start(header.options ?? {}));
				this.#server.attach(emulatorLink(running.emulator, running.clock));
				return [{ now: running.clock.now(), servers: running.servers }];
			}
			case "inject":
				this.#need().emulator.inject(header.spec);
				return [{}];
			case "bytes":
				return [{}, bytesFor(header.n, header.seed)];
			case "requests":
				return [{ requests: this.#need().serverRequests() }];
			case "fieldStats":
				return [{ stats: { ...this.#need().emulator.fieldStats } }];
			case "powerStats":
				return [{ stats: this.#need().emulator.powerStats({ reset: header.reset === true }) }];
			case "close":
				await this.close();
				return [{}];
		}
		return undefined;
	}

	#need(): Running {
		if (!this.#running) throw new Error("world not open");
		return this.#running;
	}

	async close(): Promise<void> {
		const running = this.#running;
		this.#running = undefined;
		this.#server.detach();
		await running?.close();
	}
}
