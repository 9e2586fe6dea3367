// What a caller gives the client: the options and a request's interface (the documented API, which
// client.ts exports), and the checks that need nothing else, made once, synchronously: callbacks, whole
// numbers in range, the CA as PEM (ASCII, at least one certificate block) unless verification is refused
// explicitly. The CA is kept as the caller gave it (a string from config stays in flash; bytes are the
// caller's), never copied: the modem converts it for its upload, once per module start.
import type { Modem } from "../quectel/modem.js";
import type { ModemError } from "../quectel/errors.js";
import type { TlsSettings } from "../quectel/job.js";
import type { HTTPClient } from "./client.js";
import { toBytes } from "./utf8.js";

type Buffer = ArrayBuffer | ArrayBufferView;

export interface SecureOptions {
	/** The CA that signs the server's certificate, PEM (text or bytes): one or more
	 *  `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` blocks. Required unless verify is false. */
	ca?: string | ArrayBuffer | Uint8Array;
	/** false: secllevel 0, no verification of the server. Only when asked for: never a fallback. */
	verify?: boolean;
}

export interface HTTPClientOptions {
	modem: Modem;
	host: string;
	port?: number;
	/** Present: HTTPS (Moddable's device.network.https carries it). */
	secure?: SecureOptions;
	/** Seconds the module waits for the server's answer (rsptime, 1–300). Default 60. */
	responseTime?: number;
	/** Bytes of response head the client accepts (256–65536). Default 4096. */
	maxHeaderBytes?: number;
	/** Bytes of body held for the reader: at least one read of the module (1024 on the BC660K). Default
	 *  two reads (2048). */
	bufferSize?: number;
	/** Milliseconds a request may wait on its caller: bytes held for a reader that takes none while nothing
	 *  more arrives, or room offered to a writer that writes none. Then the request ends with 932 (the
	 *  module is freed, the next request runs). Default 60000. */
	callerTimeout?: number;
	/** An exception thrown by onDone or onClose, which have no request left to end. */
	onError?(error: Error): void;
	/** Called once, after close() has settled every request (never inside close()); `this` is the client. */
	onClose?(this: HTTPClient): void;
}

export interface RequestOptions {
	/** Default "GET". */
	method?: string;
	/** Origin form, "/a/b?q". Default "/". */
	path?: string;
	/** A `content-length` (a byte count) or `transfer-encoding: chunked` declares a body, which onWritable writes. */
	headers?: Map<string, string | number | string[]>;
	/** The status line and headers, once, before the body. */
	onHeaders?(this: HTTPRequest, status: number, headers: Map<string, string>, statusText: string): void;
	/** `count` bytes of body wait: take them with this.read(count). Without onReadable the body is discarded. */
	onReadable?(this: HTTPRequest, count: number): void;
	/** Room for `count` body bytes: this.write(bytes) (at most count), this.write() to end a chunked body.
	 *  Called again after a write, or after a delay when nothing was written. Required with a body. */
	onWritable?(this: HTTPRequest, count: number): void;
	/** Exactly once per request, never inside request() or write(): null, or the failure (a ModemError
	 *  with its code, step and remedy; a callback's own exception is its `cause`). */
	onDone?(this: HTTPRequest, error: ModemError | null): void;
}

export interface HTTPRequest {
	/** Body bytes: a new ArrayBuffer of at most `count` (all held by default), undefined when none. */
	read(count?: number): ArrayBuffer | undefined;
	/** Body bytes into `buffer`: returns how many. */
	read(buffer: Buffer): number;
	/** Body bytes out (at most what onWritable offered; never past content-length: RangeError); write()
	 *  alone ends the body (RangeError when short of content-length). Returns the room left. */
	write(data?: Buffer): number;
}

const CALLBACKS = ["onHeaders", "onReadable", "onWritable", "onDone"] as const;

/** A request's options, checked where they need nothing else: an object, its callbacks functions, its
 *  method and path strings (their HTTP syntax is request.ts's), its headers a Map. Returns the headers
 *  with string values (Moddable's fetch may hold numbers; arrays are joined as HTTP allows), undefined
 *  when there are none. */
export function requestHeaders(options: RequestOptions): Map<string, string> | undefined {
	if (typeof options !== "object" || options === null) throw new TypeError("request: pass an options object: client.request({ path, onHeaders, onReadable, onDone })");
	for (let i = 0; i < 4; i++) callback(options[CALLBACKS[i]!], "request: options." + CALLBACKS[i]);
	if (options.method != null && typeof options.method !== "string") throw new TypeError("request: options.method must be a string such as \"GET\"");
	if (options.path && typeof options.path !== "string") throw new TypeError("request: options.path must be a string such as \"/data.json\"");
	const given = options.headers;
	if (given !== undefined && !(given instanceof Map)) throw new TypeError("request: options.headers must be a Map of name to value");
	let headers: Map<string, string> | undefined;
	if (given?.size) {
		const strings = (headers = new Map());
		given.forEach((value, name) => strings.set(String(name), Array.isArray(value) ? value.join(", ") : String(value)));
	}
	return headers;
}

/** An optional callback option: a function or nothing; TypeError naming it otherwise. */
export function callback(value: unknown, name: string): void {
	if (value !== undefined && value !== null && typeof value !== "function") throw new TypeError(`${name} must be a function`);
}

/** An optional whole-number option of the client within [min, max]: the value, or `fallback` when absent. */
export function whole(value: unknown, fallback: number, min: number, max: number, option: string): number {
	if (value === undefined) return fallback;
	const name = "HTTPClient: options." + option;
	if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError(`${name} must be a whole number, ${min}–${max}`);
	if (value < min || value > max) throw new RangeError(`${name} is ${value}: it must be ${min}–${max}`);
	return value;
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
