// Moddable's Timer as each real host implements it, over a virtual clock, written from the SDK's C
// sources (modules/base/timer/modTimer.c, mc/timer.c for the ESP32, lin/timer.c for Linux) so that the
// library's timer use is tested against what the device does, not against an ideal timer.
import type { ClockLike } from "../../hosts/xs/timer.js";
import type { TimerApi } from "../../modules/at/io.js";
import { hostFault } from "./host-serial.js";

function need(id: unknown, dead: boolean, host: string): void {
	if (id === undefined || id === null || typeof id !== "object") throw hostFault(`${host} Timer: not a timer id`);
	if (dead) throw new Error("invalid timer"); // xsmcGetHostDataValidate on a freed timer
}

// ---- ESP32 (mc/timer.c): one list of timers, each with a trigger time and a repeat interval ----
//   fire: triggerTime += repeat; callback; then a repeat of 0 removes the timer (its id is dead:
//   schedule throws, clear does nothing). So a one-shot dies whatever its callback did, and a
//   `schedule(id, ms)` inside its own callback (repeat 0) is undone. schedule(id) alone unschedules
//   (repeat -1: it stays alive).
interface Esp32Record {
	callback: (id: unknown) => void;
	triggerTime: number;
	repeat: number;
	unscheduled: boolean;
	dead: boolean;
	handle: unknown;
}

export class Esp32Timer implements TimerApi {
	readonly clock: ClockLike;
	live = 0;

	constructor(clock: ClockLike) {
		this.clock = clock;
	}

	set(callback: (id: unknown) => void, ms = 0, repeat = 0): unknown {
		const record: Esp32Record = { callback, triggerTime: this.clock.now() + (ms | 0), repeat: repeat | 0, unscheduled: false, dead: false, handle: undefined };
		this.live++;
		this.#arm(record);
		return record;
	}

	schedule(id: unknown, ms?: number, repeat?: number): void {
		const record = id as Esp32Record;
		need(id, record.dead, "ESP32");
		this.#disarm(record);
		if (arguments.length === 1) {
			record.unscheduled = true;
			record.repeat = -1;
			return;
		}
		record.triggerTime = this.clock.now() + ((ms ?? 0) | 0);
		record.repeat = arguments.length > 2 ? (repeat ?? 0) | 0 : 0;
		record.unscheduled = false;
		this.#arm(record);
	}

	clear(id: unknown): void {
		const record = id as Esp32Record | undefined;
		if (!record || typeof record !== "object" || record.dead) return;
		this.#disarm(record);
		this.#kill(record);
	}

	#arm(record: Esp32Record): void {
		if (record.unscheduled || record.dead) return;
		record.handle = this.clock.setTimeout(() => this.#fire(record), Math.max(0, record.triggerTime - this.clock.now()));
	}

	#disarm(record: Esp32Record): void {
		if (record.handle !== undefined) this.clock.clearTimeout(record.handle);
		record.handle = undefined;
	}

	#kill(record: Esp32Record): void {
		record.dead = true;
		this.live--;
	}

	#fire(record: Esp32Record): void {
		record.handle = undefined;
		if (record.dead || record.unscheduled) return;
		record.triggerTime += record.repeat;
		record.callback(record);
		if (record.dead) return;
		if (record.repeat === 0) return this.#kill(record);
		if (record.handle === undefined) this.#arm(record); // not rescheduled: the repeat, non-drifting
	}
}

// ---- Linux (lin/timer.c on GLib) ----
//   A timer holds one GLib timeout (g_timer). schedule() removes it and adds a new one of `first` ms.
//   After the callback: interval 0 → the timer is removed (freed); first !== interval → a new
//   timeout of `interval` replaces g_timer *without removing the one schedule() may just have added
//   inside the callback*: that one is the orphan, which later schedule/clear calls cannot reach;
//   first === interval → the timeout repeats. schedule(id) alone removes g_timer.
const CONTINUE = true;
const REMOVE = false;

interface Source {
	fn: () => boolean;
	interval: number;
	handle: unknown;
	destroyed: boolean;
	spins: number;
}

const BUSY_SPINS = 10000;

class GLibLoop {
	readonly clock: ClockLike;
	/** Timeouts that fired after their timer had lost track of them. */
	orphanFires = 0;

	constructor(clock: ClockLike) {
		this.clock = clock;
	}

	timeoutAdd(ms: number, fn: () => boolean): Source {
		const source: Source = { fn, interval: Math.max(0, ms | 0), handle: undefined, destroyed: false, spins: 0 };
		this.#due(source);
		return source;
	}

	remove(source: Source | undefined): void {
		if (!source || source.destroyed) return;
		source.destroyed = true;
		if (source.handle !== undefined) this.clock.clearTimeout(source.handle);
		source.handle = undefined;
	}

	#due(source: Source): void {
		source.handle = this.clock.setTimeout(() => this.#dispatch(source), source.interval);
	}

	#dispatch(source: Source): void {
		source.handle = undefined;
		if (source.destroyed) return;
		const again = source.fn();
		if (again !== CONTINUE || source.destroyed) {
			source.destroyed = true;
			return;
		}
		// A 0 ms timeout that goes on is a busy loop on the real host; on a virtual clock it never lets
		// time pass. Say so, and stop it, rather than hang.
		source.spins = source.interval === 0 ? source.spins + 1 : 0;
		if (source.spins > BUSY_SPINS) {
			source.destroyed = true;
			hostFault("Linux Timer: a 0 ms GLib timeout repeats forever (a busy loop)");
			return;
		}
		this.#due(source);
	}
}

interface LinuxRecord {
	callback: ((id: unknown) => void) | undefined;
	first: number;
	interval: number;
	gTimer: Source | undefined;
	alive: boolean; // timer->id != 0
	useCount: number;
	dead: boolean; // the script's id lost its host data
}

export class LinuxTimer implements TimerApi {
	readonly loop: GLibLoop;
	live = 0;

	constructor(clock: ClockLike) {
		this.loop = new GLibLoop(clock);
	}

	get clock(): ClockLike {
		return this.loop.clock;
	}

	/** Fires of GLib timeouts their timer no longer owned: each one a false wake-up on Linux. */
	get orphanFires(): number {
		return this.loop.orphanFires;
	}

	set(callback: (id: unknown) => void, ms = 0, interval = 0): unknown {
		const record: LinuxRecord = { callback, first: ms | 0, interval: interval | 0, gTimer: undefined, alive: true, useCount: 1, dead: false };
		this.live++;
		record.gTimer = this.#add(record, record.first);
		return record;
	}

	schedule(id: unknown, ms?: number, interval?: number): void {
		const record = id as LinuxRecord;
		need(id, record.dead, "Linux");
		if (arguments.length === 1) { // modTimerUnschedule
			if (!record.alive) return;
			this.loop.remove(record.gTimer);
			record.gTimer = undefined;
			return;
		}
		this.loop.remove(record.gTimer); // modTimerReschedule
		record.first = (ms ?? 0) | 0;
		record.interval = arguments.length > 2 ? (interval ?? 0) | 0 : 0;
		record.gTimer = this.#add(record, record.first);
	}

	clear(id: unknown): void {
		const record = id as LinuxRecord | undefined;
		if (!record || typeof record !== "object" || record.dead) return;
		record.callback = undefined;
		record.dead = true;
		this.#remove(record);
	}

	#add(record: LinuxRecord, ms: number): Source {
		const source: Source = this.loop.timeoutAdd(ms, () => this.#execute(record, source));
		return source;
	}

	#remove(record: LinuxRecord): void {
		this.loop.remove(record.gTimer);
		record.gTimer = undefined;
		if (record.alive) {
			record.alive = false;
			record.useCount--;
			this.live--;
		}
	}

	// modTimerExecuteOne, with xs_timer_callback inside.
	#execute(record: LinuxRecord, source: Source): boolean {
		if (source !== record.gTimer) this.loop.orphanFires++;
		if (!record.alive) return REMOVE;
		record.useCount++;
		const callback = record.callback;
		if (callback) {
			callback(record);
			// xs_timer_callback: a second interval of 0 (with a timeout pending) frees the script's id.
			if (record.callback && record.gTimer && record.interval === 0) record.dead = true;
		}
		record.useCount--;
		if (record.useCount <= 0 || record.interval === 0) {
			this.#remove(record);
			record.dead = true;
			return REMOVE;
		}
		if (record.first !== record.interval) {
			record.gTimer = this.#add(record, record.interval);
			record.first = record.interval;
			return REMOVE;
		}
		return CONTINUE;
	}
}
