// A job is a script: rows of steps, each one command of the module's profile with what a good answer
// shows, where to go on a good and on a bad one, its wait, tries and timeout. The runner (runner.ts)
// interprets every script the same way; a job (transfer.ts, netjobs.ts, the ladder and sleep there)
// adds only what data cannot say: its arguments, the data it sends after the prompt, what it reads from
// the answers, and a verdict where the row's good/bad is not enough. Rows are strings and numbers,
// frozen: on a device they sit in flash.
import type { Tokenizer } from "../at/tokenizer.js";
import type { Chat } from "../at/chat.js";
import { Result } from "../at/tokens.js";
import { equalsText, fieldAt, parseUint } from "../at/fields.js";
import { ERR_AT_ERROR, ERR_CANCELLED, ERR_REBOOTED, ERR_TIMEOUT } from "./codes.js";
import type { ModemError } from "./errors.js";
import type { Runner } from "./runner.js";
import type { ModemOptions } from "./options.js";
import { writeAscii, writeUint } from "./command.js";

// A step's arguments, each written after the text, separated by commas: numbers the job gives, or text
// the job writes (from Arg.TEXT up: quoted).
export const enum Arg {
	URL_LENGTH = 1, //   bytes of the URL sent after the prompt
	INPUT_TIME = 2, //   seconds the module waits for data after the prompt
	RESPONSE_TIME = 3, // seconds for the server's answer
	READ_TIME = 4, //    seconds the module keeps the response
	RANGE_START = 5, //  a ranged GET's first byte
	RANGE_LENGTH = 6, // a ranged GET's byte count
	PACKET_LENGTH = 7, // bytes of the packet sent after the prompt
	MORE = 8, //         1 when more packets of the request follow, else 0
	READ_LENGTH = 9, //  bytes asked of one read
	VALUE = 10, //       a configuration item's value
	CA_LENGTH = 11, //   bytes of the CA certificate
	READ_WAIT = 12, //   seconds a read may wait between two packets of the response
	DATA_LENGTH = 13, //  every byte of the request after the prompt (one command carries it all)
	TEXT = 20, //        from here: quoted text the job writes
	APN = 20, //         the bring-up's APN
	T3412 = 21, //       the requested periodic TAU, 8 bits of a GPRS Timer 3 (3GPP TS 24.008 10.5.7.4a)
	T3324 = 22, //       the requested active time, 8 bits of a GPRS Timer 2 (10.5.7.3)
	EDRX = 23, //        the requested eDRX cycle, its 4 bits
}

// What a step's timeout adds to its `ms` (flags).
export const enum Time {
	PROMPT = 1, // the data-mode delay after the prompt
	INPUT = 2, //  the input time
	DATA = 4, //   1 ms a byte of data sent after the prompt (a CA upload)
	READ = 8, //   the modem's read timeout, instead of `ms`
}

// What follows the prompt (the job gives the bytes).
export const enum Data {
	NONE = 0,
	URL = 1,
	PACKET = 2,
	CA = 3,
}

// What the answer's information line (named as the step) must show for the step to be good.
export const enum Check {
	NONE = 0, //   nothing: the final result decides
	IS = 1, //     its value is `expect`, and OK
	NUMBER = 2, // its value is the number `value`, and OK
	FIELDS = 3, // it has a second field, and OK
	LACKS = 4, //  no line holds `expect` (whatever the result)
	SEEN = 5, //   such a line came, and OK
}

// Where a step goes: the index of a row, or one of these.
export const enum Next {
	ROW = -1, //    the row below
	DONE = -2, //   the job is over, well
	FAIL = -3, //   the job fails with the row's `code` (or the answer's)
	RETRY = -4, //  the same row after `wait` × tries, up to `tries`, then as Next.FAIL
	SAME = -5, //   the same row again at once (another packet, another read)
	URC = -7, //    wait for the row's result URC
	WAIT = -8, //   wait the job's `delay` ms, then the job's `then`
	DECIDE = -9, // a ladder row's: the reactivation when it is called for (a check failed, or a failure
	//               followed a failure), else the ladder's end (jobs.ts)
}

// When a configuration row is wanted, and with which value (-1: not for this request).
export const enum Want {
	ALWAYS = 0, //       its `value`, for every request
	AWAKE = 1, //        its `value`, when the modem was not asked to let the module sleep
	TLS = 2, //          its `value`, for an HTTPS request
	VERIFY = 3, //       1 (verify the server) or 0, for an HTTPS request
	CUSTOM = 4, //       1 for a request written whole (Kind.CUSTOM), else 0
	CONTENT_TYPE = 5, // the request's content type, for a simple POST (Kind.POST)
}

// Row flags.
export const enum Flag {
	FORGET = 1, //     the module restarts its stack: what it was configured with is gone
	REACTIVATE = 2, // a bad answer calls for reactivating the PDP context (the ladder)
	DATA_FIRST = 4, // the prompt comes before any final result (Prompt.FIRST)
	TERMINATED = 8, // the data ends with Ctrl+Z (ESC cancels it); without, it is counted
}

export interface Step {
	/** Where a failure happened, for errors, and the name of its answer's line ("QHTTPGET", "CPIN"). */
	readonly name: string;
	/** The command up to its first argument. */
	readonly text: string;
	readonly args: readonly number[];
	readonly ms: number;
	readonly time: number;
	readonly data: number;
	/** The answer carries a payload, framed as the profile says. */
	readonly payload: boolean;
	/** The result URCs the step waits for after its OK, names without `+`. */
	readonly urc: readonly string[];
	readonly check: number;
	readonly expect: string;
	readonly value: number;
	readonly good: number;
	readonly bad: number;
	/** Milliseconds before the step (× the try, on Next.RETRY). */
	readonly wait: number;
	readonly tries: number;
	/** Next.FAIL and Next.RETRY: the job's error code and what the trace says. */
	readonly code: number;
	readonly why: string;
	readonly flags: number;
	/** Another spelling of `text`, tried once after a plain ERROR (firmwares differ), or "". */
	readonly alternative: string;
	/** A configuration row: when it is wanted (the job's WANT_*), with `value`. */
	readonly want: number;
}

/** A row, named by its text ("AT+QHTTPGET=" is QHTTPGET, "ATI" ATI, "AT+QSSLCFG=\"cacert\"…" QSSLCFG);
 *  the rest defaults to a one-way step: a 2 s timeout, the row below when good, a failure when bad. */
export function step(text: string, fields: Partial<Step> = {}): Step {
	return Object.freeze({
		data: Data.NONE, payload: false, ms: 2000, time: 0, check: Check.NONE, expect: "", value: 0,
		good: Next.ROW, bad: Next.FAIL, wait: 0, tries: 1, code: 0, why: "", flags: 0, alternative: "", want: -1, ...fields,
		name: fields.name ?? /^(?:AT\+)?([^=?]*)/.exec(text)![1]!,
		text, args: Object.freeze((fields.args ?? []).slice()), urc: Object.freeze((fields.urc ?? []).slice()),
	});
}

/** Writes the row's command line (its text or other spelling, then its arguments) into tx; its length. */
export function writeCommand(tx: Uint8Array, row: Step, job: Job): number {
	let at = writeAscii(tx, 0, job.alternative(row) ? row.alternative : row.text);
	const args = row.args;
	for (let i = 0; i < args.length; i++) {
		if (i > 0) tx[at++] = 0x2c;
		const arg = args[i]!;
		at = arg >= Arg.TEXT ? job.text(tx, at, arg) : writeUint(tx, at, job.argument(arg));
	}
	return at;
}

/** Milliseconds the row's exchange may take without progress: its own, or the read timeout, plus what its
 *  TIME_* flags add. */
export function timeoutOf(row: Step, job: Job, options: ModemOptions, promptDelay: number): number {
	const time = row.time;
	let timeout = time & Time.READ ? (options.readTimeout ?? 60000) : row.ms;
	if (time & Time.PROMPT) timeout += options.promptDelay ?? promptDelay;
	if (time & Time.INPUT) timeout += (options.inputTime ?? 60) * 1000;
	if (time & Time.DATA) timeout += job.argument(Arg.CA_LENGTH);
	return timeout;
}

/** How long a cancel of the row's data waits once the module prompted: counted data cannot be cut
 *  short, the module waits out its input time for what is missing (0: the data ends with a terminator). */
export function dataWaitOf(row: Step, options: ModemOptions): number {
	return row.data && !(row.flags & Flag.TERMINATED) ? (options.inputTime ?? 60) * 1000 + row.ms : 0;
}

/** Whether the line's name is the row's (its command's: AT+CGPADDR answers +CGPADDR). */
export function named(row: Step, tokenizer: Tokenizer): boolean {
	return equalsText(tokenizer.bytes, tokenizer.nameStart, tokenizer.nameEnd, row.name);
}

/** Whether the URC the tokenizer holds is one the step waits for (row.urc). */
export function awaits(row: Step, tokenizer: Tokenizer): boolean {
	for (let i = 0; i < row.urc.length; i++) if (equalsText(tokenizer.bytes, tokenizer.nameStart, tokenizer.nameEnd, row.urc[i]!)) return true;
	return false;
}

/** Whether an information line makes the step good, given `good` so far (a Check.LACKS step starts good). */
export function checkLine(row: Step, tokenizer: Tokenizer, good: boolean): boolean {
	const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd, expect = row.expect;
	switch (row.check) {
		case Check.IS: return equalsText(bytes, start, end, expect);
		case Check.NUMBER: return parseUint(bytes, start, end) === row.value;
		case Check.FIELDS: return good || fieldAt(bytes, start, end, 1) < end;
		case Check.LACKS:
			for (let i = start; i + expect.length <= end; i++) if (equalsText(bytes, i, i + expect.length, expect)) return false;
			return good;
		case Check.SEEN: return true;
	}
	return good;
}

/** What a job adds to its rows; each hook's default is what a plain script needs. */
export class Job {
	declare readonly steps: readonly Step[];
	/** Next.WAIT's milliseconds and where it goes then (Next.URC's timeout too). */
	delay = 0;
	then = Next.ROW;
	/** Network jobs run before HTTP jobs. */
	urgent = false;
	/** The job's Next.WAIT is for the registration: a +CEREG that says registered ends it early. */
	registering = false;
	/** The first row (after the job's own set-up); a job to run first instead (the ladder). */
	begin(_runner: Runner): number {
		return 0;
	}
	before(_runner: Runner): Job | undefined {
		return undefined;
	}
	skip(_row: Step, _index: number): boolean {
		return false;
	}
	argument(_arg: number): number {
		return 0;
	}
	/** Whether the row can be sent now: false holds it until resume() (a packet not ready, no room to read). */
	ready(_row: Step): boolean {
		return true;
	}
	/** The registration was lost while the job ran. */
	lost(): void {}
	text(tx: Uint8Array, at: number, _arg: number): number {
		return at;
	}
	/** Whether to send the row's other spelling. */
	alternative(_row: Step): boolean {
		return false;
	}
	line(_row: Step, _tokenizer: Tokenizer): void {}
	data(_row: Step, chat: Chat): void {
		chat.cancel();
	}
	payload(_bytes: Uint8Array, _start: number, _end: number): number | void {}
	/** The data written after the prompt has gone out (more may follow). */
	dataSent(_row: Step, _chat: Chat): void {}
	/** resume() while the row's exchange runs: the job has more data to send, or room to read. */
	resumed(_row: Step, chat: Chat): void {
		chat.resume();
	}
	/** An open payload stalled until its exchange timed out, with bytes[start, end) held back of it. */
	stalled(_bytes: Uint8Array, _start: number, _end: number): void {}
	/** Bytes that would complete an open payload, when the job knows (-1). */
	need(): number {
		return -1;
	}
	/** Bytes of an open payload the job can take now. */
	room(): number {
		return 0x7fffffff;
	}
	/** A result URC of the running row: true when it ends the wait for it. */
	urc(_row: Step, _tokenizer: Tokenizer): boolean {
		return true;
	}
	/** Where the row goes: `good` as the row's check and the final result say, or NEXT_* / an index. */
	verdict(row: Step, _index: number, good: boolean, _result: number, _code: number): number {
		return good ? row.good : row.bad;
	}
	/** The module restarted: true ends the job with 902 now (it held a request the module lost). */
	rebooted(): boolean {
		return false;
	}
	/** The job's error for a failing row (the answer's `result` and `code`); also for a cancel (931) and
	 *  a restart (902) of the module. */
	error(runner: Runner, row: Step, result: number, code: number): ModemError {
		return runner.error(row.code || codeOf(result, code), "");
	}
	end(_error: ModemError | undefined): void {}
}

/** The code an answer means: the module's (+CME ERROR), or the library's for an ERROR, a timeout, a restart, a cancel. */
export function codeOf(result: number, code: number): number {
	if (result === Result.CME) return code;
	if (result === Result.TIMEOUT) return ERR_TIMEOUT;
	if (result === Result.REBOOT) return ERR_REBOOTED;
	if (result === Result.CANCELLED) return ERR_CANCELLED;
	return ERR_AT_ERROR;
}
