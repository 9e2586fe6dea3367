// The network jobs (issue 17): bring-up, status and power settings as scripts of steps (N_*), each one
// row of the profile's network table, and the registration as the module reports it (+CEREG). This is
// which row to send (and its quoted arguments) and what each answer means; the core (core.ts) writes and
// runs the commands in its queue (before the HTTP jobs), wakes and probes the module for them, keeps the
// timer and makes the errors. What an
// answer shows is read from the tokenizer's spans; only a job's result object (and, once, the identity
// strings) is allocated.
import type { Tokenizer } from "../at/tokenizer.js";
import { RESULT_CANCELLED, RESULT_CME, RESULT_OK, RESULT_REBOOT, RESULT_TIMEOUT, TOKEN_INFO, TOKEN_LINE } from "../at/tokens.js";
import { asciiBytes, equalsBytes, equalsQuoted, fieldAt, fieldEnd, fieldSigned, fieldUint, parseUint } from "../at/fields.js";
import { ERR_AT_ERROR, ERR_CLOSED, ERR_DENIED, ERR_NO_ADDRESS, ERR_NOT_REGISTERED, ERR_REBOOTED, ERR_SIM, ERR_TIMEOUT } from "./codes.js";
import { ModemError } from "./errors.js";
import { asciiText } from "./command.js";
import { ARG_APN, ARG_EDRX, ARG_T3324, ARG_T3412, type Command, type NetworkProfile } from "./profile.js";
import {
	checkPower, edrxValue, networkState, REG_DENIED, REG_HOME, REG_NONE, REG_ROAMING, T3324, T3412, timerBits, timerSeconds,
	type ModemStatus, type NetworkState, type PowerOptions, type StartOptions, type StartResult,
} from "./network.js";

// What the core does after an answer (answer(), wake()).
export const NET_NEXT = 0; // the next step, or the job's end (next() says which)
export const NET_SEND = 1; // the same step again (after a probe when `probe` says so)
export const NET_WAIT = 2; // wait `wait` ms, then what wake() says
export const NET_FAIL = 3; // the job fails with `code` and `detail`

// The steps (their rows, in the constructor's order).
const N_SIM = 0, N_APN_READ = 1, N_APN_WRITE = 2, N_RESTART = 3, N_REPORT = 4, N_PSM = 5, N_EDRX = 6, N_REGISTERED = 7,
	N_ADDRESS = 8, N_REVISION = 9, N_IMEI = 10, N_ICCID = 11, N_IMSI = 12, N_REGISTRATION = 13, N_CELL = 14, N_SIGNAL = 15,
	N_EDRX_READ = 16, N_SLEEP_READ = 17;
const START_STEPS = Object.freeze([N_SIM, N_APN_READ, N_APN_WRITE, N_RESTART, N_REPORT, N_PSM, N_EDRX, N_REGISTERED, N_ADDRESS]);
const STATUS_STEPS = Object.freeze([N_REPORT, N_REVISION, N_IMEI, N_ICCID, N_IMSI, N_REGISTRATION, N_CELL, N_SIGNAL, N_EDRX_READ, N_SLEEP_READ]);
const POWER_STEPS = Object.freeze([N_PSM, N_EDRX]);
const QUOTE = 0x22;
const COMMA = 0x2c;

interface NetJob {
	steps: readonly number[];
	power: PowerOptions;
	apn: Uint8Array | undefined;
	timeout: number;
	resolve(value: unknown): void;
	reject(error: ModemError): void;
}

export class NetworkJobs {
	queue: NetJob[] = [];
	job: NetJob | undefined;
	/** After answer(): the module may have slept or restarted, so probe it before the next command. */
	probe = false;
	/** After answer() gave NET_WAIT: the wait is for the registration (a +CEREG that says registered ends it). */
	registering = false;
	/** NET_WAIT's milliseconds; NET_FAIL's code and detail. */
	wait = 0;
	code = 0;
	detail = "";
	// The registration, as last read or reported (+CEREG).
	stat = REG_NONE;
	cause = 0;

	#network: NetworkProfile;
	#closed = 0; // the code every job rejects with once closed
	#at = 0; // the step in flight, an index into job.steps
	#tries = 0; // of the step in flight, after a timeout or a reboot
	#waited = 0; // ms waited in the step (registration, address)
	#delay = 0;
	#next = false; // the wait ends by going to the next step, not by sending this one again
	#seen = false; // the step's expected line came
	#rows: Command[];
	#names: (Uint8Array | undefined)[];
	#simReady: Uint8Array;
	#revisionPrefix: Uint8Array;
	#activeBits = -1;
	#tauBits = -1;
	#reportOn = false;
	#apnMatches = false;
	#address = "";
	// Status figures of the job in flight; the identity once read.
	#rsrp = NaN;
	#rsrq = NaN;
	#snr = NaN;
	#cellSeen = false;
	#cellUnsupported = false;
	#edrxCycle = 0;
	#ptw = 0;
	#sleepSetting = -1;
	#imei = "";
	#iccid = "";
	#imsi = "";
	#revision = "";

	constructor(network: NetworkProfile) {
		this.#network = network;
		const n = network;
		const rows = [n.sim, n.apnRead, n.apnWrite, n.restart, n.report, n.psm, n.edrx, n.registration, n.address,
			n.revision, n.imei, n.iccid, n.imsi, n.registration, n.cell, n.signal, n.edrxRead, n.sleepRead];
		this.#rows = rows;
		// The answer's line name, where it is a +NAME: line (ATI and AT+CIMI answer plain lines).
		this.#names = rows.map((row, step) => (step === N_REVISION || step === N_IMSI || step === N_RESTART ? undefined : asciiBytes(row.step)));
		this.#simReady = asciiBytes(n.simReady);
		this.#revisionPrefix = asciiBytes(n.revisionPrefix);
	}

	// The jobs, queued (the core starts them), their options checked first: a TypeError or RangeError
	// names the fix. What each does is said where the modem offers it (core.ts).
	start(options: StartOptions = {}): Promise<StartResult> {
		if (typeof options !== "object" || options === null) throw new TypeError("start: pass an options object: start({ apn: \"…\", timeout: 180000 })");
		const apn = options.apn;
		if (apn !== undefined && !(typeof apn === "string" && /^[A-Za-z0-9.-]{1,99}$/.test(apn))) throw new TypeError("start: apn is the operator's APN, 1–99 letters, digits, dots and dashes");
		const timeout = options.timeout ?? 180000;
		if (!(timeout > 0)) throw new RangeError("start: timeout is milliseconds, more than 0");
		checkPower(options, this.#network.edrxCycles);
		return this.#add(START_STEPS, options, apn === undefined ? undefined : asciiBytes(apn), timeout) as Promise<StartResult>;
	}

	status(): Promise<ModemStatus> {
		return this.#add(STATUS_STEPS, {}, undefined, 0) as Promise<ModemStatus>;
	}

	power(options: PowerOptions): Promise<void> {
		if (typeof options !== "object" || options === null) throw new TypeError("setPower: pass { psm: { periodicTau, activeTime }, edrx: { cycle } }");
		checkPower(options, this.#network.edrxCycles);
		return this.#add(POWER_STEPS, options, undefined, 0) as Promise<void>;
	}

	#add(steps: readonly number[], power: PowerOptions, apn: Uint8Array | undefined, timeout: number): Promise<unknown> {
		if (this.#closed) return Promise.reject(new ModemError(this.#closed, "network"));
		return new Promise((resolve, reject) => {
			this.queue.push({ steps, power, apn, timeout, resolve, reject });
		});
	}

	/** The registration as last read or reported. */
	state(): NetworkState {
		return networkState(this.stat, this.cause);
	}

	registered(): boolean {
		return this.stat === REG_HOME || this.stat === REG_ROAMING;
	}

	/** Takes the next queued job; next() gives its first step. */
	begin(): void {
		const job = (this.job = this.queue.shift()!);
		if (job.steps === STATUS_STEPS) {
			this.#rsrp = this.#rsrq = this.#snr = NaN;
			this.#cellSeen = false;
			this.#edrxCycle = this.#ptw = 0;
			this.#sleepSetting = -1;
		}
		this.#apnMatches = false;
		this.#address = "";
		this.#at = -1;
	}

	/** To the next step the job needs: false when it has none left (end() it). */
	next(): boolean {
		const job = this.job!;
		do {
			if (++this.#at >= job.steps.length) return false;
		} while (this.#skip(job.steps[this.#at]!, job));
		this.#tries = this.#waited = this.#delay = 0;
		return true;
	}

	#skip(step: number, job: NetJob): boolean {
		switch (step) {
			case N_APN_READ: return !job.apn;
			case N_APN_WRITE:
			case N_RESTART: return !job.apn || this.#apnMatches;
			case N_REPORT: return this.#reportOn;
			case N_PSM: return job.power.psm === undefined;
			case N_EDRX: return job.power.edrx === undefined;
			case N_REVISION: return this.#revision !== "";
			case N_IMEI: return this.#imei !== "";
			case N_ICCID: return this.#iccid !== "";
			case N_IMSI: return this.#imsi !== "";
			case N_CELL: return this.#cellUnsupported;
			case N_SIGNAL: return this.#cellSeen; // the cell report gave the figures already
		}
		return false;
	}

	/** The step's row, for the core to send (its arguments from argument()). */
	row(): Command {
		const job = this.job!;
		const step = job.steps[this.#at]!;
		const network = this.#network;
		this.#seen = false;
		if (step === N_PSM && job.power.psm === false) return network.psmOff;
		if (step === N_EDRX && job.power.edrx === false) return network.edrxOff;
		return this.#rows[step]!;
	}

	/** Writes a network argument (ARG_APN …) of the job into tx at `at`, quoted; where it ends. */
	argument(tx: Uint8Array, at: number, arg: number): number {
		const job = this.job!;
		tx[at++] = QUOTE;
		const psm = job.power.psm, edrx = job.power.edrx;
		switch (arg) {
			case ARG_APN:
				tx.set(job.apn!, at);
				at += job.apn!.length;
				break;
			case ARG_T3412: at = writeBits(tx, at, psm ? timerBits(psm.periodicTau, T3412) : 0, 8); break;
			case ARG_T3324: at = writeBits(tx, at, psm ? timerBits(psm.activeTime, T3324) : 0, 8); break;
			case ARG_EDRX: at = writeBits(tx, at, edrx ? edrxValue(edrx.cycle, this.#network.edrxCycles) : 0, 4); break;
		}
		tx[at++] = QUOTE;
		return at;
	}

	/** The step's exchange ended: a NET_* for the core. */
	answer(result: number, code: number): number {
		const job = this.job!;
		const step = job.steps[this.#at]!;
		this.probe = this.registering = false;
		if (result === RESULT_TIMEOUT || result === RESULT_REBOOT || result === RESULT_CANCELLED) {
			// A command lost to a sleeping module, or a restart: probe and send it again, twice.
			this.probe = true;
			if (++this.#tries < 3) return NET_SEND;
			return this.fail(result === RESULT_REBOOT ? ERR_REBOOTED : ERR_TIMEOUT);
		}
		switch (step) {
			case N_SIM:
				if (result === RESULT_OK && this.#seen) return NET_NEXT;
				return this.fail(ERR_SIM, result === RESULT_CME ? `+CME ERROR: ${code}` : "AT+CPIN? did not answer READY");
			case N_CELL:
				if (result !== RESULT_OK) {
					this.#cellUnsupported = true; // this firmware has no such report: the signal command instead
					return NET_NEXT;
				}
				break;
			case N_RESTART:
				if (result !== RESULT_OK) break;
				this.probe = true;
				this.#reportOn = false;
				return this.#wait(this.#network.restartMs, true);
			case N_REGISTERED:
				if (result === RESULT_OK) return this.#registration();
				break;
			case N_ADDRESS:
				if (result !== RESULT_OK) break;
				if (this.#address) return NET_NEXT;
				// The address follows the attach by a moment: a few tries, a second apart.
				if (this.#waited >= 5000) return this.fail(ERR_NO_ADDRESS);
				return this.#wait(1000, false);
			case N_REPORT:
				if (result === RESULT_OK) this.#reportOn = true;
				break;
		}
		if (result !== RESULT_OK) return this.fail(result === RESULT_CME ? code : ERR_AT_ERROR);
		return NET_NEXT;
	}

	/** The wait of NET_WAIT is over: NET_NEXT or NET_SEND. */
	wake(): number {
		return this.#next ? NET_NEXT : NET_SEND;
	}

	// After AT+CEREG?'s OK: registered, denied, or wait and read again within the timeout.
	#registration(): number {
		const job = this.job!;
		if (this.registered()) return NET_NEXT;
		if (this.stat === REG_DENIED) return this.fail(ERR_DENIED, `EMM cause ${this.cause}`);
		if (this.#waited >= job.timeout) return this.fail(ERR_NOT_REGISTERED, `+CEREG stat ${this.stat} after ${Math.round(this.#waited / 1000)} s`);
		const delay = Math.min(this.#delay ? this.#delay * 2 : 500, 4000, job.timeout - this.#waited);
		this.#delay = delay;
		this.registering = true;
		return this.#wait(delay, false);
	}

	#wait(ms: number, next: boolean): number {
		this.#waited += ms;
		this.#next = next;
		this.wait = ms;
		return NET_WAIT;
	}

	/** The job fails with `code`: NET_FAIL. */
	fail(code: number, detail = ""): number {
		this.code = code;
		this.detail = detail;
		return NET_FAIL;
	}

	/** The job is over: resolved with its result, or rejected with `error`. */
	end(error: ModemError | undefined, asleep: boolean): void {
		const job = this.job!;
		this.job = undefined;
		if (error) return job.reject(error);
		let value: unknown;
		if (job.steps === START_STEPS) {
			const state = this.state() as StartResult;
			state.address = this.#address;
			value = state;
		} else if (job.steps === STATUS_STEPS) value = this.#status(asleep);
		job.resolve(value);
	}

	#status(asleep: boolean): ModemStatus {
		const active = this.#activeBits >= 0 ? timerSeconds(this.#activeBits, T3324) : -1;
		const tau = this.#tauBits >= 0 ? timerSeconds(this.#tauBits, T3412) : -1;
		const status = this.state() as ModemStatus;
		status.rsrp = this.#rsrp;
		status.rsrq = this.#rsrq;
		status.snr = this.#snr;
		status.imei = this.#imei;
		status.iccid = this.#iccid;
		status.imsi = this.#imsi;
		status.revision = this.#revision;
		status.psm = active >= 0 && tau >= 0 ? { activeTime: active, periodicTau: tau } : undefined;
		status.edrx = this.#edrxCycle > 0 ? { cycle: this.#edrxCycle, pagingWindow: this.#ptw } : undefined;
		status.sleep = this.#sleepSetting;
		status.asleep = asleep;
		return status;
	}

	/** Every job, running or queued, rejects with `code` (ERR_CLOSED, or the serial's failure), and so
	 *  does any later one. */
	close(code = ERR_CLOSED): void {
		this.#closed = code;
		const jobs = this.queue.splice(0, this.queue.length);
		if (this.job) jobs.unshift(this.job);
		this.job = undefined;
		for (let i = 0; i < jobs.length; i++) jobs[i]!.reject(new ModemError(code, "close"));
	}

	/** One answer line of the step in flight: only a line of the expected name (or form) counts; blank
	 *  lines never reach here and a URC of another name is passed over. */
	info(tokenizer: Tokenizer): void {
		const step = this.job!.steps[this.#at]!;
		const bytes = tokenizer.bytes;
		const name = this.#names[step];
		if (!name) {
			if (tokenizer.kind !== TOKEN_LINE) return;
			const start = tokenizer.start, end = tokenizer.end;
			if (step === N_REVISION) {
				const prefix = this.#revisionPrefix;
				if (end - start > prefix.length && equalsBytes(bytes, start, start + prefix.length, prefix)) this.#revision = asciiText(bytes, start + prefix.length, end);
			} else if (step === N_IMSI && end - start >= 6 && end - start <= 15 && parseUint(bytes, start, end) >= 0) this.#imsi = asciiText(bytes, start, end);
			return;
		}
		if (tokenizer.kind !== TOKEN_INFO || !equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)) return;
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		switch (step) {
			case N_SIM:
				this.#seen = equalsBytes(bytes, start, end, this.#simReady);
				return;
			case N_APN_READ: { // +QCGDEFCONT: "<type>"[,"<apn>"…]; APNs are case-insensitive
				const apn = fieldAt(bytes, start, end, 1);
				this.#apnMatches = apn < end && equalsQuoted(bytes, apn, fieldEnd(bytes, apn, end), this.job!.apn!, true);
				return;
			}
			case N_ADDRESS: { // +CGPADDR: <cid>[,"<address>"]
				const at = fieldAt(bytes, start, end, 1), stop = fieldEnd(bytes, at, end);
				if (stop - at > 2 && bytes[at] === QUOTE) this.#address = asciiText(bytes, at + 1, stop - 1);
				return;
			}
			case N_IMEI:
				this.#imei = asciiText(bytes, start, end);
				return;
			case N_ICCID:
				if (end > start) this.#iccid = asciiText(bytes, start, end);
				return;
			case N_CELL: { // +QENG: 0,… with the serving cell's figures at cellFields
				if (fieldUint(bytes, start, end, 0) !== 0) return;
				const fields = this.#network.cellFields; // RSRP, RSRQ, SNR
				this.#rsrp = fieldSigned(bytes, start, end, fields[0]);
				this.#rsrq = fieldSigned(bytes, start, end, fields[1]);
				this.#snr = fieldSigned(bytes, start, end, fields[2]);
				this.#cellSeen = !Number.isNaN(this.#rsrp);
				return;
			}
			case N_SIGNAL: { // +CESQ: …,<rsrq>,<rsrp> (indexes of 27.007: rsrq -20 + n/2 dB, rsrp -141 + n dBm; 255 unknown)
				let count = 0;
				for (let i = start; i < end; i++) if (bytes[i] === COMMA) count++;
				const q = fieldUint(bytes, start, end, count - 1), p = fieldUint(bytes, start, end, count);
				this.#rsrq = q >= 0 && q !== 255 ? -20 + q / 2 : NaN;
				this.#rsrp = p >= 0 && p !== 255 ? -141 + p : NaN;
				return;
			}
			case N_EDRX_READ: { // +CEDRXRDP: <AcT>[,"<requested>","<granted>","<ptw>"]
				const granted = bitsField(bytes, start, end, 2), ptw = bitsField(bytes, start, end, 3);
				const cycles = this.#network.edrxCycles;
				this.#edrxCycle = granted >= 0 && granted < cycles.length ? cycles[granted]! : 0;
				this.#ptw = ptw >= 0 ? 2560 * (ptw + 1) : 0;
				return;
			}
			case N_SLEEP_READ:
				this.#sleepSetting = parseUint(bytes, start, end);
				return;
		}
	}

	/** +CEREG, in both forms: the read answer `<n>,<stat>,…` and the URC `<stat>,…` (whose second field,
	 *  when there is one, is a quoted TAC or empty, never a number). 1: the state changed, 0: it did not,
	 *  -1: unreadable (never a state). */
	registration(tokenizer: Tokenizer): number {
		const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
		const from = fieldUint(bytes, start, end, 1) >= 0 ? fieldAt(bytes, start, end, 1) : start; // a TAC is quoted: not a number
		const stat = fieldUint(bytes, from, end, 0);
		if (stat < 0 || stat > 5) return -1;
		const cause = stat === REG_DENIED ? fieldUint(bytes, from, end, 5) : 0;
		// A short form (`<stat>` alone: another presentation mode, a stray URC) says nothing of the timers.
		if (fieldAt(bytes, from, end, 1) < end || (stat !== REG_HOME && stat !== REG_ROAMING)) {
			this.#activeBits = bitsField(bytes, from, end, 6);
			this.#tauBits = bitsField(bytes, from, end, 7);
		}
		const changed = stat !== this.stat || (cause > 0 ? cause : 0) !== this.cause;
		this.stat = stat;
		this.cause = cause > 0 ? cause : 0;
		return changed ? 1 : 0;
	}
}

// A quoted field of 0s and 1s ("01000011") as a number; -1 when absent or empty.
function bitsField(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = fieldAt(bytes, start, end, index), stop = fieldEnd(bytes, at, end);
	if (stop - at < 3 || bytes[at] !== QUOTE || bytes[stop - 1] !== QUOTE) return -1;
	let value = 0;
	for (let i = at + 1; i < stop - 1; i++) {
		const bit = bytes[i]! - 0x30;
		if (bit !== 0 && bit !== 1) return -1;
		value = value * 2 + bit;
	}
	return value;
}

function writeBits(tx: Uint8Array, at: number, value: number, count: number): number {
	for (let bit = count - 1; bit >= 0; bit--) tx[at++] = 0x30 + ((value >> bit) & 1);
	return at;
}
