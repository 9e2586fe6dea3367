// Every failure the library reports, as one table: the module's result codes (application note,
// chapter 5) with the remedies of chapter 4, and our own codes (900–933) for failures the module
// does not number. The table is plain arrays of strings and numbers at module level: on a device
// it is preloaded into flash and costs no RAM. Lookups are linear; they happen only on errors.

/** What the caller should do before trying again. */
export const RECOVER_NONE = 0; // a retry cannot help: fix the request, the configuration or the server
export const RECOVER_RETRY = 1; // the same command again, a little later (something is busy)
export const RECOVER_RESEND = 2; // the whole request again from AT+QHTTPURL
export const RECOVER_LADDER = 3; // the chapter-4 ladder (LADDER below), then the request again
export const RECOVER_REINIT = 4; // configure the module again (its settings are not saved), then the request

/**
 * The chapter-4 ladder, in order: SIM ready (4.1), attached and addressed (4.2, 4.4), a DNS server
 * that is not 0.0.0.0 (4.2), then re-activation of the PDP context (4.2, 4.4). The DNS query form
 * is the read command of the BC660K AT manual (document [2]); it is not verified on hardware.
 */
export const LADDER = Object.freeze(["AT+CPIN?", "AT+CGATT?", "AT+CGPADDR", "AT+QIDNSCFG?", "AT+CFUN=0", "AT+CFUN=1"]);

// Our own codes. 900s: the AT link; 910s: HTTP framing of the response; 920s: request semantics
// and TLS; 930s: the client's own life cycle.
export const ERR_AT_ERROR = 900; // a bare ERROR with no number
export const ERR_TIMEOUT = 901;
export const ERR_REBOOTED = 902;
export const ERR_PROTOCOL = 903;
export const ERR_HTTP_INCOMPLETE = 911;
export const ERR_HTTP_CHUNK = 912;
export const ERR_HTTP_HEAD_TOO_LARGE = 913;
export const ERR_HTTP_CONTENT_LENGTH = 914;
export const ERR_HTTP_MALFORMED = 915;
export const ERR_HTTP_EXTRA_DATA = 916;
export const ERR_RANGE_MISMATCH = 920;
export const ERR_TLS_CONFIG = 921;
export const ERR_CLOSED = 930;
export const ERR_CANCELLED = 931;
export const ERR_CALLER_TIMEOUT = 932; // the reader took no bytes (or the writer wrote none) within callerTimeout
export const ERR_CALLBACK = 933; // a callback of the request threw: the thrown error is the cause

/** One row: code, the manual's meaning (or ours), the remedy, the recovery (RECOVER_*). */
export type CodeRow = readonly [code: number, meaning: string, remedy: string, recovery: number];

// Remedies shared by several rows (one string in flash each).
const LADDER_TEXT = "Check the SIM (AT+CPIN? must say READY), the attach (AT+CGATT?) and the address (AT+CGPADDR), " +
	"that the DNS server (AT+QIDNSCFG) is not 0.0.0.0, then re-activate the PDP context with AT+CFUN=0 and AT+CFUN=1, and resend.";
const SEND_FAILED = "Check that the URL is valid and reachable, that the server accepts the method and that the PDP context " +
	"is active; if it still fails, re-activate it with AT+CFUN=0 then AT+CFUN=1 (chapter 4.4).";
const RESEND = "Resend the request (AT+QHTTPGET/AT+QHTTPPOST); if that fails too, follow chapter 4.4: " + SEND_FAILED;
const WAIT = "Wait for the pending request to end (its +QHTTPGET/+QHTTPPOST result), then retry.";
const BAD_RESPONSE = "The response bytes are not valid HTTP/1.1: discard the response and resend (bytes lost on the UART " +
	"look like this); if it repeats, the server is at fault.";

// Frozen, so that preloading (tables in flash on a device) cannot be surprised by a write.
function frozen(rows: CodeRow[]): readonly CodeRow[] {
	for (const row of rows) Object.freeze(row);
	return Object.freeze(rows);
}

export const CODES: readonly CodeRow[] = frozen([
	[701, "HTTP(S) unknown error", "Resend the request; if it repeats over HTTPS, check the TLS settings (AT+QSSLCFG). " + SEND_FAILED, RECOVER_RESEND],
	[702, "HTTP(S) timeout", RESEND, RECOVER_RESEND],
	[703, "HTTP(S) busy", WAIT + " AT+QHTTPREAD sent before the result URC also answers 703.", RECOVER_RETRY],
	[704, "HTTP(S) UART busy", "Another port is in data mode and the module allows one at a time: retry after it has left data mode (chapter 4.3).", RECOVER_RETRY],
	[705, "HTTP(S) no GET/POST requests", "AT+QHTTPREAD was sent with no request done: send AT+QHTTPGET or AT+QHTTPPOST first.", RECOVER_NONE],
	[706, "HTTP(S) network busy", "The network is busy: retry a little later.", RECOVER_RETRY],
	[707, "HTTP(S) network open failed", LADDER_TEXT, RECOVER_LADDER],
	[708, "HTTP(S) network no configuration", "Set the PDP context with AT+QHTTPCFG=\"contextid\",0. " + LADDER_TEXT, RECOVER_LADDER],
	[709, "HTTP(S) network deactivated", LADDER_TEXT, RECOVER_LADDER],
	[710, "HTTP(S) network error", LADDER_TEXT, RECOVER_LADDER],
	[711, "HTTP(S) URL error", "The URL set with AT+QHTTPURL is invalid: it must start with http:// or https:// and be 1–256 bytes; a redirect to a relative Location also gives 711.", RECOVER_NONE],
	[712, "HTTP(S) empty URL", "No URL is set: set it with AT+QHTTPURL (a module restart forgets it), then resend.", RECOVER_REINIT],
	[713, "HTTP(S) IP address error", LADDER_TEXT, RECOVER_LADDER],
	[714, "HTTP(S) DNS error", "Make sure the domain name is valid (chapter 4.2). " + LADDER_TEXT, RECOVER_LADDER],
	[715, "HTTP(S) socket create error", SEND_FAILED, RECOVER_LADDER],
	[716, "HTTP(S) socket connect error", "Check the host and port. A stale data connection also gives 716 while an address is still shown: " + SEND_FAILED, RECOVER_LADDER],
	[717, "HTTP(S) socket read error", "Resend the request (chapter 4.5); if sending fails, follow chapter 4.4.", RECOVER_RESEND],
	[718, "HTTP(S) socket write error", RESEND, RECOVER_RESEND],
	[719, "HTTP(S) socket closed", "The server or network closed the connection: " + RESEND, RECOVER_RESEND],
	[720, "HTTP(S) data encode error", "The module could not encode the request: check the URL and the request head for invalid characters.", RECOVER_NONE],
	[721, "HTTP(S) data decode error", "The module could not decode the answer (over HTTPS often a TLS problem: check AT+QSSLCFG). " + RESEND, RECOVER_RESEND],
	[722, "HTTP(S) read timeout", "The server stopped sending: " + RESEND, RECOVER_RESEND],
	[723, "HTTP(S) response failed", RESEND, RECOVER_RESEND],
	[726, "Input timeout", "The data after > did not all arrive in time: send exactly the announced byte count (UTF-8 bytes, not characters) promptly, then resend.", RECOVER_RESEND],
	[727, "Wait data timeout", "The module waited too long for data: resend the request.", RECOVER_RESEND],
	[728, "Wait HTTP(S) response timeout", "No answer within <rsptime>: resend, with a longer <rsptime> if the server is slow; if it repeats, follow chapter 4.4.", RECOVER_RESEND],
	[729, "Memory allocation failed", "The module is out of memory: finish or abandon the previous response, use smaller packets, retry; reset the module if it persists.", RECOVER_RETRY],
	[730, "Invalid parameter", "A parameter is out of range (URL 1–256 bytes, POST packet 1–2048 bytes, timeouts 1–300 s, read length 1–1024): fix the call.", RECOVER_NONE],
	[ERR_AT_ERROR, "module answered ERROR", "Check that the SIM is inserted and AT+CPIN? answers +CPIN: READY (chapter 4.1), then the command's syntax.", RECOVER_LADDER],
	[ERR_TIMEOUT, "no answer from the module in time", "Check power, wiring and baud rate; the first command after sleep is often lost, so send AT again (up to ten times); reset the module if it stays silent.", RECOVER_RETRY],
	[ERR_REBOOTED, "module restarted (RDY)", "Its HTTP and TLS settings are not saved: configure it again, then resend.", RECOVER_REINIT],
	[ERR_PROTOCOL, "read data did not match its announced length, or the answer made no sense", "Bytes were lost or doubled on the UART " +
		"inside an AT+QHTTPREAD answer (what followed the counted bytes was not blank lines and a result line), or a count or result was " +
		"unreadable; blank lines alone never cause this. The URL and settings are sent again with the next request: resend. If it repeats, " +
		"check the ground, the level shifter (powered from VDD_EXT) and the baud rate.", RECOVER_RESEND],
	[ERR_HTTP_INCOMPLETE, "response ended early", "The body is shorter than its Content-Length, or the response stopped inside its head or a chunk: resend the request.", RECOVER_RESEND],
	[ERR_HTTP_CHUNK, "malformed chunked encoding", BAD_RESPONSE, RECOVER_RESEND],
	[ERR_HTTP_HEAD_TOO_LARGE, "response head too large", "Raise maxHeaderBytes or ask the server for fewer headers.", RECOVER_NONE],
	[ERR_HTTP_CONTENT_LENGTH, "invalid or conflicting Content-Length", "The server sent a Content-Length that is not one decimal number: the response cannot be trusted; fix the server.", RECOVER_NONE],
	[ERR_HTTP_MALFORMED, "malformed status line or header", BAD_RESPONSE, RECOVER_RESEND],
	[ERR_HTTP_EXTRA_DATA, "bytes after the end of the response", "The body is longer than its Content-Length, or foreign bytes were read with it: discard the response and resend.", RECOVER_RESEND],
	[ERR_RANGE_MISMATCH, "range answer does not match the request", "The server answered without the requested range (200 instead of 206, or another Content-Range): fetch the whole resource with a plain GET.", RECOVER_NONE],
	[ERR_TLS_CONFIG, "TLS configuration refused", "Check the AT+QSSLCFG settings (seclevel, CA certificate in PEM); the module supports only one-way or no authentication.", RECOVER_NONE],
	[ERR_CLOSED, "client closed", "The client was closed: create a new one.", RECOVER_NONE],
	[ERR_CANCELLED, "request cancelled", "The caller cancelled the request; nothing to recover.", RECOVER_NONE],
	[ERR_CALLER_TIMEOUT, "the caller took no bytes in time", "The reader took no bytes (or the writer wrote none) for the client's callerTimeout: read in onReadable with this.read(count), write when onWritable offers room, or raise callerTimeout. The module was freed.", RECOVER_NONE],
	[ERR_CALLBACK, "a request callback threw", "onHeaders, onReadable or onWritable threw (the error is the cause): the request was ended and the module freed; fix the callback.", RECOVER_NONE],
]);

// Rows for codes missing from the table; the error that uses one keeps the code it was given.
const UNKNOWN_MODULE: CodeRow = Object.freeze([0, "unknown module error", "Not in the application note: see the AT commands manual (document [2]); " + RESEND, RECOVER_RESEND] as CodeRow);
const UNKNOWN: CodeRow = Object.freeze([0, "unknown error", "Not a code of this library or of the module: report it.", RECOVER_NONE] as CodeRow);

/** The row for a code: its own, or a generic one (row[0] is then 0) for a code not in the table. */
export function lookup(code: number): CodeRow {
	for (let i = 0; i < CODES.length; i++) if (CODES[i]![0] === code) return CODES[i]!;
	return code >= 700 && code < 800 ? UNKNOWN_MODULE : UNKNOWN;
}

/** A retry can help exactly when there is something to do first (or just to wait). */
export function isRetryable(code: number): boolean {
	return lookup(code)[3] !== RECOVER_NONE;
}
