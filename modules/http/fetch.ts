// A small WHATWG-shaped fetch over the HTTPClient provider, the body buffered (for the small JSON and
// text answers devices exchange; stream large files with Download).
//
// Lifetime: a fetch keeps at most `maxClients` clients (one per origin: each holds its options, its queue
// and a timer; the request buffers are the modem's, lent to the request that runs), reuses them while they are busy or recently used, closes one idle for `idleTimeout`, and
// makes a request for a new origin wait when every client is busy with another. fetch.close() ends it:
// waiting and running requests reject with 930, every client and the timer are freed, and a later call
// rejects with 930.
import { HTTPClient, type HTTPRequest, type SecureOptions } from "./client.js";
import type { Modem } from "../quectel/modem.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import { Alarm } from "../at/io.js";
import { decodeUtf8, encodeUtf8, toBytes } from "./utf8.js";
import { decimal } from "./syntax.js";

export interface FetchInit {
	method?: string;
	headers?: Map<string, string> | Record<string, string>;
	/** A string (sent as UTF-8), an ArrayBuffer or a view of one. An object: JSON.stringify it first. */
	body?: string | ArrayBuffer | ArrayBufferView;
}

export class Response {
	// `declare`: set by the constructor; a field declaration would only cost bytecode.
	declare readonly status: number;
	declare readonly statusText: string;
	declare readonly headers: Map<string, string>;
	declare readonly url: string;
	#body: Uint8Array;

	constructor(url: string, status: number, statusText: string, headers: Map<string, string>, body: Uint8Array) {
		this.url = url;
		this.status = status;
		this.statusText = statusText;
		this.headers = headers;
		this.#body = body;
	}

	get ok(): boolean {
		return this.status >= 200 && this.status < 300;
	}

	async arrayBuffer(): Promise<ArrayBuffer> {
		return this.#body.slice().buffer as ArrayBuffer;
	}

	async text(): Promise<string> {
		return decodeUtf8(this.#body);
	}

	async json(): Promise<unknown> {
		return JSON.parse(await this.text());
	}
}

export interface FetchOptions {
	modem: Modem;
	/** For https: URLs: the CA (or verify: false). */
	secure?: SecureOptions;
	/** Clients (origins) kept at once, 1–16. Default 2. */
	maxClients?: number;
	/** Milliseconds an idle client is kept before it is closed (it is closed between one and two times
	 *  this). Default 30000. */
	idleTimeout?: number;
}

/** fetch(url, init) bound to a modem; close() frees its clients. */
export interface Fetch {
	(url: string, init?: FetchInit): Promise<Response>;
	/** Idempotent: pending requests reject with 930, every client is closed, later calls reject. */
	close(): void;
	/** Clients open now (for tests and heap budgets). */
	readonly clients: number;
}

interface Slot {
	origin: string;
	client: HTTPClient;
	busy: number; // requests queued or running on it
	idle: boolean; // idle at the last sweep: closed at the next one if still idle
}

/** Returns a fetch(url, init) bound to a modem. */
export function createFetch(options: FetchOptions): Fetch {
	if (typeof options !== "object" || options === null) throw new TypeError("createFetch: pass an options object: createFetch({ modem, secure })");
	const modem = options.modem;
	if (typeof (modem as { enqueue?: unknown } | undefined)?.enqueue !== "function") throw new TypeError("createFetch: options.modem must be a Modem");
	const maxClients = options.maxClients ?? 2;
	if (!(Number.isInteger(maxClients) && maxClients >= 1 && maxClients <= 16)) throw new RangeError("createFetch: options.maxClients must be a whole number 1–16");
	const idleTimeout = options.idleTimeout ?? 30000;
	if (!(Number.isInteger(idleTimeout) && idleTimeout >= 1)) throw new RangeError("createFetch: options.idleTimeout must be a whole number of milliseconds, at least 1");
	const slots: Slot[] = []; // least recently used first
	const waiting: (() => boolean)[] = []; // requests for a new origin while every client is busy
	let closed = false;

	// Idle clients are closed at the second sweep that finds them idle.
	const sweeper = new Alarm(modem.timer, () => {
		for (let i = slots.length - 1; i >= 0; i--) {
			const slot = slots[i]!;
			if (slot.busy) continue;
			if (slot.idle) {
				slots.splice(i, 1);
				slot.client.close();
			} else slot.idle = true;
		}
		if (slots.some((slot) => slot.busy === 0)) sweeper.arm(idleTimeout);
	});

	function released(slot: Slot): void {
		slot.busy--;
		slot.idle = false;
		while (waiting.length && waiting[0]!()) waiting.shift();
		if (slot.busy === 0 && !closed && !sweeper.armed) sweeper.arm(idleTimeout);
	}

	const fetch = ((url: string, init: FetchInit = {}) => new Promise<Response>((resolve, reject) => {
		if (closed) throw new ModemError(ERR_CLOSED, "fetch", "", "fetch.close() was called");
		if (typeof url !== "string") throw new TypeError("fetch: url must be a string such as \"http://example.com/data.json\"");
		const m = /^(https?):\/\/([^/:?#]+)(?::([^/?#]+))?([^#]*)$/i.exec(url);
		const port = m?.[3] === undefined ? undefined : decimal(m[3]);
		if (!m || port! < 0) throw new TypeError(`fetch: not an http(s) URL: ${url}`);
		if (typeof init !== "object" || init === null) throw new TypeError("fetch: init must be an object: { method, headers, body }");
		const secure = m[1]!.toLowerCase() === "https";
		if (secure && !options.secure) throw new TypeError("fetch: https needs options.secure (the CA, or verify: false)");
		const origin = `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}:${m[3] ?? ""}`;
		const headers = new Map<string, string>();
		const given = init.headers;
		if (given instanceof Map) given.forEach((v, k) => headers.set(k.toLowerCase(), v));
		else if (given) Object.keys(given).forEach((k) => headers.set(k.toLowerCase(), given[k]!));
		const source = init.body;
		let body: Uint8Array | undefined;
		if (typeof source === "string") body = encodeUtf8(source);
		else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) body = toBytes(source);
		else if (source !== undefined && source !== null) throw new TypeError(`fetch: init.body must be a string, an ArrayBuffer or a view of one, not ${typeof source}: JSON.stringify an object first`);
		if (body) headers.set("content-length", String(body.length));
		const chunks: Uint8Array[] = [];
		let status = 0, statusText = "", responseHeaders = new Map<string, string>();
		let sent = 0;
		// Sends the request on its origin's client (a new one, in an idle one's place when all are kept), or
		// returns false while every client is busy with another origin.
		const start = (): boolean => {
			if (closed) {
				reject(new ModemError(ERR_CLOSED, "fetch", "", "fetch.close() was called"));
				return true;
			}
			let at = slots.findIndex((s) => s.origin === origin);
			let slot: Slot;
			if (at >= 0) slot = slots.splice(at, 1)[0]!;
			else {
				if (slots.length >= maxClients) {
					at = slots.findIndex((s) => s.busy === 0);
					if (at < 0) return false;
					slots.splice(at, 1)[0]!.client.close();
				}
				slot = {
					origin, busy: 0, idle: false,
					client: new HTTPClient({ modem, host: m[2]!, port, secure: secure ? options.secure : undefined }),
				};
			}
			slots.push(slot);
			slot.busy++;
			slot.idle = false;
			try {
				slot.client.request({
					method: init.method ?? (body ? "POST" : "GET"),
					path: m[4] || "/",
					headers: headers.size ? headers : undefined,
					onWritable: body && function (this: HTTPRequest, count: number) {
						const n = Math.min(count, body.length - sent);
						if (n <= 0) return;
						this.write(body.subarray(sent, sent + n));
						sent += n;
					},
					onHeaders(s, h, t) {
						status = s;
						responseHeaders = h;
						statusText = t;
					},
					onReadable(count) {
						chunks.push(new Uint8Array(this.read(count) as ArrayBuffer));
					},
					onDone(error) {
						released(slot);
						if (error) return reject(error);
						let length = 0;
						for (let i = 0; i < chunks.length; i++) length += chunks[i]!.length;
						const all = new Uint8Array(length);
						for (let i = 0, at = 0; i < chunks.length; at += chunks[i++]!.length) all.set(chunks[i]!, at);
						resolve(new Response(url, status, statusText, responseHeaders, all));
					},
				});
			} catch (error) {
				released(slot);
				reject(error);
			}
			return true;
		};
		if (!start()) waiting.push(start);
	})) as Fetch;

	Object.defineProperty(fetch, "clients", { get: () => slots.length });
	fetch.close = () => {
		if (closed) return;
		closed = true;
		sweeper.close();
		slots.splice(0).forEach((slot) => slot.client.close());
		waiting.splice(0).forEach((start) => start());
	};
	return fetch;
}
