// What a module profile gives the runner: how the module frames data (its prompt, the line that
// announces a payload), its limits, its commands as rows (script.ts) and the scripts they make, its
// recovery ladder and its result codes. A profile is strings, numbers, rows and two lookups, frozen: on
// a device it sits in flash. A sibling module is a new folder beside bc660k/ with its own profile,
// named in profiles.ts.
import type { Tokenizer } from "../at/tokenizer.js";
import type { CodeRow } from "./codes.js";
import type { ModemLimits } from "./job.js";
import type { Step } from "./script.js";

/** The network and power rows: bring-up, status, PSM/eDRX, release assistance. netjobs.ts says what it
 *  reads from each answer; `start`, `status` and `power` are the scripts, made of these rows. */
export interface NetworkRows {
	/** SIM check: an information line whose value is `simReady`. */
	readonly sim: Step;
	readonly simReady: string;
	/** The APN: read (its second field), written (Arg.APN), and the restart it needs (if any). */
	readonly apnRead: Step;
	readonly apnWrite: Step;
	readonly restart: Step | undefined;
	/** Milliseconds from the restart's OK to the first probe. */
	readonly restartMs: number;
	/** A data bearer the host activates (a module that needs it): its read form, `+NAME: <cid>,<state>,…`
	 *  for each active context, and its activation; undefined where the attach activates it. */
	readonly active: Step | undefined;
	readonly activate: Step | undefined;
	/** Registration URCs on, with location, cause and the granted PSM timers. */
	readonly report: Step;
	/** The registration's read form: `+NAME: <n>,<stat>,…` (the URC's fields after `<n>`). */
	readonly registration: Step;
	/** The data bearer's address: `+NAME: <cid>,"<address>"`. */
	readonly address: Step;
	/** PSM on with the requested timers (Arg.T3412, Arg.T3324), and off; eDRX on (Arg.EDRX) and off. */
	readonly psm: Step;
	readonly psmOff: Step;
	readonly edrx: Step;
	readonly edrxOff: Step;
	/** The eDRX cycle (ms) of each 4-bit value, 0 where the module's table has none. */
	readonly edrxCycles: readonly number[];
	/** Identity, read once: the revision (a text line `<revisionPrefix><revision>`), IMEI (`+NAME: <imei>`),
	 *  ICCID (`+NAME: <iccid>`), IMSI (a bare line of digits). */
	readonly revision: Step;
	readonly revisionPrefix: string;
	readonly imei: Step;
	readonly iccid: Step;
	readonly imsi: Step;
	/** Serving-cell figures in dBm/dB: `+NAME: 0,…` with RSRP, RSRQ and SNR at `cellFields`; a module that
	 *  answers ERROR is not asked again and `signal` is read instead. */
	readonly cell: Step | undefined;
	readonly cellFields: readonly [rsrp: number, rsrq: number, snr: number];
	/** `+NAME: …,<rsrq>,<rsrp>` as 3GPP TS 27.007 indexes (the last two fields; 255: unknown). */
	readonly signal: Step;
	/** The granted eDRX: `+NAME: <act>,"<requested>","<granted>","<ptw>"` (or `<act>` alone: none). */
	readonly edrxRead: Step;
	/** The sleep setting: `+NAME: <n>`. */
	readonly sleepRead: Step;
	/** Release assistance: the network may release the connection now; refused when there is none
	 *  (undefined: the module has none). */
	readonly release: Step | undefined;
	readonly start: readonly Step[];
	readonly status: readonly Step[];
	readonly power: readonly Step[];
}

export interface Profile {
	readonly name: string;
	/** How the module prompts for data: ">" (a `>` at a line start) or a line ("CONNECT"). */
	readonly prompt: string;
	/** Milliseconds from the prompt to the data the module is ready for (its switch to data mode). */
	readonly promptDelay: number;
	/** The prefix of the line that announces a read's payload ("+QHTTPREAD:", "CONNECT"), and whether it
	 *  may come without a count (the payload then ends where the HTTP response does). */
	readonly payload: string;
	readonly openPayload: boolean;
	/** Bytes of an open payload held back until more come: the shortest and the longest trailer the module
	 *  puts after a read (its OK, blank lines, its result line), so that a read that ends early never passes
	 *  the trailer on as body (chat.ts, Exchange.hold). 0 where reads are counted. */
	readonly hold: readonly [min: number, max: number];
	/** That line's name as the tokenizer gives it (no `+`, no `:`): "QHTTPREAD", "CONNECT". */
	readonly readName: string;
	readonly limits: ModemLimits;
	/** A command that only asks whether the module is there (and wakes it), with its retries. */
	readonly wake: Step;
	/** Let the module sleep. */
	readonly sleep: Step;
	/** Where the host activates the data bearer: a row that reads it (`+NAME: <cid>,<state>,…` per active
	 *  context) and one that activates it, run before a request while it is not known to be up; else empty. */
	readonly bearer: readonly Step[];
	/** The configuration rows, checked before each request; a value the module is known to hold is not
	 *  sent again. */
	readonly config: readonly Step[];
	/** The rows that give the module the trusted CA (PEM after the prompt, or a file and its use). */
	readonly ca: readonly Step[];
	readonly url: Step;
	readonly get: Step;
	/** A ranged GET of the module's own, or undefined (the range then goes in a request head). */
	readonly getRange: Step | undefined;
	/** A GET written whole (its head as data), where the module has one; else such a GET goes by `post`. */
	readonly headGet: Step | undefined;
	readonly post: Step;
	readonly read: Step;
	/** One HTTP request, all rows in order (transfer.ts skips what a request does not need). */
	readonly transfer: readonly Step[];
	/** The recovery ladder, and the row it goes on to when the PDP context must be reactivated. */
	readonly ladder: readonly Step[];
	readonly reactivateAt: number;
	readonly network: NetworkRows;
	/** The name of the registration URC (CEREG), and of every result URC a row waits for. */
	readonly registration: string;
	readonly urcs: readonly string[];
	/** The module's own codes the modem reports when it gives up waiting: for data, for a result URC. */
	readonly readTimeoutCode: number;
	readonly responseTimeoutCode: number;
	/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2) on the tokenizer, or the generic 900. */
	cmeCode(tokenizer: Tokenizer): number;
	/** The row of any code the modem reports: the module's, else the library's. */
	lookup(code: number): CodeRow;
}

/** Every row's result URCs, once each: what the runner routes to the running row. */
export function urcsOf(...scripts: (readonly Step[])[]): readonly string[] {
	const names: string[] = [];
	for (let s = 0; s < scripts.length; s++) {
		const rows = scripts[s]!;
		for (let r = 0; r < rows.length; r++) {
			const urc = rows[r]!.urc;
			for (let i = 0; i < urc.length; i++) if (!names.includes(urc[i]!)) names.push(urc[i]!);
		}
	}
	return Object.freeze(names);
}
