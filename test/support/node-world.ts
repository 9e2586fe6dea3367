// Node's worlds: the emulator in-process on a virtual clock, local HTTP and HTTPS servers, and the
// host that serves the same world to an XS worker over issueCommand (WorldHost).
import { Emulator, VirtualClock } from "../../emulator/index.js";
import { bytesFor, startServers } from "./servers.js";
import { VirtualTimer } from "./virtual-timer.js";
import { decodeFrame, encodeFrame } from "./frame.js";
import type { OpenWorld, Servers, World, WorldOptions } from "./world.js";
import type { SerialClass } from "../../modules/at/chat.js";

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
		network: options.network ?? "fast",
		seed: options.seed ?? 1,
		faults: options.faults,
		echo: options.echo,
		baud: options.baud,
		promptSpace: options.promptSpace,
		sleepAfter: options.sleepAfter,
		rangeUrc: options.rangeUrc,
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
		serial: { io: running.emulator.serialClass() as unknown as SerialClass, baud: options.baud ?? 115200 },
		timer: new VirtualTimer(running.clock),
		servers: running.servers,
		now: () => running.clock.now(),
		runUntil: (done, limitMs) => running.emulator.runUntil(done, limitMs),
		inject: (spec) => running.emulator.inject(spec),
		expectedBytes: (n, seed) => bytesFor(n, seed),
		requests: async () => running.serverRequests(),
		close: () => running.close(),
	};
	return world;
};

/** Serves one XS worker's world: its serial bytes, its timers on the virtual clock, its faults. */
export class WorldHost {
	#running: Running | undefined;
	#rx: Uint8Array[] = [];
	#fired: number[] = [];
	#timeouts = new Map<number, unknown>();
	#nextId = 1;

	async handle(message: Uint8Array): Promise<Uint8Array> {
		try {
			const { header, bytes } = decodeFrame(message);
			const [answer, raw] = await this.#op(header, bytes);
			return encodeFrame(answer, raw);
		} catch (error) {
			return encodeFrame({ error: String((error as Error)?.stack ?? error) });
		}
	}

	async #op(header: any, bytes: Uint8Array): Promise<[object, Uint8Array?]> {
		switch (header.op) {
			case "open": {
				await this.close();
				const running = (this.#running = await start(header.options ?? {}));
				running.emulator.onOutput = (chunk) => this.#rx.push(chunk.slice());
				return [{ now: running.clock.now(), servers: running.servers }];
			}
			case "write":
				this.#need().emulator.input(bytes.slice());
				return [{}];
			case "setTimeout": {
				const id = this.#nextId++;
				this.#timeouts.set(id, this.#need().clock.setTimeout(() => {
					this.#timeouts.delete(id);
					this.#fired.push(id);
				}, header.ms));
				return [{ id }];
			}
			case "clearTimeout": {
				const handle = this.#timeouts.get(header.id);
				this.#timeouts.delete(header.id);
				if (handle !== undefined) this.#need().clock.clearTimeout(handle);
				return [{}];
			}
			case "step":
				return this.#step(header.until);
			case "inject":
				this.#need().emulator.inject(header.spec);
				return [{}];
			case "bytes":
				return [{}, bytesFor(header.n, header.seed)];
			case "requests":
				return [{ requests: this.#need().serverRequests() }];
			case "close":
				await this.close();
				return [{}];
		}
		throw new Error(`unknown op ${header.op}`);
	}

	// Runs the virtual clock (and real I/O) until there is something for XS or `until` is reached.
	async #step(until: number): Promise<[object, Uint8Array?]> {
		const { clock, emulator } = this.#need();
		for (;;) {
			if (!this.#rx.length && !this.#fired.length) await emulator.settle();
			if (this.#rx.length || this.#fired.length) break;
			const next = clock.nextAt();
			if (next === undefined || next > until) {
				if (clock.now() < until) clock.advance(until - clock.now());
				return [{ now: clock.now(), fired: [], idle: next === undefined }];
			}
			clock.advance(next - clock.now());
		}
		const fired = this.#fired.splice(0, this.#fired.length);
		const chunks = this.#rx.splice(0, this.#rx.length);
		let length = 0;
		for (const c of chunks) length += c.length;
		const rx = new Uint8Array(length);
		let at = 0;
		for (const c of chunks) {
			rx.set(c, at);
			at += c.length;
		}
		return [{ now: clock.now(), fired }, rx];
	}

	#need(): Running {
		if (!this.#running) throw new Error("world not open");
		return this.#running;
	}

	async close(): Promise<void> {
		const running = this.#running;
		this.#running = undefined;
		this.#rx.length = 0;
		this.#fired.length = 0;
		this.#timeouts.clear();
		await running?.close();
	}
}
