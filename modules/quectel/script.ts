// A job is a script: rows of steps, each one command of the module's profile with what a good answer
// shows, where to go on a good and on a bad one, its wait, tries and timeout. The runner (runner.ts)
// interprets every script the same way; a job (transfer.ts, netjobs.ts, the ladder and sleep there)
// adds only what data cannot say: its arguments, the data it sends after the prompt, what it reads from
// the answers, and a verdict where the row's good/bad is not enough. Rows are strings and numbers,
// frozen: on a device they sit in flash.
import type { Tokenizer } from "../at/tokenizer.js";
import type { Chat } from "../at/chat.js";
import { RESULT_CANCELLED, RESULT_CME, RESULT_REBOOT, RESULT_TIMEOUT } from "../at/tokens.js";
import { equalsText, fieldAt, parseUint } from "../at/fields.js";
import { ERR_AT_ERROR, ERR_CANCELLED, ERR_REBOOTED, ERR_TIMEOUT } from "./codes.js";
import type { ModemError } from "./errors.js";
import type { Runner } from "./runner.js";
import type { ModemOptions } from "./options.js";
import { writeAscii, writeUint } from "./command.js";

// A step's arguments, each written after the text, separated by commas: numbers the job gives, or text
// the job writes (from ARG_TEXT up: quoted).
export const ARG_URL_LENGTH = 1; //   bytes of the URL sent after the prompt
export const ARG_INPUT_TIME = 2; //   seconds the module waits for data after the prompt
export const ARG_RESPONSE_TIME = 3; // seconds for the server's answer
export const ARG_READ_TIME = 4; //    seconds the module keeps the response
export const ARG_RANGE_START = 5; //  a ranged GET's first byte
export const ARG_RANGE_LENGTH = 6; // a ranged GET's byte count
export const ARG_PACKET_LENGTH = 7; // bytes of the packet sent after the prompt
export const ARG_MORE = 8; //         1 when more packets of the request follow, else 0
export const ARG_READ_LENGTH = 9; //  bytes asked of one read
export const ARG_VALUE = 10; //       a configuration item's value
export const ARG_CA_LENGTH = 11; //   bytes of the CA certificate
export const ARG_READ_WAIT = 12; //   seconds a read may wait between two packets of the response
export const ARG_DATA_LENGTH = 13; //  every byte of the request after the prompt (one command carries it all)
export const ARG_TEXT = 20; //        from here: quoted text the job writes
export const ARG_APN = 20; //         the bring-up's APN
export const ARG_T3412 = 21; //       the requested periodic TAU, 8 bits of a GPRS Timer 3 (3GPP TS 24.008 10.5.7.4a)
export const ARG_T3324 = 22; //       the requested active time, 8 bits of a GPRS Timer 2 (10.5.7.3)
export const ARG_EDRX = 23; //        the requested eDRX cycle, its 4 bits

// What a step's timeout adds to its `ms` (flags).
export const TIME_PROMPT = 1; // the data-mode delay after the prompt
export const TIME_INPUT = 2; //  the input time
export const TIME_DATA = 4; //   1 ms a byte of data sent after the prompt (a CA upload)
export const TIME_READ = 8; //   the modem's read timeout, instead of `ms`

// What follows the prompt (the job gives the bytes).
export const DATA_NONE = 0;
export const DATA_URL = 1;
export const DATA_PACKET = 2;
export const DATA_CA = 3;

// What the answer's information line (named as the step) must show for the step to be good.
export const CHECK_NONE = 0; //   nothing: the final result decides
export const CHECK_IS = 1; //     its value is `expect`, and OK
export const CHECK_NUMBER = 2; // its value is the number `value`, and OK
export const CHECK_FIELDS = 3; // it has a second field, and OK
export const CHECK_LACKS = 4; //  no line holds `expect` (whatever the result)
export const CHECK_SEEN = 5; //   such a line came, and OK

// Where a step goes: the index of a row, or one of these.
export const NEXT_ROW = -1; //    the row below
export const NEXT_DONE = -2; //   the job is over, well
export const NEXT_FAIL = -3; //   the job fails with the row's `code` (or the answer's)
export const NEXT_RETRY = -4; //  the same row after `wait` × tries, up to `tries`, then as NEXT_FAIL
export const NEXT_SAME = -5; //   the same row again at once (another packet, another read)
export const NEXT_URC = -7; //    wait for the row's result URC
export const NEXT_WAIT = -8; //   wait the job's `delay` ms, then the job's `then`

// When a configuration row is wanted, and with which value (-1: not for this request).
export const WANT_ALWAYS = 0; //       its `value`, for every request
export const WANT_AWAKE = 1; //        its `value`, when the modem was not asked to let the module sleep
export const WANT_TLS = 2; //          its `value`, for an HTTPS request
export const WANT_VERIFY = 3; //       1 (verify the server) or 0, for an HTTPS request
export const WANT_CUSTOM = 4; //       1 for a request written whole (KIND_CUSTOM), else 0
export const WANT_CONTENT_TYPE = 5; // the request's content type, for a simple POST (KIND_POST)

// Row flags.
export const F_FORGET = 1; //     the module restarts its stack: what it was configured with is gone
export const F_REACTIVATE = 2; // a bad answer calls for reactivating the PDP context (the ladder)
export const F_DATA_FIRST = 4; // the prompt comes before any final result (PROMPT_FIRST)
export const F_TERMINATED = 8; // the data ends with Ctrl+Z (ESC cancels it); without, it is counted

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
	/** Milliseconds before the step (× the try, on NEXT_RETRY). */
	readonly wait: number;
	readonly tries: number;
	/** NEXT_FAIL and NEXT_RETRY: the job's error code and what the trace says. */
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
		data: DATA_NONE, payload: false, ms: 2000, time: 0, check: CHECK_NONE, expect: "", value: 0,
		good: NEXT_ROW, bad: NEXT_FAIL, wait: 0, tries: 1, code: 0, why: "", flags: 0, alternative: "", want: -1, ...fields,
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
		at = arg >= ARG_TEXT ? job.text(tx, at, arg) : writeUint(tx, at, job.argument(arg));
	}
	return at;
}

/** Milliseconds the row's exchange may take without progress: its own, or the read timeout, plus what its
 *  TIME_* flags add. */
export function timeoutOf(row: Step, job: Job, options: ModemOptions, promptDelay: number): number {
	const time = row.time;
	let timeout = time & TIME_READ ? (options.readTimeout ?? 60000) : row.ms;
	if (time & TIME_PROMPT) timeout += options.promptDelay ?? promptDelay;
	if (time & TIME_INPUT) timeout += (options.inputTime ?? 60) * 1000;
	if (time & TIME_DATA) timeout += job.argument(ARG_CA_LENGTH);
	return timeout;
}

/** Whether the line's name is the row's (its command's: AT+CGPADDR answers +CGPADDR). */
export function named(row: Step, tokenizer: Tokenizer): boolean {
	return equalsText(tokenizer.bytes, tokenizer.nameStart, tokenizer.nameEnd, row.name);
}

/** Whether an information line makes the step good, given `good` so far (a CHECK_LACKS step starts good). */
export function checkLine(row: Step, tokenizer: Tokenizer, good: boolean): boolean {
	const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd, expect = row.expect;
	switch (row.check) {
		case CHECK_IS: return equalsText(bytes, start, end, expect);
		case CHECK_NUMBER: return parseUint(bytes, start, end) === row.value;
		case CHECK_FIELDS: return good || fieldAt(bytes, start, end, 1) < end;
		case CHECK_LACKS:
			for (let i = start; i + expect.length <= end; i++) if (equalsText(bytes, i, i + expect.length, expect)) return false;
			return good;
		case CHECK_SEEN: return true;
	}
	return good;
}

/** What a job adds to its rows; each hook's default is what a plain script needs. */
export class Job {
	declare readonly steps: readonly Step[];
	/** NEXT_WAIT's milliseconds and where it goes then (NEXT_URC's timeout too). */
	delay = 0;
	then = NEXT_ROW;
	/** Network jobs run before HTTP jobs. */
	urgent = false;
	/** The job's NEXT_WAIT is for the registration: a +CEREG that says registered ends it early. */
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
	if (result === RESULT_CME) return code;
	if (result === RESULT_TIMEOUT) return ERR_TIMEOUT;
	if (result === RESULT_REBOOT) return ERR_REBOOTED;
	if (result === RESULT_CANCELLED) return ERR_CANCELLED;
	return ERR_AT_ERROR;
}
