// The network side of the modem: what bring-up, status and power settings take and give, the
// registration states and their reading from +CEREG, and the 3GPP timer encodings the PSM commands use
// (3GPP TS 24.008 10.5.7.3 and 10.5.7.4a). No I/O here: netjobs.ts scripts the profile's rows.
import type { Tokenizer } from "../at/tokenizer.js";
import { fieldAt, fieldEnd, fieldUint } from "../at/fields.js";

const enum Byte { QUOTE = 0x22 }

// +CEREG <stat> (AT Commands Manual 4.1).
export const REG_NOT_SEARCHING = 0;
export const REG_HOME = 1;
export const REG_SEARCHING = 2;
export const REG_DENIED = 3;
export const REG_UNKNOWN = 4; // e.g. out of coverage
export const REG_ROAMING = 5;
/** Not read yet. */
export const REG_NONE = -1;

/** PSM as the device asks for it: the periodic TAU (T3412) and the active time (T3324), in seconds. */
export interface PsmOptions {
	periodicTau: number;
	activeTime: number;
}

/** eDRX as the device asks for it: the cycle in milliseconds (the module's table: 20480 … 10485760). */
export interface EdrxOptions {
	cycle: number;
}

export interface PowerOptions {
	/** Request PSM with these timers; false turns it off; absent leaves it as it is. */
	psm?: PsmOptions | false;
	/** Request eDRX with this cycle; false turns it off; absent leaves it as it is. */
	edrx?: EdrxOptions | false;
}

export interface StartOptions extends PowerOptions {
	/** The operator's APN; absent leaves the module's default PDN as it is. */
	apn?: string;
	/** Milliseconds to wait for the registration. Default 180000. */
	timeout?: number;
}

/** A registration as +CEREG reports it. */
export interface NetworkState {
	/** REG_* */
	stat: number;
	registered: boolean;
	roaming: boolean;
	/** The EMM reject cause when denied, else 0. */
	cause: number;
}

export interface StartResult extends NetworkState {
	/** The data bearer's IP address. */
	address: string;
}

export interface ModemStatus extends NetworkState {
	/** dBm and dB; NaN when the module gives none (no cell, or a figure it does not report). */
	rsrp: number;
	rsrq: number;
	snr: number;
	imei: string;
	iccid: string;
	imsi: string;
	revision: string;
	/** What the network granted, in seconds; undefined without PSM. */
	psm: { activeTime: number; periodicTau: number } | undefined;
	/** What the network granted, in ms; undefined without eDRX. */
	edrx: { cycle: number; pagingWindow: number } | undefined;
	/** AT+QSCLK's setting (0 awake, 1 light sleep and PSM, 2 light sleep only). */
	sleep: number;
	/** The modem put the module to sleep and has not woken it since. */
	asleep: boolean;
}

/** A GPRS timer's encoding: seconds per 3-bit unit code (bits 8–6; 0: deactivated), and its unit codes
 *  from the finest unit up. */
export interface GprsTimer {
	readonly units: readonly number[];
	readonly ascending: readonly number[];
}

/** GPRS Timer 3 (T3412 extended: the periodic TAU). */
export const T3412: GprsTimer = Object.freeze({
	units: Object.freeze([600, 3600, 36000, 2, 30, 60, 1152000, 0]),
	ascending: Object.freeze([3, 4, 5, 0, 1, 2, 6]),
});
/** GPRS Timer 2 (T3324: the active time); 011–110 count "as 1 minute" (24.008). */
export const T3324: GprsTimer = Object.freeze({ units: Object.freeze([2, 60, 360, 60, 60, 60, 60, 0]), ascending: Object.freeze([0, 1, 2]) });

/** The 8 bits of `timer` for `seconds`: exact when it can be, else the next value above. */
export function timerBits(seconds: number, timer: GprsTimer): number {
	const units = timer.units, ascending = timer.ascending;
	for (let i = 0; i < ascending.length; i++) {
		const code = ascending[i]!, unit = units[code]!;
		if (seconds % unit === 0 && seconds / unit <= 31) return (code << 5) | (seconds / unit);
	}
	for (let i = 0; i < ascending.length; i++) {
		const code = ascending[i]!, unit = units[code]!;
		if (Math.ceil(seconds / unit) <= 31) return (code << 5) | Math.ceil(seconds / unit);
	}
	const code = ascending[ascending.length - 1]!;
	return (code << 5) | 31;
}

/** Seconds of 8 bits of `timer`; -1 when deactivated. */
export function timerSeconds(bits: number, timer: GprsTimer): number {
	const unit = timer.units[bits >> 5]!;
	return unit === 0 ? -1 : unit * (bits & 31);
}

/** Checks the caller's power settings (a TypeError or RangeError names the fix). */
export function checkPower(options: PowerOptions, edrxCycles: readonly number[]): void {
	const psm = options.psm;
	if (psm !== undefined && psm !== false) {
		if (!(psm.periodicTau > 0 && psm.periodicTau <= 35712000)) throw new RangeError("psm.periodicTau: seconds, 1–35712000 (T3412, up to 413 days)");
		if (!(psm.activeTime >= 0 && psm.activeTime <= 11160)) throw new RangeError("psm.activeTime: seconds, 0–11160 (T3324, up to 186 minutes)");
	}
	const edrx = options.edrx;
	if (edrx !== undefined && edrx !== false && edrxValue(edrx.cycle, edrxCycles) < 0) {
		throw new RangeError(`edrx.cycle: one of ${edrxCycles.filter((c) => c > 0).join(", ")} ms (the module's eDRX table)`);
	}
}

/** The 4-bit value of an eDRX cycle, or -1 when the table has no such cycle. */
export function edrxValue(cycle: number, edrxCycles: readonly number[]): number {
	for (let value = 0; value < edrxCycles.length; value++) if (edrxCycles[value] === cycle && cycle > 0) return value;
	return -1;
}

/** What a +CEREG <stat> means, for the state objects. */
export function networkState(stat: number, cause: number): NetworkState {
	return { stat, registered: stat === REG_HOME || stat === REG_ROAMING, roaming: stat === REG_ROAMING, cause: stat === REG_DENIED ? cause : 0 };
}

/** The registration as last read (`+CEREG: <n>,<stat>,…`) or reported (`+CEREG: <stat>,…`), with the
 *  PSM timers the network granted. */
export class Registration {
	stat = REG_NONE;
	cause = 0;
	activeBits = -1;
	tauBits = -1;

	registered(): boolean {
		return this.stat === REG_HOME || this.stat === REG_ROAMING;
	}

	state(): NetworkState {
		return networkState(this.stat, this.cause);
	}

	/** Reads a +CEREG line, in either form (a URC's second field, when there is one, is a quoted TAC or
	 *  empty, never a number). 1: the state changed, 0: it did not, -1: unreadable (never a state). */
	read(tokenizer: Tokenizer): number {
		const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
		const from = fieldUint(bytes, start, end, 1) >= 0 ? fieldAt(bytes, start, end, 1) : start;
		const stat = fieldUint(bytes, from, end, 0);
		if (stat < 0 || stat > 5) return -1;
		const cause = stat === REG_DENIED ? fieldUint(bytes, from, end, 5) : 0;
		// A short form (`<stat>` alone: another presentation mode, a stray URC) says nothing of the timers.
		if (fieldAt(bytes, from, end, 1) < end || (stat !== REG_HOME && stat !== REG_ROAMING)) {
			this.activeBits = bitsField(bytes, from, end, 6);
			this.tauBits = bitsField(bytes, from, end, 7);
		}
		const changed = stat !== this.stat || (cause > 0 ? cause : 0) !== this.cause;
		this.stat = stat;
		this.cause = cause > 0 ? cause : 0;
		return changed ? 1 : 0;
	}

	/** For the trace: `stat 3 (cause 15)`. */
	toString(): string {
		return `stat ${this.stat}${this.cause ? ` (cause ${this.cause})` : ""}`;
	}
}

/** A quoted field of 0s and 1s ("01000011") as a number; -1 when absent or empty. */
export function bitsField(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = fieldAt(bytes, start, end, index), stop = fieldEnd(bytes, at, end);
	if (stop - at < 3 || bytes[at] !== Byte.QUOTE || bytes[stop - 1] !== Byte.QUOTE) return -1;
	let value = 0;
	for (let i = at + 1; i < stop - 1; i++) {
		const bit = bytes[i]! - 0x30;
		if (bit !== 0 && bit !== 1) return -1;
		value = value * 2 + bit;
	}
	return value;
}
