// The BC660K-GL's result codes (HTTP(S) application note, chapter 5) with the remedies of chapter 4, as
// named constants and one frozen table (in flash on a device), and the one code of ours that is about this
// module's TLS settings.
import type { Tokenizer } from "../../at/tokenizer.js";
import { codeOfText, flatRows, lookup as libraryRow, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT, RECOVER_RESEND, RECOVER_RETRY, rowIn, type CodeRow } from "../codes.js";

export const E_UNKNOWN = 701;
export const E_TIMEOUT = 702;
export const E_BUSY = 703;
export const E_UART_BUSY = 704;
export const E_NO_REQUEST = 705;
export const E_NETWORK_BUSY = 706;
export const E_NETWORK_OPEN = 707;
export const E_NETWORK_CONFIG = 708;
export const E_NETWORK_DEACTIVATED = 709;
export const E_NETWORK = 710;
export const E_URL = 711;
export const E_EMPTY_URL = 712;
export const E_IP_ADDRESS = 713;
export const E_DNS = 714;
export const E_SOCKET_CREATE = 715;
export const E_SOCKET_CONNECT = 716;
export const E_SOCKET_READ = 717;
export const E_SOCKET_WRITE = 718;
export const E_SOCKET_CLOSED = 719;
export const E_ENCODE = 720;
export const E_DECODE = 721;
export const E_READ_TIMEOUT = 722;
export const E_RESPONSE_FAILED = 723;
export const E_INPUT_TIMEOUT = 726;
export const E_WAIT_DATA_TIMEOUT = 727;
export const E_RESPONSE_TIMEOUT = 728;
export const E_NO_MEMORY = 729;
export const E_INVALID_PARAMETER = 730;
/** Our own: the module refused a TLS setting. */
export const ERR_TLS_CONFIG = 921;

// Remedies shared by several rows (one string in flash each).
const LADDER_TEXT = "Check the SIM (AT+CPIN? must say READY), the attach (AT+CGATT?) and the address (AT+CGPADDR), " +
	"that the DNS server (AT+QIDNSCFG) is not 0.0.0.0, then re-activate the PDP context with AT+CFUN=0 and AT+CFUN=1, and resend.";
const SEND_FAILED = "Check that the URL is valid and reachable, that the server accepts the method and that the PDP context " +
	"is active; if it still fails, re-activate it with AT+CFUN=0 then AT+CFUN=1 (chapter 4.4).";
const RESEND = "Resend the request (AT+QHTTPGET/AT+QHTTPPOST); if that fails too, follow chapter 4.4: " + SEND_FAILED;
const WAIT = "Wait for the pending request to end (its +QHTTPGET/+QHTTPPOST result), then retry.";
export const CODES: readonly CodeRow[] = flatRows([
	E_UNKNOWN, "HTTP(S) unknown error", "Resend the request; if it repeats over HTTPS, check the TLS settings (AT+QSSLCFG). " + SEND_FAILED, RECOVER_RESEND,
	E_TIMEOUT, "HTTP(S) timeout", RESEND, RECOVER_RESEND,
	E_BUSY, "HTTP(S) busy", WAIT + " AT+QHTTPREAD sent before the result URC also answers 703.", RECOVER_RETRY,
	E_UART_BUSY, "HTTP(S) UART busy", "Another port is in data mode and the module allows one at a time: retry after it has left data mode (chapter 4.3).", RECOVER_RETRY,
	E_NO_REQUEST, "HTTP(S) no GET/POST requests", "AT+QHTTPREAD was sent with no request done: send AT+QHTTPGET or AT+QHTTPPOST first.", RECOVER_NONE,
	E_NETWORK_BUSY, "HTTP(S) network busy", "The network is busy: retry a little later.", RECOVER_RETRY,
	E_NETWORK_OPEN, "HTTP(S) network open failed", LADDER_TEXT, RECOVER_LADDER,
	E_NETWORK_CONFIG, "HTTP(S) network no configuration", "Set the PDP context with AT+QHTTPCFG=\"contextid\",0. " + LADDER_TEXT, RECOVER_LADDER,
	E_NETWORK_DEACTIVATED, "HTTP(S) network deactivated", LADDER_TEXT, RECOVER_LADDER,
	E_NETWORK, "HTTP(S) network error", LADDER_TEXT, RECOVER_LADDER,
	E_URL, "HTTP(S) URL error", "The URL set with AT+QHTTPURL is invalid: it must start with http:// or https:// and be 1–256 bytes; a redirect to a relative Location also gives 711.", RECOVER_NONE,
	E_EMPTY_URL, "HTTP(S) empty URL", "No URL is set: set it with AT+QHTTPURL (a module restart forgets it), then resend.", RECOVER_REINIT,
	E_IP_ADDRESS, "HTTP(S) IP address error", LADDER_TEXT, RECOVER_LADDER,
	E_DNS, "HTTP(S) DNS error", "Make sure the domain name is valid (chapter 4.2). " + LADDER_TEXT, RECOVER_LADDER,
	E_SOCKET_CREATE, "HTTP(S) socket create error", SEND_FAILED, RECOVER_LADDER,
	E_SOCKET_CONNECT, "HTTP(S) socket connect error", "Check the host and port. A stale data connection also gives 716 while an address is still shown: " + SEND_FAILED, RECOVER_LADDER,
	E_SOCKET_READ, "HTTP(S) socket read error", "Resend the request (chapter 4.5); if sending fails, follow chapter 4.4.", RECOVER_RESEND,
	E_SOCKET_WRITE, "HTTP(S) socket write error", RESEND, RECOVER_RESEND,
	E_SOCKET_CLOSED, "HTTP(S) socket closed", "The server or network closed the connection: " + RESEND, RECOVER_RESEND,
	E_ENCODE, "HTTP(S) data encode error", "The module could not encode the request: check the URL and the request head for invalid characters.", RECOVER_NONE,
	E_DECODE, "HTTP(S) data decode error", "The module could not decode the answer (over HTTPS often a TLS problem: check AT+QSSLCFG). " + RESEND, RECOVER_RESEND,
	E_READ_TIMEOUT, "HTTP(S) read timeout", "The server stopped sending: " + RESEND, RECOVER_RESEND,
	E_RESPONSE_FAILED, "HTTP(S) response failed", RESEND, RECOVER_RESEND,
	E_INPUT_TIMEOUT, "Input timeout", "The data after > did not all arrive in time: send exactly the announced byte count (UTF-8 bytes, not characters) promptly, then resend.", RECOVER_RESEND,
	E_WAIT_DATA_TIMEOUT, "Wait data timeout", "The module waited too long for data: resend the request.", RECOVER_RESEND,
	E_RESPONSE_TIMEOUT, "Wait HTTP(S) response timeout", "No answer within <rsptime>: resend, with a longer <rsptime> if the server is slow; if it repeats, follow chapter 4.4.", RECOVER_RESEND,
	E_NO_MEMORY, "Memory allocation failed", "The module is out of memory: finish or abandon the previous response, use smaller packets, retry; reset the module if it persists.", RECOVER_RETRY,
	E_INVALID_PARAMETER, "Invalid parameter", "A parameter is out of range (URL 1–256 bytes, POST packet 1–2048 bytes, timeouts 1–300 s, read length 1–1024): fix the call.", RECOVER_NONE,
	ERR_TLS_CONFIG, "TLS configuration refused", "Check the AT+QSSLCFG settings (seclevel, CA certificate in PEM); the module supports only one-way or no authentication.", RECOVER_NONE,
]);

// For a code in the module's range that the note does not list; the error keeps the code it was given.
const UNKNOWN_MODULE: CodeRow = Object.freeze([0, "unknown module error", "Not in the application note: see the AT commands manual (document [2]); " + RESEND, RECOVER_RESEND] as CodeRow);

/** The row for a code: the module's, the library's own, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return rowIn(CODES, code) ?? (code >= 700 && code < 800 ? UNKNOWN_MODULE : libraryRow(code));
}

/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2): the note's texts, then the 3GPP ones. */
export function cmeCode(tokenizer: Tokenizer): number {
	return codeOfText(tokenizer, CODES);
}
