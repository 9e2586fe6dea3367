// The one conversation the module allows: a queue of jobs, one running, each a script of rows (script.ts)
// run by this interpreter with one reusable timer. It sends a row (a wake-up probe first when the module
// may sleep), hands the answer's lines, payload and prompt to the job, goes to the row's good/bad or the
// job's verdict, waits where a row says so, and ends the job with its error once. A job's own part is in
// transfer.ts (an HTTP request), netjobs.ts (bring-up, status, power), jobs.ts (the ladder, sleep).
//
// States and the events each accepts:
//   IDLE      enqueue → NEXT
//   NEXT      timer → the next job's first row (EXCHANGE, DELAY or HOLD), or IDLE (then sleep, if asked)
//   DELAY     timer → the row waited for (its wait, a retry, a hold let go) → EXCHANGE
//   WAIT      timer → the row the job's Next.WAIT named (a registration ends a wait for it early)
//   EXCHANGE  final result → the verdict: a row (EXCHANGE/DELAY), WAIT, URC, HOLD, NEXT (the job ended)
//             prompt → the job's data; lines, payload → the job
//   URC       the row's result URC → the verdict; timer → the verdict on a timeout
//   HOLD      resume() → the row again
//   CLOSED    nothing
// In any state: cancel() ends the running job with 931 (after its exchange ends, if one is in flight);
// RDY forgets what the module held and ends a job that held the module's request with 902; the serial
// failing, or close(), ends every job (904, 930) and closes.
import { Chat } from "../at/chat.js";
import { type Exchange, Prompt } from "../at/exchange.js";
import { Alarm } from "../at/io.js";
import type { Tokenizer } from "../at/tokenizer.js";
import { Result, Token } from "../at/tokens.js";
import { asciiBytes } from "../at/fields.js";
import { ERR_CLOSED, ERR_SERIAL } from "./codes.js";
import { ModemError } from "./errors.js";
import { asciiText } from "./command.js";
import {
	awaits, checkLine, dataWaitOf, named, timeoutOf, writeCommand, type Job, type Step, Check, Flag, Next,
} from "./script.js";
import { SleepJob } from "./jobs.js";
import type { Profile } from "./profile.js";
import type { ModemOptions } from "./options.js";
import { Held } from "./held.js";
import { Registration, type NetworkState } from "./network.js";

const enum State { IDLE, NEXT, DELAY, WAIT, EXCHANGE, URC, HOLD, CLOSED } // the header's states

export class Runner {
	readonly profile: Profile;
	readonly options: ModemOptions;
	readonly chat: Chat;
	/** What the module is known to hold (its settings, the URL, the CA), forgotten when it restarts. */
	readonly held: Held;
	/** The registration, as last read or reported (+CEREG). */
	readonly registration = new Registration();
	/** Release assistance after a request's last read; told each registration change. */
	releaseAssistance = false;
	onNetwork: ((state: NetworkState) => void) | undefined;
	#alarm: Alarm;
	#state = State.IDLE;
	#closedBy = ERR_CLOSED;
	#queue: Job[] = [];
	#job: Job | undefined;
	#index = 0;
	#row: Step | undefined;
	#pending: Step | undefined; // the row the wake-up probe goes before
	#tries = 0;
	#good = false;
	#cancelled = false;
	#result = Result.OK; // the last final result and its code, for a failing row's error
	#code = 0;
	#at = ""; // the row in flight, for errors
	#length = 0; // the command line in chat.tx
	#exchange: Exchange;
	#payload: Uint8Array;

	constructor(options: ModemOptions, profile: Profile) {
		this.options = options;
		this.profile = profile;
		this.held = new Held(profile.limits.urlMax);
		this.#payload = asciiBytes(profile.payload);
		this.#exchange = { prompt: Prompt.NONE, payload: undefined, open: profile.openPayload, hold: profile.hold[1], holdMin: profile.hold[0], timeout: 0 };
		this.chat = new Chat({
			serial: options.serial,
			timer: options.timer,
			// RAM: the module's longest line is far under 512 bytes (a payload streams through as spans) and
			// the longest command about 60: a ring of 768 (and its 256-byte landing), 128 bytes for a command.
			ringSize: 768,
			commandSize: 128,
			prompt: profile.prompt,
			promptDelay: options.promptDelay ?? profile.promptDelay,
			onReboot: () => this.#onReboot(),
			onError: (_chat, error) => this.trace(`callback failed: ${(error as Error)?.message ?? error}`),
			onSerialError: (_chat, error) => this.#serialFailed(error),
		});
		const route = { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onUrc(tokenizer) };
		for (let i = 0; i < profile.urcs.length; i++) this.chat.addUrc(profile.urcs[i]!, route);
		this.chat.addUrc(profile.registration, { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onRegistration(tokenizer) });
		this.#alarm = new Alarm(options.timer, () => this.#onTimer());
	}

	get job(): Job | undefined { return this.#job; }
	get closed(): boolean { return this.#state === State.CLOSED; }
	get queued(): number { return this.#queue.length; }

	/** The running or queued job that `match` picks. */
	find(match: (job: Job) => boolean): Job | undefined {
		if (this.#job && match(this.#job)) return this.#job;
		for (let i = 0; i < this.#queue.length; i++) if (match(this.#queue[i]!)) return this.#queue[i];
		return undefined;
	}

	enqueue(job: Job): void {
		if (this.#state === State.CLOSED) throw new ModemError(this.#closedBy, "enqueue");
		let at = this.#queue.length;
		if (job.urgent) while (at > 0 && !this.#queue[at - 1]!.urgent) at--;
		this.#queue.splice(at, 0, job);
		if (this.#state === State.IDLE) this.#arm(State.NEXT, 0);
	}

	/** The job can go on (a packet is ready, the reader has room, also inside a read). */
	resume(job: Job): void {
		if (job !== this.#job) return;
		if (this.#state === State.HOLD) this.#arm(State.DELAY, 0);
		else if (this.#state === State.EXCHANGE && !this.#pending) job.resumed(this.#row!, this.chat);
	}

	/** Queued, the job never starts; running, it ends with 931 (once its exchange, if any, has ended). */
	cancel(job: Job): void {
		const at = this.#queue.indexOf(job);
		if (at >= 0) this.#queue.splice(at, 1);
		else if (job === this.#job) {
			if (this.#state !== State.EXCHANGE) return this.#end(job.error(this, this.#row!, Result.CANCELLED, 0));
			this.#cancelled = true;
			this.chat.cancel();
		}
	}

	/** Every job, running or queued, and every later one, ends with `code`. */
	close(code = ERR_CLOSED, detail = ""): boolean {
		if (this.#state === State.CLOSED) return false;
		const jobs = this.#queue.splice(0);
		if (this.#job) jobs.unshift(this.#job);
		this.#job = undefined;
		this.#state = State.CLOSED;
		this.#closedBy = code;
		this.#alarm.close();
		this.chat.close();
		for (let i = 0; i < jobs.length; i++) jobs[i]!.end(new ModemError(code, "close", "", detail));
		return true;
	}

	/** The error of the row in flight: its name, the command line last sent, the code's row in the profile. */
	error(code: number, detail: string): ModemError {
		return new ModemError(code, this.#at || "modem", asciiText(this.chat.tx, 0, this.#length), detail, this.profile.lookup(code));
	}

	trace(message: string): void { this.options.onTrace?.(message); }

	// ---- the interpreter ----
	#begin(): void {
		const job = this.#queue.shift();
		if (!job) {
			this.#state = State.IDLE;
			if (this.options.sleep && !this.held.asleep) this.enqueue(new SleepJob(this));
			return;
		}
		const first = job.before(this);
		if (first) this.#queue.unshift(job);
		this.#job = first ?? job;
		this.#cancelled = false;
		if (this.held.asleep) this.held.needProbe = true; // the byte that wakes it is lost
		this.#go(this.#job.begin(this));
	}

	// To row `index` (past the last, or Next.DONE: the job's end), through the rows the job skips.
	#go(index: number): void {
		const job = this.#job!;
		for (;;) {
			const row = job.steps[index];
			if (!row) return this.#end(undefined);
			if (!job.skip(row, index)) {
				this.#index = index;
				this.#row = row;
				this.#tries = 0;
				if (row.wait > 0) return this.#arm(State.DELAY, row.wait);
				return this.#start(row);
			}
			index = row.good === Next.ROW ? index + 1 : row.good;
		}
	}

	// The row now, or when the job can go on (HOLD until resume()).
	#start(row: Step): void {
		if (this.#job!.ready(row)) this.#send(row);
		else this.#state = State.HOLD;
	}

	#send(row: Step): void {
		const wake = this.profile.wake;
		if (this.held.needProbe && row !== wake) {
			this.#pending = row;
			row = wake;
		}
		const job = this.#job!;
		const length = writeCommand(this.chat.tx, row, job);
		this.#at = row.name;
		this.#length = length;
		this.#good = row.check === Check.LACKS;
		this.#state = State.EXCHANGE;
		const exchange = this.#exchange;
		exchange.prompt = row.flags & Flag.DATA_FIRST ? Prompt.FIRST : Prompt.NONE;
		exchange.payload = row.payload ? this.#payload : undefined;
		exchange.timeout = timeoutOf(row, job, this.options, this.profile.promptDelay);
		exchange.dataWait = dataWaitOf(row, this.options);
		this.chat.send(length, exchange, this);
	}

	// The verdict on the row: where the job goes next.
	#decide(next: number): void {
		const job = this.#job!;
		const row = this.#row!;
		switch (next) {
			case Next.ROW: return this.#go(this.#index + 1);
			case Next.SAME: return this.#start(row);
			case Next.URC: return this.#arm(State.URC, job.delay);
			case Next.WAIT: return this.#arm(State.WAIT, job.delay);
			case Next.RETRY:
				if (++this.#tries < row.tries) return this.#arm(State.DELAY, row.wait * this.#tries);
				if (row === this.profile.wake) this.held.reset(this.options.reset); // silent after every probe
				return this.#end(job.error(this, row, row === this.profile.wake ? Result.TIMEOUT : this.#result, this.#code));
			case Next.FAIL: return this.#end(job.error(this, row, this.#result, this.#code));
		}
		this.#go(next);
	}

	#end(error: ModemError | undefined): void {
		const job = this.#job;
		this.#job = this.#row = this.#pending = undefined;
		this.#cancelled = false;
		this.#arm(State.NEXT, 0);
		job?.end(error);
	}

	// ---- the chat's delegate ----
	onDone(_chat: Chat, result: number, code: number): void {
		if (result === Result.CLOSED || result === Result.SERIAL) return; // close() or #serialFailed settles all
		const job = this.#job!;
		if (this.#cancelled) return this.#end(job.error(this, this.#row!, Result.CANCELLED, 0));
		if (result === Result.CME && code < 0) code = this.profile.cmeCode(this.chat.tokenizer);
		this.#result = result;
		this.#code = code;
		const row = this.#row!;
		const good = row.check === Check.LACKS ? this.#good : result === Result.OK && (row.check === Check.NONE || this.#good);
		const pending = this.#pending;
		if (pending) { // the wake-up probe's answer: the row it went before, or its retries
			if (!good) {
				this.#row = this.profile.wake;
				return this.#decide(Next.RETRY);
			}
			this.#pending = undefined;
			this.#row = pending;
			this.#tries = 0;
			this.held.needProbe = this.held.asleep = false;
			return this.#send(pending);
		}
		this.#decide(job.verdict(row, this.#index, good, result, code));
	}

	onInfo(_chat: Chat, tokenizer: Tokenizer): void {
		const row = this.#row;
		if (!row || this.#pending) return;
		if (row.check !== Check.NONE && tokenizer.kind === Token.INFO && named(row, tokenizer)) this.#good = checkLine(row, tokenizer, this.#good);
		this.#job!.line(row, tokenizer);
	}

	onPayload(_chat: Chat, bytes: Uint8Array, start: number, end: number): number | void { return this.#job?.payload(bytes, start, end); }
	payloadRoom(): number { return this.#job ? this.#job.room() : 0x7fffffff; }
	payloadNeed(): number { return this.#job ? this.#job.need() : -1; }
	onDataSent(chat: Chat): void { if (this.#job && !this.#pending) this.#job.dataSent(this.#row!, chat); }
	onHeld(_chat: Chat, bytes: Uint8Array, start: number, end: number): void { this.#job?.stalled(bytes, start, end); }

	onPrompt(chat: Chat): void {
		const job = this.#job;
		if (!job || this.#pending) return chat.cancel();
		job.data(this.#row!, chat);
	}

	// ---- what the module says unasked ----
	#onUrc(tokenizer: Tokenizer): void {
		const row = this.#row, job = this.#job;
		if (!row || !job || (this.#state !== State.EXCHANGE && this.#state !== State.URC)) return; // late, for a job already over
		if (!awaits(row, tokenizer) || !job.urc(row, tokenizer) || this.#state !== State.URC) return;
		this.#alarm.stop();
		this.#decide(job.verdict(row, this.#index, true, Result.OK, 0));
	}

	#onRegistration(tokenizer: Tokenizer): void {
		const registration = this.registration, changed = registration.read(tokenizer);
		if (changed < 0) return;
		if (!registration.registered()) {
			this.held.bearerUp = false; // a lost registration takes the PDP contexts with it
			this.#job?.lost();
		}
		if (!changed) return;
		this.trace(`network: +CEREG ${registration}`);
		this.#tell(this.onNetwork, registration.state(), "onNetwork");
		// Registered while a job waits for it: go on now rather than at the end of the wait.
		if (registration.registered() && this.#state === State.WAIT && this.#job!.registering) this.#alarm.arm(1);
	}

	#onReboot(): void {
		this.held.forget(true);
		this.held.needProbe = true; // a module fresh from boot may sleep again before the next command
		this.trace("module restarted (RDY)");
		const state = this.#state;
		if (this.#job && (state === State.URC || state === State.HOLD || state === State.WAIT) && this.#job.rebooted()) {
			this.#alarm.stop();
			this.#end(this.#job.error(this, this.#row!, Result.REBOOT, 0));
		}
	}

	#serialFailed(error: unknown): void {
		const detail = String((error as Error | undefined)?.message ?? error);
		if (!this.close(ERR_SERIAL, detail)) return;
		const failure = new ModemError(ERR_SERIAL, "serial", "", detail);
		this.trace(failure.message);
		this.#tell(this.options.onError, failure, "onError");
	}

	// A user's callback: what it throws goes to the trace, never out of the serial's or the timer's callback.
	#tell<T>(callback: ((value: T) => void) | undefined, value: T, name: string): void {
		try {
			callback?.(value);
		} catch (error) {
			this.trace(`${name} failed: ${(error as Error)?.message ?? error}`);
		}
	}

	// ---- the timer ----
	#arm(state: number, ms: number): void {
		this.#state = state;
		this.#alarm.arm(ms);
	}

	#onTimer(): void {
		switch (this.#state) {
			case State.NEXT: return this.#begin();
			case State.DELAY: return this.#start(this.#row!);
			case State.WAIT: {
				const then = this.#job!.then;
				return this.#go(then === Next.SAME ? this.#index : then === Next.ROW ? this.#index + 1 : then);
			}
			case State.URC: return this.#decide(this.#job!.verdict(this.#row!, this.#index, false, Result.TIMEOUT, 0));
		}
	}
}
