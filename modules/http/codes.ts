// HTTP framing and request-semantics failures (910s, 920) and the client's contract with its caller
// (932, 933): the response parser's and the client's own codes, in the library's one error type (quectel/errors.ts) with a row of this frozen table.
import { flatRows, lookup as libraryRow, RECOVER_NONE, RECOVER_RESEND, rowIn, type CodeRow } from "../quectel/codes.js";
import { ModemError } from "../quectel/errors.js";

export const ERR_HTTP_INCOMPLETE = 911;
export const ERR_HTTP_CHUNK = 912;
export const ERR_HTTP_HEAD_TOO_LARGE = 913;
export const ERR_HTTP_CONTENT_LENGTH = 914;
export const ERR_HTTP_MALFORMED = 915;
export const ERR_HTTP_EXTRA_DATA = 916;
export const ERR_RANGE_MISMATCH = 920;
export const ERR_CALLER_TIMEOUT = 932; // the reader took no bytes (or the writer wrote none) within callerTimeout
export const ERR_CALLBACK = 933; // a callback of the request threw: the thrown error is the cause

export const HTTP_CODES: readonly CodeRow[] = flatRows([
	ERR_HTTP_INCOMPLETE, "response ended early", RECOVER_RESEND,
	ERR_HTTP_CHUNK, "malformed chunked encoding", RECOVER_RESEND,
	ERR_HTTP_HEAD_TOO_LARGE, "response head too large", RECOVER_NONE,
	ERR_HTTP_CONTENT_LENGTH, "invalid or conflicting Content-Length", RECOVER_NONE,
	ERR_HTTP_MALFORMED, "malformed status line or header", RECOVER_RESEND,
	ERR_HTTP_EXTRA_DATA, "bytes after the end of the response", RECOVER_RESEND,
	ERR_RANGE_MISMATCH, "range answer does not match the request", RECOVER_NONE,
	ERR_CALLER_TIMEOUT, "the caller took no bytes in time", RECOVER_NONE,
	ERR_CALLBACK, "a request callback threw", RECOVER_NONE,
]);

/** The error for an HTTP failure at `step` ("response", …) with its row (an HTTP code's, else the
 *  library's); `detail` says what was seen, `cause` what led to it. */
export function httpError(code: number, step: string, detail = "", cause?: unknown): ModemError {
	return new ModemError(code, step, "", detail, rowIn(HTTP_CODES, code) ?? libraryRow(code), cause);
}
