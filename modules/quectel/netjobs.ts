// The network jobs: bring-up, status and power settings, each a script of the profile's network rows
// (profile.ts NetworkRows: start, status, power), run by the runner before any HTTP request. This is what
// the rows cannot say: which a job needs, their quoted arguments, what each answer shows and when to
// wait (for a restart, the registration, the address). Only a job's result object (and, once, the
// identity strings) is allocated.
import type { Tokenizer } from "../at/tokenizer.js";
import { Result, Token } from "../at/tokens.js";
import { asciiBytes, equalsQuoted, equalsText, fieldAt, fieldEnd, fieldSigned, fieldUint, parseUint } from "../at/fields.js";
import { ERR_AT_ERROR, ERR_DENIED, ERR_NO_ADDRESS, ERR_NOT_REGISTERED, ERR_REBOOTED, ERR_SIM, ERR_TIMEOUT } from "./codes.js";
import type { ModemError } from "./errors.js";
import { asciiText } from "./command.js";
import { Job, named, type Step, Arg, Next, Want } from "./script.js";
import type { Runner } from "./runner.js";
import type { NetworkRows } from "./profile.js";
import {
	bitsField, checkPower, edrxValue, REG_DENIED, T3324, T3412, timerBits, timerSeconds, type ModemStatus, type PowerOptions, type StartOptions, type StartResult,
} from "./network.js";

const enum Byte { QUOTE = 0x22, COMMA = 0x2c }
/** What a network job does: bring-up, status, or power settings. */
export const enum Task {
	START = 1,
	STATUS = 2,
	POWER = 3,
}

/** Checks start()'s options (a TypeError or RangeError names the fix); the APN as bytes, or undefined. */
export function startOptions(options: StartOptions, rows: NetworkRows): Uint8Array | undefined {
	if (typeof options !== "object" || options === null) throw new TypeError("start: pass an options object: start({ apn: \"…\", timeout: 180000 })");
	const apn = options.apn;
	if (apn !== undefined && !(typeof apn === "string" && /^[A-Za-z0-9.-]{1,99}$/.test(apn))) throw new TypeError("start: apn is the operator's APN, 1–99 letters, digits, dots and dashes");
	if (!((options.timeout ?? 180000) > 0)) throw new RangeError("start: timeout is milliseconds, more than 0");
	checkPower(options, rows.edrxCycles);
	return apn === undefined ? undefined : asciiBytes(apn);
}

export class NetworkJob extends Job {
	declare readonly steps: readonly Step[];
	override urgent = true;
	#runner: Runner;
	#rows: NetworkRows;
	#kind: number;
	#power: PowerOptions;
	#apn: Uint8Array | undefined;
	#timeout: number;
	#resolve: (value: never) => void;
	#reject: (error: ModemError) => void;
	#row: Step | undefined; // the row the tries and waits below count for
	#tries = 0;
	#waited = 0;
	#delay = 0;
	#seen = false; // the row's expected line came
	#apnMatches = false;
	#active = false; // the data bearer is up already (a module whose host activates it)
	#address = "";
	#code = 0;
	#detail = "";
	// Status figures of this job.
	#rsrp = NaN;
	#rsrq = NaN;
	#snr = NaN;
	#cellSeen = false;
	#edrxCycle = 0;
	#ptw = 0;
	#sleep = -1;

	constructor(runner: Runner, kind: number, power: PowerOptions, apn: Uint8Array | undefined, timeout: number, resolve: (value: never) => void, reject: (error: ModemError) => void) {
		super();
		const rows = (this.#rows = runner.profile.network);
		this.steps = kind === Task.START ? rows.start : kind === Task.STATUS ? rows.status : rows.power;
		this.#runner = runner;
		this.#kind = kind;
		this.#power = power;
		this.#apn = apn;
		this.#timeout = timeout;
		this.#resolve = resolve;
		this.#reject = reject;
	}

	/** The jobs a modem offers (its start(), status(), setPower()): queued, their promise settled at the end. */
	static run<T>(runner: Runner, kind: number, power: PowerOptions, apn?: Uint8Array, timeout = 0): Promise<T> {
		return new Promise((resolve, reject) => runner.enqueue(new NetworkJob(runner, kind, power, apn, timeout, resolve as (value: never) => void, reject)));
	}

	override skip(row: Step): boolean {
		const rows = this.#rows, memory = this.#runner.held, power = this.#power;
		this.#seen = false;
		if (row === rows.apnRead) return !this.#apn;
		if (row === rows.apnWrite || row === rows.restart) return !this.#apn || this.#apnMatches;
		if (row === rows.activate) return this.#active;
		if (row === rows.report) return memory.reportOn;
		if (row === rows.psm) return !power.psm;
		if (row === rows.psmOff) return power.psm !== false;
		if (row === rows.edrx) return !power.edrx;
		if (row === rows.edrxOff) return power.edrx !== false;
		if (row === rows.revision) return memory.revision !== "";
		if (row === rows.imei) return memory.imei !== "";
		if (row === rows.iccid) return memory.iccid !== "";
		if (row === rows.imsi) return memory.imsi !== "";
		if (row === rows.cell) return memory.cellUnsupported;
		if (row === rows.signal) return this.#cellSeen; // the cell report gave the figures already
		return false;
	}

	// The network arguments, quoted.
	override text(tx: Uint8Array, at: number, arg: number): number {
		tx[at++] = Byte.QUOTE;
		const psm = this.#power.psm, edrx = this.#power.edrx;
		switch (arg) {
			case Arg.APN:
				tx.set(this.#apn!, at);
				at += this.#apn!.length;
				break;
			case Arg.T3412: at = writeBits(tx, at, psm ? timerBits(psm.periodicTau, T3412) : 0, 8); break;
			case Arg.T3324: at = writeBits(tx, at, psm ? timerBits(psm.activeTime, T3324) : 0, 8); break;
			case Arg.EDRX: at = writeBits(tx, at, edrx ? edrxValue(edrx.cycle, this.#rows.edrxCycles) : 0, 4); break;
		}
		tx[at++] = Byte.QUOTE;
		return at;
	}

	override verdict(row: Step, _index: number, _good: boolean, result: number, code: number): number {
		const runner = this.#runner, rows = this.#rows;
		if (row !== this.#row) {
			this.#row = row;
			this.#tries = this.#waited = this.#delay = 0;
		}
		if (result === Result.TIMEOUT || result === Result.REBOOT || result === Result.CANCELLED) {
			// A command lost to a sleeping module, or a restart: probe and send it again, twice.
			runner.held.needProbe = true;
			if (++this.#tries < 3) return Next.SAME;
			return this.#fail(result === Result.REBOOT ? ERR_REBOOTED : ERR_TIMEOUT);
		}
		const ok = result === Result.OK;
		if (row === rows.sim) return ok && this.#seen ? Next.ROW : this.#fail(ERR_SIM, result === Result.CME ? `+CME ERROR: ${code}` : "AT+CPIN? did not answer READY");
		if (row === rows.cell && !ok) {
			runner.held.cellUnsupported = true; // no such report on this firmware: the signal command instead
			return Next.ROW;
		}
		if (ok) {
			if (row === rows.restart) {
				runner.held.needProbe = true;
				runner.held.reportOn = false;
				return this.#wait(rows.restartMs, Next.ROW);
			}
			if (row === rows.registration && this.#kind === Task.START) return this.#registration();
			if (row === rows.address) {
				if (this.#address) return Next.ROW;
				// The address follows the attach by a moment: a few tries, a second apart.
				return this.#waited >= 5000 ? this.#fail(ERR_NO_ADDRESS) : this.#wait(1000, Next.SAME);
			}
			if (row === rows.report) runner.held.reportOn = true;
			if (row === rows.activate) runner.held.bearerUp = true;
			return Next.ROW;
		}
		// The bearer refused (an APN the network does not serve, or no service yet): no address.
		if (row === rows.activate) return this.#fail(ERR_NO_ADDRESS, `AT+QIACT answered ${result === Result.CME ? `+CME ERROR: ${code}` : "ERROR"}: check the APN (start({ apn }))`);
		return this.#fail(result === Result.CME ? code : ERR_AT_ERROR);
	}

	// After the registration's OK: registered, denied, or wait and read again within the timeout.
	#registration(): number {
		const registration = this.#runner.registration;
		if (registration.registered()) return Next.ROW;
		if (registration.stat === REG_DENIED) return this.#fail(ERR_DENIED, `EMM cause ${registration.cause}`);
		if (this.#waited >= this.#timeout) return this.#fail(ERR_NOT_REGISTERED, `+CEREG stat ${registration.stat} after ${Math.round(this.#waited / 1000)} s`);
		const delay = Math.min(this.#delay ? this.#delay * 2 : 500, 4000, this.#timeout - this.#waited);
		this.#delay = delay;
		this.registering = true;
		return this.#wait(delay, Next.SAME);
	}

	#wait(ms: number, then: number): number {
		this.#waited += ms;
		this.delay = ms;
		this.then = then;
		return Next.WAIT;
	}

	#fail(code: number, detail = ""): number {
		this.#code = code;
		this.#detail = detail;
		return Next.FAIL;
	}

	override error(runner: Runner, _row: Step, result: number, code: number): ModemError {
		const error = runner.error(this.#code || (result === Result.CME ? code : result === Result.REBOOT ? ERR_REBOOTED : ERR_TIMEOUT), this.#detail);
		runner.trace(error.message);
		return error;
	}

	override end(error: ModemError | undefined): void {
		const runner = this.#runner;
		// A module that may sleep by itself (QSCLK=1 from boot) and was not yet told to stay awake (a
		// configuration row a request sends) may sleep before the next command: probe it first.
		const config = runner.profile.config;
		for (let i = 0; i < config.length; i++) if (config[i]!.want === Want.AWAKE && runner.held.values.get(config[i]!) !== config[i]!.value) runner.held.needProbe = true;
		if (error) return this.#reject(error);
		if (this.#kind === Task.START) {
			const state = runner.registration.state() as StartResult;
			state.address = this.#address;
			return this.#resolve(state as never);
		}
		this.#resolve((this.#kind === Task.STATUS ? this.#status() : undefined) as never);
	}

	#status(): ModemStatus {
		const runner = this.#runner, registration = runner.registration, memory = runner.held;
		const active = registration.activeBits >= 0 ? timerSeconds(registration.activeBits, T3324) : -1;
		const tau = registration.tauBits >= 0 ? timerSeconds(registration.tauBits, T3412) : -1;
		const status = registration.state() as ModemStatus;
		status.rsrp = this.#rsrp;
		status.rsrq = this.#rsrq;
		status.snr = this.#snr;
		status.imei = memory.imei;
		status.iccid = memory.iccid;
		status.imsi = memory.imsi;
		status.revision = memory.revision;
		status.psm = active >= 0 && tau >= 0 ? { activeTime: active, periodicTau: tau } : undefined;
		status.edrx = this.#edrxCycle > 0 ? { cycle: this.#edrxCycle, pagingWindow: this.#ptw } : undefined;
		status.sleep = this.#sleep;
		status.asleep = runner.held.asleep;
		return status;
	}

	/** One answer line of the row in flight: only a line of the row's name (or form) counts. */
	override line(row: Step, tokenizer: Tokenizer): void {
		const rows = this.#rows, memory = this.#runner.held, bytes = tokenizer.bytes;
		if (row === rows.revision || row === rows.imsi) {
			if (tokenizer.kind !== Token.LINE) return;
			const start = tokenizer.start, end = tokenizer.end;
			if (row === rows.revision) {
				const prefix = rows.revisionPrefix;
				if (end - start > prefix.length && equalsText(bytes, start, start + prefix.length, prefix)) memory.revision = asciiText(bytes, start + prefix.length, end);
			} else if (end - start >= 6 && end - start <= 15 && parseUint(bytes, start, end) >= 0) memory.imsi = asciiText(bytes, start, end);
			return;
		}
		if (tokenizer.kind !== Token.INFO || !named(row, tokenizer)) return;
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		if (row === rows.sim) this.#seen = equalsText(bytes, start, end, rows.simReady);
		else if (row === rows.apnRead) { // +QCGDEFCONT: "<type>"[,"<apn>"…]; APNs are case-insensitive
			const apn = fieldAt(bytes, start, end, 1);
			this.#apnMatches = apn < end && equalsQuoted(bytes, apn, fieldEnd(bytes, apn, end), this.#apn!, true);
		} else if (row === rows.active) { // +QIACT: <cid>,<state>,…: the profile's context (1) is up
			if (fieldUint(bytes, start, end, 0) === 1 && fieldUint(bytes, start, end, 1) === 1) this.#active = this.#runner.held.bearerUp = true;
		} else if (row === rows.address) { // +CGPADDR: <cid>[,"<address>"]
			const at = fieldAt(bytes, start, end, 1), stop = fieldEnd(bytes, at, end);
			if (stop - at > 2 && bytes[at] === Byte.QUOTE) this.#address = asciiText(bytes, at + 1, stop - 1);
		} else if (row === rows.imei) memory.imei = asciiText(bytes, start, end);
		else if (row === rows.iccid) {
			if (end > start) memory.iccid = asciiText(bytes, start, end);
		} else if (row === rows.cell) { // +QENG: 0,… with the serving cell's figures at cellFields
			if (fieldUint(bytes, start, end, 0) !== 0) return;
			const fields = rows.cellFields; // RSRP, RSRQ, SNR
			this.#rsrp = fieldSigned(bytes, start, end, fields[0]);
			this.#rsrq = fieldSigned(bytes, start, end, fields[1]);
			this.#snr = fieldSigned(bytes, start, end, fields[2]);
			this.#cellSeen = !Number.isNaN(this.#rsrp);
		} else if (row === rows.signal) { // +CESQ: …,<rsrq>,<rsrp> (27.007: rsrq -20 + n/2 dB, rsrp -141 + n dBm; 255 unknown)
			let count = 0;
			for (let i = start; i < end; i++) if (bytes[i] === Byte.COMMA) count++;
			const q = fieldUint(bytes, start, end, count - 1), p = fieldUint(bytes, start, end, count);
			this.#rsrq = q >= 0 && q !== 255 ? -20 + q / 2 : NaN;
			this.#rsrp = p >= 0 && p !== 255 ? -141 + p : NaN;
		} else if (row === rows.edrxRead) { // +CEDRXRDP: <AcT>[,"<requested>","<granted>","<ptw>"]
			const granted = bitsField(bytes, start, end, 2), ptw = bitsField(bytes, start, end, 3);
			const cycles = rows.edrxCycles;
			this.#edrxCycle = granted >= 0 && granted < cycles.length ? cycles[granted]! : 0;
			this.#ptw = ptw >= 0 ? 2560 * (ptw + 1) : 0;
		} else if (row === rows.sleepRead) this.#sleep = parseUint(bytes, start, end);
	}
}


function writeBits(tx: Uint8Array, at: number, value: number, count: number): number {
	for (let bit = count - 1; bit >= 0; bit--) tx[at++] = 0x30 + ((value >> bit) & 1);
	return at;
}

