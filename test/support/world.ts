// The place an end-to-end case runs: the module emulator and local HTTP(S) servers on a virtual
// clock, seen through the same serial `io` class and Timer a device would get. Each engine runner
// installs how a world is opened: in Node the emulator runs in-process; in XS the emulator runs in
// the Node process that drives the worker, reached through issueCommand (see xs-world.ts).
import type { SerialClass, TimerApi } from "../../modules/at/io.js";
import type { EmulatorOptions, PowerStats } from "../../emulator/index.js";
// Loaded for its side effect: the BG95 profile names itself, so that module: "bg95" works.
import "../../modules/quectel/bg95/profile.js";

export type { PowerStats };

/** The emulator's network and power parameters pass through as they are (emulator/README.md, "Network and power"). */
type NetworkOptions = Pick<EmulatorOptions, "searchMs" | "bootSearchMs" | "roaming" | "apn" | "rrcInactivityMs" | "raiReleaseMs" | "tauMs" | "periodicTauMs" | "drxMs" | "grant">;

export interface WorldOptions extends NetworkOptions {
	/** The module the emulator is: "bc660k" (default) or "bg95". */
	module?: EmulatorOptions["module"];
	network?: "fast" | "nbiot";
	seed?: number;
	faults?: string | string[];
	echo?: boolean;
	baud?: number;
	promptSpace?: boolean;
	/** Bytes the host sends within 500 ms of `>` are lost (the manual's switch to data mode). */
	strictPrompt?: boolean;
	/** AT+CMEE as another host left it in NVRAM: 2 makes errors text (`+CME ERROR: HTTP(S) DNS error`). */
	cmee?: 0 | 1 | 2;
	sleepAfter?: number;
	/** The emulator's late answer to the command that woke it: after how many ms, and whether it is OK. */
	wakeAnswerAfter?: number;
	wakeAnswerOk?: boolean;
	/** Print +QHTTPGETEX's result as +QHTTPGET, as sibling modules do. */
	rangeUrc?: "QHTTPGETEX" | "QHTTPGET";
	/** The only spelling of the SSL parameter the emulated firmware takes (default "seclevel"). */
	seclevelName?: "seclevel" | "secllevel";
	/** The emulator's profile: "manual" (default) or "field" (what real modules do: FIELD-NOTES). */
	profile?: "manual" | "field";
}

export interface Servers {
	http: number;
	https: number;
	caPem: string;
	wrongCaPem: string;
}

export interface World {
	/** The module the emulator is: the one its Modem must be made for. */
	module: "bc660k" | "bg95";
	serial: { io: SerialClass; baud: number };
	timer: TimerApi;
	servers: Servers;
	now(): number;
	/** Lets time pass (virtual) and I/O happen until done() or limitMs of virtual time. */
	runUntil(done: () => boolean, limitMs: number): Promise<boolean>;
	inject(spec: string): void;
	/** The deterministic body the servers send for /bytes/<n>?seed=<seed>. */
	expectedBytes(n: number, seed: number): Uint8Array;
	/** The emulator's field-profile time on the line (read pauses, late URCs, extra bytes): for benchmarks. */
	fieldStats(): Promise<{ pausedMs: number; lateUrcMs: number; extraBytes: number }>;
	/** The module's power states since the world opened or the last reset (`reset: true` resets after
	 *  reading): for the energy benchmark and power tests. */
	powerStats(options?: { reset?: boolean }): Promise<PowerStats>;
	/** What the servers received, most recent last. */
	requests(): Promise<{ method: string; path: string; headers: Record<string, string>; bodyLength: number; sha256: string }[]>;
	close(): Promise<void>;
}

export type OpenWorld = (options: WorldOptions) => Promise<World>;

/** The module the worlds are, unless a case names one: the runner's choice for the run (the global
 *  moduleModel in XS, TEST_MODULE in Node), else the BC660K. */
export function moduleModel(): "bc660k" | "bg95" {
	const model = (globalThis as { moduleModel?: string }).moduleModel ?? (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.TEST_MODULE;
	return model === "bg95" ? "bg95" : "bc660k";
}

export async function openWorld(options: WorldOptions = {}): Promise<World> {
	const open = (globalThis as { openWorld?: OpenWorld }).openWorld;
	if (!open) throw new Error("no world: run this case through the test runner");
	const module = options.module ?? moduleModel();
	const world = await open({ ...options, module });
	world.module = module;
	return world;
}

export function installWorld(open: OpenWorld): void {
	(globalThis as { openWorld?: OpenWorld }).openWorld = open;
}
