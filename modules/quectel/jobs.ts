// The two small jobs of the runner: the recovery ladder (the HTTP(S) note's chapter 4, as the profile's
// rows: check the SIM, the attach, the address and the DNS server, reactivate when a check fails or a
// failure followed a failure) and sleep (the profile's one row, when the modem is idle).
import { ERR_AT_ERROR } from "./codes.js";
import type { ModemError } from "./errors.js";
import { Job, type Step, Flag, Next } from "./script.js";
import { Result } from "../at/tokens.js";
import type { Runner } from "./runner.js";


export class LadderJob extends Job {
	declare readonly steps: readonly Step[];
	#runner: Runner;
	#reactivate: boolean;
	#request: Job;

	constructor(runner: Runner, reactivate: boolean, request: Job) {
		super();
		this.steps = runner.profile.ladder;
		this.#runner = runner;
		this.#reactivate = reactivate;
		this.#request = request;
	}

	override verdict(row: Step, _index: number, good: boolean): number {
		if (row.flags & Flag.FORGET) this.#runner.held.forget();
		if (!good && row.flags & Flag.REACTIVATE) this.#reactivate = true;
		let next = good ? row.good : row.bad;
		if (next === Next.DECIDE) next = this.#reactivate ? this.#runner.profile.reactivateAt : Next.DONE;
		return next;
	}

	// Given up: the request it went before fails with the ladder's code, as its own failure.
	override error(runner: Runner, row: Step): ModemError {
		runner.trace(`recovery: ${row.why}`);
		return this.#request.error(runner, row, Result.CME, row.code || ERR_AT_ERROR);
	}

	// Climbed or given up, it counts; given up, the next request climbs it again (after repeated failures
	// the hardware reset, if any, is the last step).
	override end(error: ModemError | undefined): void {
		const runner = this.#runner;
		runner.held.ladderRuns++;
		if (!error) return;
		runner.held.needLadder = true;
		runner.cancel(this.#request);
		this.#request.end(error);
	}
}

export class SleepJob extends Job {
	declare readonly steps: readonly Step[];
	#runner: Runner;

	constructor(runner: Runner) {
		super();
		this.#runner = runner;
		this.steps = [runner.profile.sleep];
	}

	override verdict(_row: Step, _index: number, good: boolean): number {
		if (good) this.#runner.held.asleep = true;
		return Next.DONE;
	}
}

