// The library's own failures, numbered outside any module's range (900–959), and the shape every layer's
// table of codes shares. Each layer keeps its own codes: the module's in its profile (bc660k/codes.ts),
// HTTP framing in http/codes.ts, the AT link and the life cycle here. The tables are plain arrays of
// strings and numbers, frozen: on a device they are preloaded into flash and cost no RAM. Lookups are
// linear; they happen only on errors.
import type { Tokenizer } from "../at/tokenizer.js";

/** What the caller should do before trying again. */
export const RECOVER_NONE = 0; // a retry cannot help: fix the request, the configuration or the server
export const RECOVER_RETRY = 1; // the same command again, a little later (something is busy)
export const RECOVER_RESEND = 2; // the whole request again from the URL
export const RECOVER_LADDER = 3; // the module's recovery ladder (its profile), then the request again
export const RECOVER_REINIT = 4; // configure the module again (its settings are not saved), then the request

// 900s: the AT link; 930s: the life cycle; 950s: the network (bring-up, registration). (910s are HTTP's,
// 920s the request's and TLS, the 940s a download's into its target and an update's image checks.)
export const ERR_AT_ERROR = 900; // a bare ERROR with no number
export const ERR_TIMEOUT = 901;
export const ERR_REBOOTED = 902;
export const ERR_PROTOCOL = 903; // garbled: a payload that did not match its count, an unreadable answer
export const ERR_SERIAL = 904; //   the serial port failed (its onError, or a write refused with an error)
export const ERR_CLOSED = 930;
export const ERR_CANCELLED = 931;
export const ERR_TLS_CONFIG = 921; // the module refused a TLS setting: in the module's table (moduleCodes)
export const ERR_SIM = 950; //          the (U)SIM is not ready (AT+CPIN?)
export const ERR_DENIED = 951; //       the network rejected the registration (+CEREG stat 3, with its EMM cause)
export const ERR_NOT_REGISTERED = 952; // no registration within the bring-up's timeout
export const ERR_NO_ADDRESS = 953; //   registered, but the data bearer has no address (AT+CGPADDR)
export const ERR_NETWORK_LOST = 954; // the registration was lost while a request was running

/** One row: code, the manual's meaning (or ours), the recovery (RECOVER_*). What to do about each code is
 *  in remedies.ts, outside the core. */
export type CodeRow = readonly [code: number, meaning: string, recovery: number];

/** A table written flat, three values a row (code, meaning, recovery), it and its rows frozen so
 *  that preloading (tables in flash on a device) meets no write: an array literal per row costs more
 *  bytecode than its four values. */
export function flatRows(values: readonly (number | string)[]): readonly CodeRow[] {
	const rows: CodeRow[] = [];
	for (let i = 0; i < values.length; i += 3) rows.push(Object.freeze(values.slice(i, i + 3)) as unknown as CodeRow);
	return Object.freeze(rows);
}

export const CORE_CODES: readonly CodeRow[] = flatRows([
	ERR_AT_ERROR, "module answered ERROR", RECOVER_LADDER,
	ERR_TIMEOUT, "no answer from the module in time", RECOVER_RETRY,
	ERR_REBOOTED, "module restarted (RDY)", RECOVER_REINIT,
	ERR_PROTOCOL, "read data did not match its announced length, or the answer made no sense", RECOVER_RESEND,
	ERR_SERIAL, "serial port failed", RECOVER_NONE,
	ERR_CLOSED, "client closed", RECOVER_NONE,
	ERR_CANCELLED, "request cancelled", RECOVER_NONE,
	ERR_SIM, "(U)SIM not ready", RECOVER_NONE,
	ERR_DENIED, "registration denied", RECOVER_NONE,
	ERR_NOT_REGISTERED, "not registered in time", RECOVER_RETRY,
	ERR_NO_ADDRESS, "no data address", RECOVER_LADDER,
	ERR_NETWORK_LOST, "network lost during the request", RECOVER_RESEND,
]);

const UNKNOWN: CodeRow = Object.freeze([0, "unknown error", RECOVER_NONE] as CodeRow);

// The QHTTP family's result codes (701–730) as every HTTP(S) note of the family words them (the BC660K-GL's
// chapter 5 prints them so), and ours about the module's TLS settings. A module's codes.ts gives the rows
// its note words otherwise, or adds, to moduleCodes().
const FAMILY: readonly CodeRow[] = flatRows([
	701, "HTTP(S) unknown error", RECOVER_RESEND,
	702, "HTTP(S) timeout", RECOVER_RESEND,
	703, "HTTP(S) busy", RECOVER_RETRY,
	704, "HTTP(S) UART busy", RECOVER_RETRY,
	706, "HTTP(S) network busy", RECOVER_RETRY,
	707, "HTTP(S) network open failed", RECOVER_LADDER,
	708, "HTTP(S) network no configuration", RECOVER_LADDER,
	709, "HTTP(S) network deactivated", RECOVER_LADDER,
	710, "HTTP(S) network error", RECOVER_LADDER,
	711, "HTTP(S) URL error", RECOVER_NONE,
	712, "HTTP(S) empty URL", RECOVER_REINIT,
	713, "HTTP(S) IP address error", RECOVER_LADDER,
	714, "HTTP(S) DNS error", RECOVER_LADDER,
	715, "HTTP(S) socket create error", RECOVER_LADDER,
	716, "HTTP(S) socket connect error", RECOVER_LADDER,
	717, "HTTP(S) socket read error", RECOVER_RESEND,
	718, "HTTP(S) socket write error", RECOVER_RESEND,
	719, "HTTP(S) socket closed", RECOVER_RESEND,
	720, "HTTP(S) data encode error", RECOVER_NONE,
	721, "HTTP(S) data decode error", RECOVER_RESEND,
	722, "HTTP(S) read timeout", RECOVER_RESEND,
	723, "HTTP(S) response failed", RECOVER_RESEND,
	726, "Input timeout", RECOVER_RESEND,
	727, "Wait data timeout", RECOVER_RESEND,
	728, "Wait HTTP(S) response timeout", RECOVER_RESEND,
	729, "Memory allocation failed", RECOVER_RETRY,
	730, "Invalid parameter", RECOVER_NONE,
	ERR_TLS_CONFIG, "TLS configuration refused", RECOVER_NONE,
]);

// For a code in the module's range that its note does not list; the error keeps the code it was given.
const UNKNOWN_MODULE: CodeRow = Object.freeze([0, "unknown module error", RECOVER_RESEND] as CodeRow);

/** A module's table: the family's rows with `own` (written flat, in code order) in place or added. */
export function moduleCodes(own: readonly (number | string)[]): readonly CodeRow[] {
	const mine = flatRows(own);
	return Object.freeze(mine.concat(FAMILY.filter((row) => !rowIn(mine, row[0]))).sort((a, b) => a[0] - b[0]));
}

/** The row for `code` in a module's table `rows`, the library's own, or a generic one (row[0] is then 0). */
export function moduleRow(rows: readonly CodeRow[], code: number): CodeRow {
	return rowIn(rows, code) ?? (code >= 700 && code < 800 ? UNKNOWN_MODULE : lookup(code));
}

/** The row of `code` in `rows`, or undefined. */
export function rowIn(rows: readonly CodeRow[], code: number): CodeRow | undefined {
	for (let i = 0; i < rows.length; i++) if (rows[i]![0] === code) return rows[i]!;
	return undefined;
}

/** The row for one of the library's own codes, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return rowIn(CORE_CODES, code) ?? UNKNOWN;
}

// The texts of the CME errors (the AT Commands Manual's chapter 15, 3GPP TS 27.007's) the library's
// commands can meet, for verbose errors (AT+CMEE=2): code, text, code, text…
const CME_TEXTS: readonly (number | string)[] = Object.freeze([
	3, "Operation not allowed", 4, "Operation not supported", 10, "USIM not inserted", 13, "USIM failure", 14, "USIM busy",
	23, "Memory failure", 30, "No network service", 50, "Incorrect parameters",
	53, "Not attached to network due to MT functionality restrictions", 100, "Unknown", 302, "UE busy", 303, "Not powered on",
	304, "PDN not active", 602, "No RRC connection",
]);

/** The number of a verbose `+CME ERROR: <text>` on the tokenizer: a meaning of `rows` (the module's own
 *  codes) or a CME text, compared without case; 900 (a bare ERROR's) for a text neither has. */
export function codeOfText(tokenizer: Tokenizer, rows: readonly CodeRow[]): number {
	const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
	for (let i = 0; i < rows.length; i++) if (sameText(bytes, start, end, rows[i]![1])) return rows[i]![0];
	for (let i = 0; i < CME_TEXTS.length; i += 2) if (sameText(bytes, start, end, CME_TEXTS[i + 1] as string)) return CME_TEXTS[i] as number;
	return ERR_AT_ERROR;
}

function sameText(bytes: Uint8Array, start: number, end: number, text: string): boolean {
	if (end - start !== text.length) return false;
	for (let i = 0; i < text.length; i++) if ((bytes[start + i]! | 0x20) !== (text.charCodeAt(i) | 0x20)) return false;
	return true;
}
