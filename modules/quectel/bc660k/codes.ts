// The BC660K-GL's result codes (HTTP(S) application note, chapter 5) with the recoveries of chapter 4, in
// one frozen table (in flash on a device; a code is its number, its meaning beside it), and the one code of
// ours that is about this module's TLS settings.
import type { Tokenizer } from "../../at/tokenizer.js";
import { codeOfText, flatRows, lookup as libraryRow, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT, RECOVER_RESEND, RECOVER_RETRY, rowIn, type CodeRow } from "../codes.js";

/** Our own: the module refused a TLS setting. */
export const ERR_TLS_CONFIG = 921;

export const CODES: readonly CodeRow[] = flatRows([
	701, "HTTP(S) unknown error", RECOVER_RESEND,
	702, "HTTP(S) timeout", RECOVER_RESEND,
	703, "HTTP(S) busy", RECOVER_RETRY,
	704, "HTTP(S) UART busy", RECOVER_RETRY,
	705, "HTTP(S) no GET/POST requests", RECOVER_NONE,
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

// For a code in the module's range that the note does not list; the error keeps the code it was given.
const UNKNOWN_MODULE: CodeRow = Object.freeze([0, "unknown module error", RECOVER_RESEND] as CodeRow);

/** The row for a code: the module's, the library's own, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return rowIn(CODES, code) ?? (code >= 700 && code < 800 ? UNKNOWN_MODULE : libraryRow(code));
}

/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2): the note's texts, then the 3GPP ones. */
export function cmeCode(tokenizer: Tokenizer): number {
	return codeOfText(tokenizer, CODES);
}
