// What a module profile gives the modem core (core.ts): its commands as rows of data, its configuration
// items, its recovery ladder as a table of steps, its limits and its result codes. A profile is strings,
// numbers and one lookup function, frozen: on a device it sits in flash. The core turns the names it
// compares into bytes per instance. A sibling module is a new folder beside bc660k/ with its own profile.
import type { CodeRow } from "./codes.js";

// A command's arguments, each written as a decimal number after the text, separated by commas.
export const ARG_URL_LENGTH = 1; //   bytes of the URL sent after `>`
export const ARG_INPUT_TIME = 2; //   seconds the module waits for data after `>` (the modem's inputTime)
export const ARG_RESPONSE_TIME = 3; // seconds for the server's answer (the job's responseTime)
export const ARG_READ_TIME = 4; //    seconds the module keeps the response (the modem's readTime)
export const ARG_RANGE_START = 5; //  the job's first byte (a ranged GET)
export const ARG_RANGE_LENGTH = 6; // the job's byte count (a ranged GET)
export const ARG_PACKET_LENGTH = 7; // bytes of the packet sent after `>`
export const ARG_MORE = 8; //         1 when more packets of a request written whole follow, else 0
export const ARG_READ_LENGTH = 9; //  bytes asked of one read

// Arguments of the network commands (issue 17), written as quoted text rather than numbers (netjobs.ts):
// every argument from ARG_APN up is one of these.
export const ARG_APN = 20; //   the bring-up's APN
export const ARG_T3412 = 21; // the requested periodic TAU: the 8 bits of a GPRS Timer 3 (3GPP TS 24.008 10.5.7.4a)
export const ARG_T3324 = 22; // the requested active time: the 8 bits of a GPRS Timer 2 (10.5.7.3)
export const ARG_EDRX = 23; //  the requested eDRX cycle: its 4 bits (the manual's <Requested_eDRX_value> table)

// What a command's timeout adds to its `ms` (flags).
export const TIME_PROMPT = 1; // the data-mode delay after `>`
export const TIME_INPUT = 2; //  the input time
export const TIME_DATA = 4; //   1 ms a byte of data sent after `>` (a CA upload)
export const TIME_READ = 8; //   the modem's read timeout, instead of `ms`

export interface Command {
	/** The command's name: where a failure happened, in errors ("QHTTPGET", "QHTTPREAD", …), and the name
	 *  of its answer's line. command() takes it from the text: without "AT+", up to "=" or "?". */
	readonly step: string;
	/** The line up to its first argument. */
	readonly text: string;
	readonly args: readonly number[];
	/** Data after a `>` that comes before the OK (chat.ts PROMPT_FIRST), or no prompt at all. */
	readonly data: boolean;
	/** The name of the line that announces a counted payload (a read), or "". */
	readonly payload: string;
	/** The result URCs that end a request, names without `+` (empty for other commands). */
	readonly results: readonly string[];
	readonly ms: number;
	readonly time: number;
}

// When a configuration item is wanted, and with which value (-1: not for this job).
export const WANT_ALWAYS = 0; //       `value`, for every request
export const WANT_AWAKE = 1; //        `value`, when the modem was not asked to let the module sleep
export const WANT_TLS = 2; //          `value`, for an HTTPS request
export const WANT_VERIFY = 3; //       1 (verify the server) or 0, for an HTTPS request
export const WANT_CUSTOM = 4; //       1 for a request written whole (KIND_CUSTOM), else 0
export const WANT_CONTENT_TYPE = 5; // the job's content type, for a simple POST (KIND_POST)

export interface ConfigItem {
	readonly step: string;
	/** The command; the value follows it as a number when `writesValue`. */
	readonly text: string;
	readonly writesValue: boolean;
	/** Another spelling of `text`, tried once when the module answers ERROR (firmwares differ), or "". */
	readonly alternative: string;
	readonly want: number;
	readonly value: number;
}

// What a ladder step's answer must show to be good.
export const CHECK_NONE = 0; //   anything
export const CHECK_IS = 1; //     an information line whose value is `expect`, and OK
export const CHECK_NUMBER = 2; // an information line whose value is the number `value`, and OK
export const CHECK_FIELDS = 3; // an information line with a second field, and OK
export const CHECK_LACKS = 4; //  no information line holding `expect` (whatever the result)

// Where a ladder step goes next, besides the index of a step.
export const NEXT_DONE = -1; //   the ladder is over: the request goes on
export const NEXT_DECIDE = -2; // to the step at `reactivateAt` when a check failed (or a failure followed a
//                                 failure), else done
export const NEXT_FAIL = -3; //   the request fails with `code`; the ladder is climbed again next time
export const NEXT_RETRY = -4; //  the same step after `wait` × tries, up to `tries`, then as NEXT_FAIL

export interface LadderStep {
	readonly text: string;
	readonly check: number;
	readonly expect: string;
	readonly value: number;
	readonly ms: number;
	readonly good: number;
	readonly bad: number;
	/** A bad answer calls for reactivation (NEXT_DECIDE). */
	readonly reactivate: boolean;
	/** The module restarts its stack: what it was configured with is gone. */
	readonly forget: boolean;
	/** Milliseconds before the step (times the try, for NEXT_RETRY). */
	readonly wait: number;
	readonly tries: number;
	/** NEXT_FAIL and NEXT_RETRY: the request's error, and what the trace says. */
	readonly code: number;
	readonly why: string;
}

/** The network and power commands (issue 17): bring-up, status, PSM/eDRX, release assistance. Each is
 *  one row; netjobs.ts says what it reads from each answer. */
export interface NetworkProfile {
	/** SIM check: an information line whose value is `simReady`. */
	readonly sim: Command;
	readonly simReady: string;
	/** The default PDN's APN: read (its second field), written (ARG_APN), and the restart it needs. */
	readonly apnRead: Command;
	readonly apnWrite: Command;
	readonly restart: Command;
	/** Milliseconds from the restart's OK to the first probe. */
	readonly restartMs: number;
	/** Registration URCs on, with location, cause and the granted PSM timers: `+CEREG: <stat>,…`. */
	readonly report: Command;
	/** The registration's read form: `+CEREG: <n>,<stat>,…` (the URC's fields after `<n>`); its name is the URC's. */
	readonly registration: Command;
	/** The data bearer's address: `+NAME: <cid>,"<address>"`. */
	readonly address: Command;
	/** PSM on with the requested timers (ARG_T3412, ARG_T3324), and off. */
	readonly psm: Command;
	readonly psmOff: Command;
	/** eDRX on with the requested cycle (ARG_EDRX), and off. */
	readonly edrx: Command;
	readonly edrxOff: Command;
	/** The eDRX cycle (ms) of each 4-bit value, 0 where the module's table has none. */
	readonly edrxCycles: readonly number[];
	/** Identity, read once: the revision (a text line `<revisionPrefix><revision>`), IMEI (`+NAME: <imei>`),
	 *  ICCID (`+NAME: <iccid>`), IMSI (a bare line of digits). */
	readonly revision: Command;
	readonly revisionPrefix: string;
	readonly imei: Command;
	readonly iccid: Command;
	readonly imsi: Command;
	/** Serving-cell radio figures in dBm/dB: `+NAME: 0,…` with RSRP, RSRQ and SNR at the given fields; a
	 *  module that answers ERROR is not asked again and `signal` is read instead. */
	readonly cell: Command;
	readonly cellFields: readonly [rsrp: number, rsrq: number, snr: number];
	/** `+NAME: …,<rsrq>,<rsrp>` as 3GPP TS 27.007 indexes (the last two fields; 255: unknown). */
	readonly signal: Command;
	/** The granted eDRX: `+NAME: <act>,"<requested>","<granted>","<ptw>"` (or `<act>` alone: none). */
	readonly edrxRead: Command;
	/** The sleep setting: `+NAME: <n>`. */
	readonly sleepRead: Command;
	/** Release assistance: the network may release the connection now; refused (any answer) when there is none. */
	readonly release: Command;
}

export interface Profile {
	readonly name: string;
	/** Bytes of a URL, of one data packet, of one read. */
	readonly urlMax: number;
	readonly packetMax: number;
	readonly readMax: number;
	/** The content types a simple POST can name, by the module's index. */
	readonly contentTypes: readonly string[];
	/** Milliseconds for an ordinary command (a configuration item). */
	readonly commandMs: number;
	/** A command that only asks whether the module is there (and wakes it). */
	readonly probe: Command;
	/** Let the module sleep. */
	readonly sleep: Command;
	/** The trusted CA in PEM after `>`, ended by Ctrl+Z. */
	readonly caCert: Command;
	readonly url: Command;
	readonly get: Command;
	readonly getRange: Command;
	readonly post: Command;
	readonly read: Command;
	/** Checked in order before each request; a value the module is known to hold is not sent again. */
	readonly config: readonly ConfigItem[];
	readonly ladder: readonly LadderStep[];
	readonly reactivateAt: number;
	/** The module's own codes the core reports when it gives up waiting: for data, for a result URC. */
	readonly readTimeoutCode: number;
	readonly responseTimeoutCode: number;
	readonly network: NetworkProfile;
	/** The row of any code the modem reports: the module's, else the library's. */
	lookup(code: number): CodeRow;
}

/** A command row, named by its text ("AT+QHTTPGET=" is QHTTPGET, "ATI" ATI); the rest of its fields
 *  default to nothing, with a 2 s timeout. */
export function command(text: string, fields: Partial<Command> = {}): Command {
	return Object.freeze({
		data: false, payload: "", ms: 2000, time: 0, ...fields,
		step: /^(?:AT\+)?([^=?]*)/.exec(text)![1]!, text, args: Object.freeze((fields.args ?? []).slice()), results: Object.freeze((fields.results ?? []).slice()),
	});
}

/** A configuration row. */
export function item(step: string, text: string, writesValue: boolean, want: number, value: number, alternative = ""): ConfigItem {
	return Object.freeze({ step, text, writesValue, alternative, want, value });
}

/** A ladder row; the rest of its fields default to a check-free step with a 2 s timeout. */
export function step(text: string, fields: Partial<LadderStep>): LadderStep {
	return Object.freeze({ text, check: CHECK_NONE, expect: "", value: 0, ms: 2000, good: NEXT_DONE, bad: NEXT_DONE, reactivate: false, forget: false, wait: 0, tries: 1, code: 0, why: "", ...fields });
}
