// A virtual clock for tests that have no emulator (the emulator's VirtualClock has the same shape).
import type { ClockLike } from "../../hosts/xs/timer.js";

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
