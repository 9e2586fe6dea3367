// A small WHATWG-shaped fetch over the HTTPClient provider: one client per origin, the body buffered
// (for the small JSON and text answers devices exchange; stream large files with Download).
import { HTTPClient, type SecureOptions } from "./client.js";
import type { Modem } from "../quectel/modem.js";
import { decodeUtf8, encodeUtf8 } from "./utf8.js";

export interface FetchInit {
	method?: string;
	headers?: Map<string, string> | Record<string, string>;
	body?: string | ArrayBuffer | Uint8Array;
}

export class Response {
	readonly status: number;
	readonly statusText: string;
	readonly headers: Map<string, string>;
	readonly url: string;
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
}

/** Returns a fetch(url, init) bound to a modem. */
export function createFetch(options: FetchOptions): (url: string, init?: FetchInit) => Promise<Response> {
	const clients = new Map<string, HTTPClient>();
	return (url, init = {}) => new Promise((resolve, reject) => {
		const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
		if (!m) throw new TypeError(`fetch: not an http(s) URL: ${url}`);
		const secure = m[1]!.toLowerCase() === "https";
		const origin = `${m[1]}://${m[2]}:${m[3] ?? ""}`;
		let client = clients.get(origin);
		if (!client) {
			if (secure && !options.secure) throw new TypeError("fetch: https needs options.secure (the CA, or verify: false)");
			client = new HTTPClient({ modem: options.modem, host: m[2]!, port: m[3] ? Number(m[3]) : undefined, secure: secure ? options.secure : undefined });
			clients.set(origin, client);
		}
		const headers = new Map<string, string>();
		if (init.headers instanceof Map) for (const [k, v] of init.headers) headers.set(k.toLowerCase(), v);
		else if (init.headers) for (const k of Object.keys(init.headers)) headers.set(k.toLowerCase(), init.headers[k]!);
		const body = typeof init.body === "string" ? encodeUtf8(init.body) : init.body instanceof ArrayBuffer ? new Uint8Array(init.body) : init.body;
		if (body) headers.set("content-length", String(body.length));
		const chunks: Uint8Array[] = [];
		let status = 0, statusText = "", responseHeaders = new Map<string, string>();
		let sent = 0;
		client.request({
			method: init.method ?? (body ? "POST" : "GET"),
			path: m[4] || "/",
			headers: headers.size ? headers : undefined,
			onWritable(count) {
				if (!body) return;
				const n = Math.min(count, body.length - sent);
				if (n > 0) this.write(body.subarray(sent, sent + n));
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
				if (error) return reject(error);
				let length = 0;
				for (const c of chunks) length += c.length;
				const all = new Uint8Array(length);
				let at = 0;
				for (const c of chunks) {
					all.set(c, at);
					at += c.length;
				}
				resolve(new Response(url, status, statusText, responseHeaders, all));
			},
		});
	});
}
