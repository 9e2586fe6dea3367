// The BC660K-GL's result codes (HTTP(S) application note, chapter 5) with the recoveries of chapter 4: the
// QHTTP family's table (../codes.ts), whose words are this note's, with this note's 705. One frozen table,
// in flash on a device.
import type { Tokenizer } from "../../at/tokenizer.js";
import { codeOfText, moduleCodes, moduleRow, RECOVER_NONE, type CodeRow } from "../codes.js";

export const CODES: readonly CodeRow[] = moduleCodes([
	705, "HTTP(S) no GET/POST requests", RECOVER_NONE,
]);

/** The row for a code: the module's, the library's own, or a generic one (row[0] is then 0). */
export function lookup(code: number): CodeRow {
	return moduleRow(CODES, code);
}

/** The number of a verbose `+CME ERROR: <text>` (AT+CMEE=2): the note's texts, then the 3GPP ones. */
export function cmeCode(tokenizer: Tokenizer): number {
	return codeOfText(tokenizer, CODES);
}
