// The BG95/BG77/BG96 HTTP(S) result codes (the family's HTTP(S) table: 701–730, with 724 and 725 its own,
// 705 naming PUT too), with remedies for this family: its data bearer is a PDP context the host activates
// (AT+QIACT), so reactivation is AT+QIDEACT then AT+QIACT rather than AT+CFUN. Our code for a TLS setting
// the module refuses is the BC660K's (921), with this module's commands.
import type { Tokenizer } from "../../at/tokenizer.js";
import { codeOfText, flatRows, lookup as libraryRow, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT, RECOVER_RESEND, RECOVER_RETRY, rowIn, type CodeRow } from "../codes.js";

const CONTEXT = "Check the SIM (AT+CPIN?), the attach (AT+CGATT?) and the context (AT+QIACT? shows context 1 with an address); " +
	"reactivate it with AT+QIDEACT=1 and AT+QIACT=1, and resend.";
const RESEND = "Resend the request; if it fails again, reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1).";
const WAIT = "Wait for the pending request to end (its result URC), then retry.";
const BUSY = "A call or another port holds the module: retry when it is free.";

export const CODES: readonly CodeRow[] = flatRows([
	701, "HTTP(S) unknown error", "Resend; over HTTPS check the TLS settings (AT+QSSLCFG: sslversion, seclevel, cacert). " + RESEND, RECOVER_RESEND,
	702, "HTTP(S) timeout", RESEND, RECOVER_RESEND,
	703, "HTTP(S) busy", WAIT + " AT+QHTTPREAD sent before the result URC also answers 703.", RECOVER_RETRY,
	704, "HTTP(S) UART busy", BUSY, RECOVER_RETRY,
	705, "HTTP(S) no GET/POST/PUT requests", "AT+QHTTPREAD was sent with no request done: send the request first.", RECOVER_NONE,
	706, "HTTP(S) network busy", "The network is busy: retry a little later.", RECOVER_RETRY,
	707, "HTTP(S) network open failed", CONTEXT, RECOVER_LADDER,
	708, "HTTP(S) network no configuration", "Define the context (AT+QICSGP=1,1,\"<apn>\") and name it (AT+QHTTPCFG=\"contextid\",1). " + CONTEXT, RECOVER_LADDER,
	709, "HTTP(S) network deactivated", CONTEXT, RECOVER_LADDER,
	710, "HTTP(S) network error", CONTEXT, RECOVER_LADDER,
	711, "HTTP(S) URL error", "The URL set with AT+QHTTPURL is invalid: http:// or https://, 1–700 bytes; a redirect to a relative Location also gives 711.", RECOVER_NONE,
	712, "HTTP(S) empty URL", "No URL is set: set it with AT+QHTTPURL (a restart forgets it), then resend.", RECOVER_REINIT,
	713, "HTTP(S) IP address error", CONTEXT, RECOVER_LADDER,
	714, "HTTP(S) DNS error", "Make sure the domain name is valid. " + CONTEXT, RECOVER_LADDER,
	715, "HTTP(S) socket create error", CONTEXT, RECOVER_LADDER,
	716, "HTTP(S) socket connect error", "Check the host and port. A stale context also gives 716: " + CONTEXT, RECOVER_LADDER,
	717, "HTTP(S) socket read error", RESEND, RECOVER_RESEND,
	718, "HTTP(S) socket write error", RESEND, RECOVER_RESEND,
	719, "HTTP(S) socket closed", "The server or network closed the connection: " + RESEND, RECOVER_RESEND,
	720, "HTTP(S) data encode error", "Check the URL and the request head for invalid characters.", RECOVER_NONE,
	721, "HTTP(S) data decode error", "Over HTTPS often a TLS problem (AT+QSSLCFG). " + RESEND, RECOVER_RESEND,
	722, "HTTP(S) read timeout", "The server stopped sending: " + RESEND, RECOVER_RESEND,
	723, "HTTP(S) response failed", RESEND, RECOVER_RESEND,
	724, "HTTP(S) incoming call busy", BUSY, RECOVER_RETRY,
	725, "HTTP(S) voice call busy", BUSY, RECOVER_RETRY,
	726, "Input timeout", "The data after CONNECT did not all arrive in time: send exactly the announced byte count (UTF-8 bytes) promptly, then resend.", RECOVER_RESEND,
	727, "Wait data timeout", "The module waited too long for data: resend the request.", RECOVER_RESEND,
	728, "Wait HTTP(S) response timeout", "No answer within <rsptime>: resend, with a longer <rsptime> if the server is slow.", RECOVER_RESEND,
	729, "Memory allocation failed", "The module is out of memory: finish or abandon the previous response, retry; reset the module if it persists.", RECOVER_RETRY,
	730, "Invalid parameter", "A parameter is out of range (URL 1–700 bytes, timeouts 1–65535 s): fix the call.", RECOVER_NONE,
	921, "TLS configuration refused", "Check the AT+QSSLCFG settings (sslversion, seclevel) and the CA file (AT+QFUPL, then \"cacert\" naming it).", RECOVER_NONE,
]);

const UNKNOWN_MODULE: CodeRow = Object.freeze([0, "unknown module error", "Not in the family's HTTP(S) table: " + RESEND, RECOVER_RESEND] as CodeRow);

/** The row for a code: the module's, the library's own, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return rowIn(CODES, code) ?? (code >= 700 && code < 800 ? UNKNOWN_MODULE : libraryRow(code));
}

/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2). */
export function cmeCode(tokenizer: Tokenizer): number {
	return codeOfText(tokenizer, CODES);
}
