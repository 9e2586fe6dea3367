// The HTTPS options checked once, when the client is made: the CA must be PEM (ASCII, at least one
// certificate block) or verification must be refused explicitly. The CA is kept as the caller gave it (a
// string from config stays in flash; bytes are the caller's), never copied: the modem converts it for its
// upload, once per module start.
import type { TlsSettings } from "../quectel/job.js";
import { toBytes } from "./utf8.js";

export interface SecureOptions {
	/** The CA that signs the server's certificate, PEM (text or bytes): one or more
	 *  `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` blocks. Required unless verify is false. */
	ca?: string | ArrayBuffer | Uint8Array;
	/** false: secllevel 0, no verification of the server. Only when asked for: never a fallback. */
	verify?: boolean;
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
const PEM_END = "-----END CERTIFICATE-----";

/** The module's TLS settings for `secure`; TypeError naming the fix when the CA is missing or not PEM. */
export function tlsSettings(secure: SecureOptions): TlsSettings {
	if (secure.verify === false) return { ca: undefined, verify: false };
	if (secure.verify !== undefined && secure.verify !== true) throw new TypeError("secure.verify must be true or false");
	const ca = secure.ca;
	if (ca === undefined || ca === null || ca === "") {
		throw new TypeError("HTTPS needs the server's CA certificate (secure.ca, PEM); to skip verification say so with secure.verify = false");
	}
	if (typeof ca !== "string" && !(ca instanceof ArrayBuffer || ArrayBuffer.isView(ca))) throw new TypeError("secure.ca must be a PEM certificate as a string, an ArrayBuffer or a Uint8Array");
	const kept = typeof ca === "string" ? ca : toBytes(ca);
	const code = typeof kept === "string" ? (i: number) => kept.charCodeAt(i) : (i: number) => kept[i]!;
	for (let i = 0; i < kept.length; i++) {
		const c = code(i); // ASCII, without SUB or ESC (they end or cancel the module's upload)
		if (c > 0x7e || c === 0x1a || c === 0x1b) throw new TypeError(`secure.ca must be a PEM certificate (ASCII text): byte ${c} at ${i}`);
	}
	if (!hasPemBlock(code, kept.length)) throw new TypeError("secure.ca is not a PEM certificate: it must hold -----BEGIN CERTIFICATE-----, base64 lines, -----END CERTIFICATE----- (the CA's .pem file as text)");
	return { ca: kept, verify: true };
}

// Whether the CA (its text or bytes, read through `code`) holds a certificate block: BEGIN, line breaks,
// then base64 and line breaks only, then END. Scanned by hand, not with a RegExp: Moddable's Linux runtime
// (SDK 8.2.3) crashed in RegExp exec over a real 1.2 KB CA, and bytes are read without making a string.
function hasPemBlock(code: (i: number) => number, length: number): boolean {
	const marks = (at: number, marker: string) => {
		for (let j = 0; j < marker.length; j++) if (code(at + j) !== marker.charCodeAt(j)) return false;
		return true;
	};
	for (let i = 0; i + PEM_BEGIN.length + PEM_END.length <= length; i++) {
		if (code(i) !== 0x2d || !marks(i, PEM_BEGIN)) continue;
		let at = i + PEM_BEGIN.length;
		let breaks = 0;
		let base64 = 0;
		for (; at < length; at++) {
			const c = code(at);
			if (c === 0x0d || c === 0x0a) breaks += base64 ? 0 : 1;
			else if (breaks && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d)) base64++;
			else break;
		}
		if (base64 && marks(at, PEM_END)) return true;
	}
	return false;
}
