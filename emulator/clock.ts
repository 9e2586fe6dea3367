// Time for the emulator: real, or virtual and advanced by tests so that UART pacing and network
// latency cost no real time.

export interface Clock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(id: unknown): void;
}

export class RealClock implements Clock {
	#start = Date.now();
	now(): number {
		return Date.now() - this.#start;
	}
	setTimeout(fn: () => void, ms: number): unknown {
		return setTimeout(fn, Math.max(0, ms));
	}
	clearTimeout(id: unknown): void {
		clearTimeout(id as NodeJS.Timeout);
	}
}

interface Entry {
	at: number;
	seq: number;
	fn: () => void;
}

export class VirtualClock implements Clock {
	#now = 0;
	#seq = 0;
	#queue: Entry[] = [];

	now(): number {
		return this.#now;
	}

	setTimeout(fn: () => void, ms: number): unknown {
		const entry = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
		// Sorted by time, then by order of scheduling.
		let i = this.#queue.length;
		while (i > 0 && this.#queue[i - 1]!.at > entry.at) i--;
		this.#queue.splice(i, 0, entry);
		return entry;
	}

	clearTimeout(id: unknown): void {
		const i = this.#queue.indexOf(id as Entry);
		if (i >= 0) this.#queue.splice(i, 1);
	}

	nextAt(): number | undefined {
		return this.#queue[0]?.at;
	}

	/** Runs every callback due within `ms`, in time order (including ones scheduled meanwhile). */
	advance(ms: number): void {
		const until = this.#now + Math.max(0, ms);
		while (this.#queue.length && this.#queue[0]!.at <= until) {
			const entry = this.#queue.shift()!;
			this.#now = entry.at;
			entry.fn();
		}
		this.#now = until;
	}
}
