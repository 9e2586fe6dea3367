// The ECMA-419 HTTP client over the module: a drop-in host provider for Moddable's fetch
// (device.network.http = {io: HTTPClient, modem}). This is its documented surface: the options, request()
// and close(), and a request's read() and write(). Caller mistakes throw here, synchronously, before
// anything is queued; the requests run in the client's pump (pump.ts), whose contract the README states
// ("The request contract"). The module's limits (URL, packet and read sizes…) come from the modem once.
import type { Modem } from "../quectel/modem.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import type { ModemLimits } from "../quectel/job.js";
import { authority, BODY_UNKNOWN, buildUrl, checkRequest, serializeHead } from "./request.js";
import { MODE_CUSTOM, RequestPlan } from "./plan.js";
import { RequestPump } from "./pump.js";
import { tlsSettings, type SecureOptions } from "./ca.js";

export type { SecureOptions } from "./ca.js";

type Buffer = ArrayBuffer | ArrayBufferView;

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

/**
 * An ECMA-419 HTTP client over the module (Moddable's device.network.http provider). The request
 * contract: onDone exactly once per request, never inside request() or write(); a callback that throws
 * ends its request with onDone(ModemError 933, the thrown error as `cause`) and the next request runs;
 * write() past the declared content-length, or write() (the end) short of it, throws RangeError;
 * onWritable is offered again only after a write or a delay; a request waiting on its caller for
 * callerTimeout ms ends with 932. Caller mistakes throw TypeError/RangeError before anything is sent.
 */
export class HTTPClient {
	#pump: RequestPump;
	#limits: ModemLimits; // what the module allows a request (its URL, packet and read sizes…)
	#secure: boolean;
	#authority: string; // "host[:port]", checked once
	#plan = new RequestPlan();

	constructor(options: HTTPClientOptions) {
		if (typeof options !== "object" || options === null) throw new TypeError("HTTPClient: pass an options object: new HTTPClient({ modem, host })");
		const { modem, host, port, secure } = options;
		if (typeof (modem as { enqueue?: unknown } | undefined)?.enqueue !== "function") throw new TypeError("HTTPClient: options.modem must be a Modem (device.network.http.modem)");
		if (typeof host !== "string" || !host) throw new TypeError("HTTPClient: options.host must be a host name or address, e.g. \"example.com\"");
		const limits = (this.#limits = modem.limits);
		// A bad host or port, or one too long for any URL, is the caller's mistake: say so now.
		this.#authority = authority({ host, port: port === undefined ? undefined : Number(port), secure: (this.#secure = !!secure) });
		buildUrl(this.#secure, this.#authority, "/", limits.urlMax);
		callback(options.onError, "HTTPClient: options.onError");
		callback(options.onClose, "HTTPClient: options.onClose");
		let tls;
		if (secure !== undefined && secure !== null) {
			if (typeof secure !== "object") throw new TypeError("HTTPClient: options.secure must be an object: { ca: PEM } or { verify: false }");
			tls = tlsSettings(secure);
		}
		const responseTime = whole(options.responseTime, 60, 1, 300, "responseTime (seconds the module waits for the server, rsptime)");
		const headBytes = whole(options.maxHeaderBytes, 4096, 256, 65536, "maxHeaderBytes");
		const size = whole(options.bufferSize, 2 * limits.readMax, limits.readMax, 1 << 20, `bufferSize (at least one read of the module, ${limits.readMax} bytes)`);
		const callerTimeout = whole(options.callerTimeout, 60000, 1, 0x7fffffff, "callerTimeout (milliseconds)");
		this.#pump = new RequestPump(this, modem, limits.readMax, tls, responseTime, headBytes, size, callerTimeout, options);
	}

	/** Queues a request; its callbacks come later, from the client's timer. Caller mistakes throw here. */
	request(options: RequestOptions): HTTPRequest {
		if (this.#pump.closed) throw new ModemError(ERR_CLOSED, "request");
		if (typeof options !== "object" || options === null) throw new TypeError("request: pass an options object: client.request({ path, onHeaders, onReadable, onDone })");
		for (let i = 0; i < 4; i++) callback(options[CALLBACKS[i]!], "request: options." + CALLBACKS[i]);
		const method = options.method ?? "GET";
		const path = options.path || "/";
		if (typeof method !== "string") throw new TypeError("request: options.method must be a string such as \"GET\"");
		if (typeof path !== "string") throw new TypeError("request: options.path must be a string such as \"/data.json\"");
		const given = options.headers;
		if (given !== undefined && !(given instanceof Map)) throw new TypeError("request: options.headers must be a Map of name to value");
		// Header values as strings (Moddable's fetch may hold numbers); arrays are joined as HTTP allows.
		let headers: Map<string, string> | undefined;
		if (given?.size) {
			const strings = (headers = new Map());
			given.forEach((value, name) => strings.set(String(name), Array.isArray(value) ? value.join(", ") : String(value)));
		}
		const bodyLength = checkRequest(method, path, headers);
		const url = buildUrl(this.#secure, this.#authority, path, this.#limits.urlMax); // RangeError when too long, before anything is queued
		if (bodyLength !== 0 && !options.onWritable) throw new TypeError(`request: a body is declared (${bodyLength === BODY_UNKNOWN ? "transfer-encoding: chunked" : `content-length ${bodyLength}`}): give options.onWritable to write it`);
		const head = this.#plan.plan(method, headers, bodyLength, this.#limits) === MODE_CUSTOM ? serializeHead(method, this.#authority, path, headers, bodyLength) : undefined;
		return this.#pump.add(options, method, url, this.#plan, head, bodyLength);
	}

	/** Idempotent. Every request settles with 930 (the current one's module exchange is cancelled); then onClose. */
	close(): void {
		this.#pump.close();
	}
}

// An optional callback option: a function or nothing.
function callback(value: unknown, name: string): void {
	if (value !== undefined && value !== null && typeof value !== "function") throw new TypeError(`${name} must be a function`);
}

// An optional whole-number option of the client within [min, max].
function whole(value: unknown, fallback: number, min: number, max: number, option: string): number {
	if (value === undefined) return fallback;
	const name = "HTTPClient: options." + option;
	if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError(`${name} must be a whole number, ${min}–${max}`);
	if (value < min || value > max) throw new RangeError(`${name} is ${value}: it must be ${min}–${max}`);
	return value;
}

export default HTTPClient;
