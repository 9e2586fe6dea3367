// How a request maps onto the module's commands. The module sends a plain GET, a ranged GET (when it has
// a command for one) and a simple POST with its own head; anything else needs custom-header mode, where
// the whole request (head and body) is written through AT+QHTTPPOST packets. The module's limits (packet
// size, content types, ranges) come from the modem at run time: this layer imports no module profile.
import { byteRange, isHeader } from "./syntax.js";

// A plan's mode is the modem's job kind (quectel/job.ts): Kind.GET (no headers of ours), Kind.GETEX (the only
// header is Range: bytes=a-b), Kind.POST (contenttype `contentType`), Kind.CUSTOM (serializeHead() and the body
// through AT+QHTTPPOST packets).
import { Kind, type ModemLimits } from "../quectel/job.js";

/**
 * One per client, reused: plan() returns a Kind and leaves the mode's numbers in the fields, so
 * nothing is allocated per request.
 */
export class RequestPlan {
	mode = Kind.CUSTOM;
	/** A GET whose only header is one closed range: its first byte and byte count (Kind.GETEX, or
	 *  Kind.CUSTOM on a module without ranges; either way the answer must be that range). */
	rangeStart = 0;
	rangeLength = 0;
	/** Kind.POST: the AT+QHTTPCFG="contenttype" value (0–3). */
	contentType = 0;

	/**
	 * bodyLength: a byte count, 0 for none, or BODY_UNKNOWN (-1) for a stream. Methods are case-sensitive
	 * ("get" is not GET); header names are not. `limits`: the modem's (Modem.limits).
	 */
	plan(method: string, headers: Map<string, string> | undefined, bodyLength: number, limits: ModemLimits): number {
		this.rangeStart = this.rangeLength = this.contentType = 0;
		if (method === "GET" && bodyLength === 0) {
			if (!headers || headers.size === 0) return (this.mode = Kind.GET);
			if (headers.size === 1) {
				const range = headers.entries().next().value!;
				if (isHeader(range[0], "range") && this.#range(range[1])) return (this.mode = limits.ranges ? Kind.GETEX : Kind.CUSTOM);
			}
		} else if (method === "POST" && bodyLength >= 1 && bodyLength <= limits.packetMax && headers) {
			// The module writes Content-Type and Content-Length itself: any other header needs custom mode.
			let type = -2; // -2: no Content-Type yet; -1: one the module cannot send; -3: another header
			headers.forEach((value, name) => {
				if (isHeader(name, "content-type") && type === -2) type = contentTypeCode(value, limits.contentTypes);
				else if (!isHeader(name, "content-length")) type = -3;
			});
			if (type >= 0) {
				this.contentType = type;
				return (this.mode = Kind.POST);
			}
		}
		return (this.mode = Kind.CUSTOM);
	}

	// "bytes=a-b" with a ≤ b (syntax.ts); open ("5-"), suffix ("-5") or several ranges are not what
	// AT+QHTTPGETEX can say.
	#range(value: string): boolean {
		const range = byteRange(value, false);
		if (!range || range[0]! > range[1]!) return false;
		this.rangeStart = range[0]!;
		this.rangeLength = range[1]! - range[0]! + 1;
		return true;
	}
}

/**
 * The index in `types` (the module's contenttype values) of a Content-Type value, or -1. The media type is compared without case
 * and with surrounding spaces ignored; any parameter (";charset=utf-8", ";boundary=…") gives -1,
 * because the module sends the bare type and would drop it: a changed charset or a lost multipart
 * boundary changes what the server reads.
 */
export function contentTypeCode(value: string, types: readonly string[]): number {
	const text = value.trim();
	for (let i = 0; i < types.length; i++) if (isHeader(text, types[i]!)) return i;
	return -1;
}
