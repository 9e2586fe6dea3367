// The BC660K-GL's result codes (HTTP(S) application note, chapter 5) with the recoveries of chapter 4, as
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

export const CODES: readonly CodeRow[] = flatRows([
	E_UNKNOWN, "HTTP(S) unknown error", RECOVER_RESEND,
	E_TIMEOUT, "HTTP(S) timeout", RECOVER_RESEND,
	E_BUSY, "HTTP(S) busy", RECOVER_RETRY,
	E_UART_BUSY, "HTTP(S) UART busy", RECOVER_RETRY,
	E_NO_REQUEST, "HTTP(S) no GET/POST requests", RECOVER_NONE,
	E_NETWORK_BUSY, "HTTP(S) network busy", RECOVER_RETRY,
	E_NETWORK_OPEN, "HTTP(S) network open failed", RECOVER_LADDER,
	E_NETWORK_CONFIG, "HTTP(S) network no configuration", RECOVER_LADDER,
	E_NETWORK_DEACTIVATED, "HTTP(S) network deactivated", RECOVER_LADDER,
	E_NETWORK, "HTTP(S) network error", RECOVER_LADDER,
	E_URL, "HTTP(S) URL error", RECOVER_NONE,
	E_EMPTY_URL, "HTTP(S) empty URL", RECOVER_REINIT,
	E_IP_ADDRESS, "HTTP(S) IP address error", RECOVER_LADDER,
	E_DNS, "HTTP(S) DNS error", RECOVER_LADDER,
	E_SOCKET_CREATE, "HTTP(S) socket create error", RECOVER_LADDER,
	E_SOCKET_CONNECT, "HTTP(S) socket connect error", RECOVER_LADDER,
	E_SOCKET_READ, "HTTP(S) socket read error", RECOVER_RESEND,
	E_SOCKET_WRITE, "HTTP(S) socket write error", RECOVER_RESEND,
	E_SOCKET_CLOSED, "HTTP(S) socket closed", RECOVER_RESEND,
	E_ENCODE, "HTTP(S) data encode error", RECOVER_NONE,
	E_DECODE, "HTTP(S) data decode error", RECOVER_RESEND,
	E_READ_TIMEOUT, "HTTP(S) read timeout", RECOVER_RESEND,
	E_RESPONSE_FAILED, "HTTP(S) response failed", RECOVER_RESEND,
	E_INPUT_TIMEOUT, "Input timeout", RECOVER_RESEND,
	E_WAIT_DATA_TIMEOUT, "Wait data timeout", RECOVER_RESEND,
	E_RESPONSE_TIMEOUT, "Wait HTTP(S) response timeout", RECOVER_RESEND,
	E_NO_MEMORY, "Memory allocation failed", RECOVER_RETRY,
	E_INVALID_PARAMETER, "Invalid parameter", RECOVER_NONE,
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
