// The request side before anything is sent: validation, once per request (caller mistakes throw
// synchronously), the URL for AT+QHTTPURL, and the request head for the module's custom-header mode
// (AT+QHTTPCFG="requestheader",1). Header values never appear in an error message: they may hold credentials.
import { decimal, isChunked, isHeader, isToken } from "./syntax.js";
import { encodeUtf8, utf8Length } from "./utf8.js";

/** bodyLength for a body streamed with unknown length: sent with Transfer-Encoding: chunked. */
export const BODY_UNKNOWN = -1;

export interface Origin {
	host: string;
	/** Omitted: 80, or 443 when secure. */
	port?: number;
	secure?: boolean;
}

/**
 * Checks a request once, before anything is built: the method and each header name must be a token,
 * the path an origin form ("/a/b?q": no CR, LF, NUL, space or other control byte), no header value may hold CR, LF or NUL (the message names the
 * header, never the value). Returns the body the headers declare, the first such header deciding: its
 * content-length, BODY_UNKNOWN for transfer-encoding: chunked, or 0.
 */
export function checkRequest(method: string, path: string, headers: Map<string, string> | undefined): number {
	if (!isToken(method)) throw new TypeError(`invalid HTTP method ${JSON.stringify(method)}: it must be a token (no CR, LF, NUL, space or separator)`);
	if (path.charCodeAt(0) !== 47) throw new TypeError("HTTP path must start with \"/\"");
	for (let i = 0; i < path.length; i++) {
		const c = path.charCodeAt(i);
		if (c <= 32 || c === 127) throw new TypeError(`HTTP path has character ${c} at ${i}: CR, LF, NUL, space and control characters are not allowed (percent-encode them)`);
	}
	let body: number | undefined;
	headers?.forEach((value, name) => {
		if (!isToken(name)) throw new TypeError(`invalid HTTP header name ${JSON.stringify(name)}: it must be a token (no CR, LF, NUL, space, ':' or separator)`);
		for (let i = 0; i < value.length; i++) {
			const c = value.charCodeAt(i);
			if (c === 13 || c === 10 || c === 0) throw new TypeError(`HTTP header ${JSON.stringify(name)} has CR, LF or NUL in its value`);
		}
		if (body !== undefined) return;
		if (isHeader(name, "content-length")) {
			const text = value.trim();
			if ((body = decimal(text)) < 0) throw new TypeError(`content-length "${text}" is not a byte count`);
		} else if (isHeader(name, "transfer-encoding") && isChunked(value)) body = BODY_UNKNOWN;
	});
	return body ?? 0;
}

/** "host" or "host:port" (port left out when it is the scheme's default), as in the URL and Host header;
 *  TypeError for a bad host, RangeError for a bad port. Made once per client. */
export function authority(origin: Origin): string {
	const host = origin.host;
	if (host.length === 0) throw new TypeError("HTTP host is empty");
	for (let i = 0; i < host.length; i++) {
		const c = host.charCodeAt(i);
		// ':' included: a port goes in origin.port, and an IPv6 literal comes in brackets.
		if (c <= 32 || c === 127 || c === 47 || c === 63 || c === 35 || c === 64 || (c === 58 && host.charCodeAt(0) !== 91)) {
			throw new TypeError(`HTTP host has character ${c} at ${i}: control characters, space, '/', '?', '#', '@' and ':' are not allowed (give the port separately)`);
		}
	}
	const port = origin.port;
	if (port === undefined || port === (origin.secure ? 443 : 80)) return host;
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`HTTP port ${port} is not an integer 1–65535`);
	return host + ":" + port;
}

/** The URL for AT+QHTTPURL of a path checkRequest() has passed, on an authority authority() has made.
 *  RangeError past `urlMax` UTF-8 bytes (the module's limit: Modem.limits). */
export function buildUrl(secure: boolean, authority: string, path: string, urlMax: number): string {
	const url = (secure ? "https://" : "http://") + authority + path;
	const bytes = utf8Length(url);
	if (bytes > urlMax) throw new RangeError(`URL is ${bytes} bytes (UTF-8); AT+QHTTPURL takes at most ${urlMax}`);
	return url;
}

/**
 * The request head, as UTF-8 bytes ending with the empty line, for the module's custom-header mode, of
 * a request checkRequest() has passed. The request line's path and the Host header match the URL that
 * buildUrl() makes from the same authority and path, as the module requires (application note 1.1.1). The
 * framing headers are this function's: the caller's host, content-length and transfer-encoding entries
 * are left out, and Content-Length: <bodyLength> (also 0 for POST, PUT and PATCH) or
 * Transfer-Encoding: chunked (bodyLength BODY_UNKNOWN) is written.
 */
export function serializeHead(method: string, authority: string, path: string, headers: Map<string, string> | undefined, bodyLength: number): Uint8Array {
	if (bodyLength !== BODY_UNKNOWN && !(Number.isInteger(bodyLength) && bodyLength >= 0)) throw new RangeError(`body length ${bodyLength} is not a byte count or BODY_UNKNOWN`);
	let head = method + " " + path + " HTTP/1.1\r\nHost: " + authority + "\r\n";
	headers?.forEach((value, name) => {
		if (!isHeader(name, "host") && !isHeader(name, "content-length") && !isHeader(name, "transfer-encoding")) head += name + ": " + value + "\r\n";
	});
	if (bodyLength === BODY_UNKNOWN) head += "Transfer-Encoding: chunked\r\n";
	else if (bodyLength > 0 || method === "POST" || method === "PUT" || method === "PATCH") head += "Content-Length: " + bodyLength + "\r\n";
	return encodeUtf8(head + "\r\n");
}
