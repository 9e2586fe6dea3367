// The one error type of the library: a numeric code, its meaning and where it happened (what to do about
// it is remedy() in remedies.ts, outside the core, and docs/errors.md). The layer that owns the code
// gives its row (the module's profile, http/codes.ts); the library's own codes are found here.
import { lookup, RECOVER_NONE, type CodeRow } from "./codes.js";

// Marks instances, so that `instanceof ModemError` holds even where this module was loaded twice
// (xsnap keys a module by the path it was imported with, "a/../b.js" and "b.js" being two).
const BRAND = Symbol.for("nbiot-http.ModemError");

export class ModemError extends Error {
	/** The module's result code (701–730) or ours (900–939); kept even when the table does not know it. */
	readonly code: number;
	/** Where it happened: a command name ("QHTTPURL", "QHTTPGET", "QHTTPREAD", …) or a phase ("response"). */
	readonly step: string;
	/** The AT command line that was sent, or "". Only the command line: never the data sent after `>`. */
	readonly command: string;
	/** One of RECOVER_* from codes.ts. */
	readonly recovery: number;
	/** Whether trying again (after `recovery`) can help. */
	readonly retryable: boolean;

	/**
	 * `command` is cut at its first CR or LF, so a URL or a request head passed by mistake with it
	 * (header values may hold credentials) never reaches a log. `detail` says what was seen; `row` is the
	 * code's row in its layer's table; `cause`, when given, is the error that led to this one (a
	 * callback's own exception).
	 */
	constructor(code: number, step: string, command = "", detail = "", row: CodeRow = lookup(code), cause?: unknown) {
		const line = command.split(/[\r\n]/, 1)[0]!;
		const message = `${step}: ${row[1]} (${code})${detail ? ": " + detail : ""}${line ? " after " + line : ""}`;
		if (cause === undefined) super(message);
		else super(message, { cause });
		// Own fields, defined in the constructor: nothing is assigned over a frozen Error.prototype
		// property (the override mistake in XS), and `name` is left alone for the same reason.
		this.code = code;
		this.step = step;
		this.command = line;
		this.recovery = row[2];
		this.retryable = row[2] !== RECOVER_NONE;
		(this as Record<symbol, unknown>)[BRAND] = true;
	}

	static override [Symbol.hasInstance](value: unknown): value is ModemError {
		return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
	}
}
