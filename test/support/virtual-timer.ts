// Moddable's Timer API over a virtual clock, with the strict behaviour of its ESP32 implementation:
// a timer set without a repeat interval dies after it fires (schedule on it then throws), clear on a
// dead id does nothing. Time moves only when the test says so.

export interface ClockLike {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
}

/** A minimal virtual clock, for tests that have no emulator (whose VirtualClock has the same shape). */
export class ManualClock implements ClockLike {
	#now = 0;
	#queue: { at: number; seq: number; fn: () => void }[] = [];
	#seq = 0;

	now(): number {
		return this.#now;
	}

	setTimeout(fn: () => void, ms: number): unknown {
		const entry = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
		this.#queue.push(entry);
		return entry;
	}

	clearTimeout(id: unknown): void {
		const at = this.#queue.indexOf(id as never);
		if (at >= 0) this.#queue.splice(at, 1);
	}

	nextAt(): number | undefined {
		let best: number | undefined;
		for (const entry of this.#queue) if (best === undefined || entry.at < best) best = entry.at;
		return best;
	}

	/** Runs everything due within `ms`, in time order. */
	advance(ms: number): void {
		const until = this.#now + ms;
		for (;;) {
			let next: { at: number; seq: number; fn: () => void } | undefined;
			for (const entry of this.#queue) if (entry.at <= until && (!next || entry.at < next.at || (entry.at === next.at && entry.seq < next.seq))) next = entry;
			if (!next) break;
			this.#queue.splice(this.#queue.indexOf(next), 1);
			this.#now = next.at;
			next.fn();
		}
		this.#now = until;
	}
}

interface TimerRecord {
	callback: (id: unknown) => void;
	interval: number;
	handle: unknown;
	dead: boolean;
}

export class VirtualTimer {
	readonly clock: ClockLike;
	/** Timers alive (armed or parked): for leak checks. */
	live = 0;

	constructor(clock: ClockLike = new ManualClock()) {
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
