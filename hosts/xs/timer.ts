// Moddable's Timer API over any clock (virtual in tests, real with a serial port), with the strict
// behaviour of its ESP32 implementation: a timer set without a repeat interval dies after it fires
// (schedule on it then throws), clear on a dead id does nothing. The desktop host and the tests use it,
// so what passes here passes against the device's Timer.

export interface ClockLike {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
}

interface TimerRecord {
	callback: (id: unknown) => void;
	interval: number;
	handle: unknown;
	dead: boolean;
}

export class ClockTimer {
	readonly clock: ClockLike;
	/** Timers alive (armed or parked): for leak checks. */
	live = 0;

	constructor(clock: ClockLike) {
		this.clock = clock;
	}

	set(callback: (id: unknown) => void, ms = 0, interval = 0): unknown {
		const record: TimerRecord = { callback, interval, handle: undefined, dead: false };
		this.live++;
		this.#arm(record, ms);
		return record;
	}

	schedule(id: unknown, ms?: number, interval?: number): void {
		const record = id as TimerRecord;
		if (record.dead) throw new Error("timer: schedule on a dead timer");
		if (record.handle !== undefined) this.clock.clearTimeout(record.handle);
		record.handle = undefined;
		if (interval !== undefined) record.interval = interval;
		if (ms !== undefined) this.#arm(record, ms);
	}

	clear(id: unknown): void {
		const record = id as TimerRecord | undefined;
		if (!record || record.dead) return;
		if (record.handle !== undefined) this.clock.clearTimeout(record.handle);
		record.dead = true;
		this.live--;
	}

	#arm(record: TimerRecord, ms: number): void {
		record.handle = this.clock.setTimeout(() => this.#fire(record), ms);
	}

	#fire(record: TimerRecord): void {
		record.handle = undefined;
		if (!record.interval) {
			record.dead = true; // a one-shot dies when it fires, whatever its callback does
			this.live--;
			record.callback(record);
			return;
		}
		this.#arm(record, record.interval);
		record.callback(record);
	}
}
