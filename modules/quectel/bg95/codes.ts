// The BG95/BG77/BG96 HTTP(S) result codes: the QHTTP family's table (../codes.ts), with the family's 705
// naming PUT too and its own 724 and 725 (a call holds the module), with their recoveries.
import type { Tokenizer } from "../../at/tokenizer.js";
import { codeOfText, moduleCodes, moduleRow, RECOVER_NONE, RECOVER_RETRY, type CodeRow } from "../codes.js";

export const CODES: readonly CodeRow[] = moduleCodes([
	705, "HTTP(S) no GET/POST/PUT requests", RECOVER_NONE,
	724, "HTTP(S) incoming call busy", RECOVER_RETRY,
	725, "HTTP(S) voice call busy", RECOVER_RETRY,
]);

/** The row for a code: the module's, the library's own, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return moduleRow(CODES, code);
}

/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2). */
export function cmeCode(tokenizer: Tokenizer): number {
	return codeOfText(tokenizer, CODES);
}
