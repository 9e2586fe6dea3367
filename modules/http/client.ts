// The ECMA-419 HTTP client over the module: a drop-in host provider for Moddable's fetch
// (device.network.http = {io: HTTPClient, modem}). Each request becomes one modem job; the client runs
// its requests one at a time (they share its body buffer and packet buffer, allocated once), and every
// callback to the user comes from the client's own timer: never inside request(), write() or read(),
// never from inside the modem's parsing.
import type { Modem } from "../quectel/modem.js";
import { Alarm } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import { ERR_HTTP_INCOMPLETE, ERR_RANGE_MISMATCH, httpError } from "./codes.js";
import { READ_DONE, READ_MORE, READ_WAIT, type HttpJob, type TlsSettings } from "../quectel/job.js";
import { BODY_UNKNOWN, buildUrl, serializeHead, validateHeaders, validateMethod, validatePath, type Origin } from "./request.js";
import { MODE_CUSTOM, MODE_GETEX, MODE_POST_DEFAULT, POST_PACKET_MAX, RequestPlan } from "./plan.js";
import { ResponseParser } from "./response.js";
import { rangeMatches } from "./range.js";
import { chunkFraming, writeChunk, writeLastChunk } from "./chunked.js";
import { writeUtf8 } from "./utf8.js";

type Buffer = ArrayBuffer | ArrayBufferView;

export interface SecureOptions {
	/** The CA that signs the server's certificate, PEM (text or bytes). Required unless verify is false. */
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
	/** Bytes of response head the client accepts. Default 4096. */
	maxHeaderBytes?: number;
	/** Bytes of body held for the reader (≥ 1024). Default 2048. */
	bufferSize?: number;
	onError?(error: Error): void;
	onClose?(): void;
}

export interface RequestOptions {
	method?: string;
	path?: string;
	headers?: Map<string, string | number | string[]>;
	onHeaders?(this: HTTPRequest, status: number, headers: Map<string, string>, statusText: string): void;
	onReadable?(this: HTTPRequest, count: number): void;
	onWritable?(this: HTTPRequest, count: number): void;
	onDone?(this: HTTPRequest, error: Error | null): void;
}

export interface HTTPRequest {
	read(count?: number): ArrayBuffer | undefined;
	read(buffer: Buffer): number;
	write(data?: Buffer): number;
}

// A request's life in the client.
const R_QUEUED = 0;
const R_SENDING = 1; // the modem runs it; the body (if any) is being written
const R_RECEIVING = 2; // the result came; response bytes arrive
const R_DRAINING = 3; // the module is done; the reader still has bytes to take
const R_DONE = 4;

class Request implements HttpJob, HTTPRequest {
	#client: HTTPClient;
	options: RequestOptions;
	state = R_QUEUED;
	error: Error | undefined;
	// HttpJob
	kind: number;
	url: Uint8Array;
	urlLength = 0;
	tls: TlsSettings | undefined;
	rangeStart: number;
	rangeLength: number;
	contentType: number;
	responseTime: number;
	lastPacket = false;
	// what the client builds from the options
	method: string;
	path: string;
	head: Uint8Array | undefined; // KIND_CUSTOM: the request head, sent before the body
	headSent = 0;
	bodyLength: number; // declared: a byte count, 0, or BODY_UNKNOWN
	bodyWritten = 0;
	bodyEnded = false;
	headersPending: { status: number; headers: Map<string, string>; statusText: string } | undefined;

	constructor(client: HTTPClient, options: RequestOptions, kind: number, plan: RequestPlan, bodyLength: number) {
		this.#client = client;
		this.options = options;
		this.kind = kind;
		this.method = options.method ?? "GET";
		this.path = options.path || "/";
		this.rangeStart = plan.rangeStart;
		this.rangeLength = plan.rangeLength;
		this.contentType = plan.contentType;
		this.bodyLength = bodyLength;
		this.url = client.urlBuffer;
		this.tls = client.tls;
		this.responseTime = client.responseTime;
	}

	get packet(): Uint8Array {
		return this.#client.packet;
	}

	// ---- HTTPRequest, for the user ----

	read(count?: number | Buffer): any {
		return this.#client.read(this, count);
	}

	write(data?: Buffer): number {
		return this.#client.write(this, data);
	}

	// ---- HttpJob, for the modem ----

	nextPacket(): number {
		return this.#client.nextPacket(this);
	}

	packetSent(): void {
		this.#client.packetFill = 0;
	}

	onResult(status: number, contentLength: number): void {
		this.#client.onResult(this, status, contentLength);
	}

	readRoom(): number {
		return this.#client.readRoom(this);
	}

	onData(bytes: Uint8Array, start: number, end: number): void {
		this.#client.onData(this, bytes, start, end);
	}

	afterRead(actual: number, remaining: number): number {
		return this.#client.afterRead(this, actual, remaining);
	}

	onFinish(error: ModemError | undefined): void {
		this.#client.onFinish(this, error);
	}
}

export class HTTPClient {
	#modem: Modem;
	#origin: Origin;
	#onError: HTTPClientOptions["onError"];
	#alarm: Alarm;
	#requests: Request[] = [];
	#current: Request | undefined;
	#closed = false;
	#plan = new RequestPlan();
	#parser: ResponseParser;
	// The body the reader has not taken yet: a ring of fixed size.
	#body: Uint8Array;
	#bodyStart = 0;
	#bodyCount = 0;
	#notified = 0; // bytes already announced through onReadable
	// Packet being filled for AT+QHTTPPOST.
	packet: Uint8Array;
	packetFill = 0;
	urlBuffer = new Uint8Array(256);
	tls: TlsSettings | undefined;
	responseTime: number;

	constructor(options: HTTPClientOptions) {
		const { modem, host, port, secure } = options;
		if (!modem) throw new TypeError("HTTPClient needs a modem (device.network.http.modem)");
		if (typeof host !== "string" || !host) throw new TypeError("HTTPClient needs a host");
		this.#modem = modem;
		this.#origin = { host, port: port === undefined ? undefined : Number(port), secure: !!secure };
		buildUrl(this.#origin, "/"); // a bad host or port is the caller's mistake: say so now
		this.#onError = options.onError;
		if (secure) this.tls = tlsSettings(secure);
		this.responseTime = options.responseTime ?? 60;
		if (!(this.responseTime >= 1 && this.responseTime <= 300)) throw new RangeError("responseTime is 1–300 seconds");
		const size = options.bufferSize ?? 2048;
		if (!(size >= 1024)) throw new RangeError("bufferSize must be at least 1024 bytes (one AT+QHTTPREAD)");
		this.#body = new Uint8Array(size);
		this.packet = new Uint8Array(POST_PACKET_MAX);
		this.#parser = new ResponseParser({
			maxHeaderBytes: options.maxHeaderBytes ?? 4096,
			target: this,
			onHeaders: (status, headers, statusText) => this.#onHeaders(status, headers, statusText),
			onBody: (bytes, start, end) => this.#onBody(bytes, start, end),
		});
		this.#alarm = new Alarm(modem.timer, () => this.#pump());
	}

	request(options: RequestOptions): HTTPRequest {
		if (this.#closed) throw new ModemError(ERR_CLOSED, "request");
		const method = options.method ?? "GET";
		const path = options.path || "/";
		validateMethod(method);
		validatePath(path);
		const headers = normalizeHeaders(options.headers);
		validateHeaders(headers);
		buildUrl(this.#origin, path); // RangeError past 256 bytes, before anything is queued
		const bodyLength = declaredLength(headers);
		const kind = this.#plan.plan(method, headers, bodyLength);
		const request = new Request(this, options, kind, this.#plan, bodyLength);
		if (kind === MODE_CUSTOM) request.head = serializeHead(method, this.#origin, path, headers, bodyLength);
		this.#requests.push(request);
		if (!this.#current) this.#arm();
		return request;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		const current = this.#current;
		if (current && current.state !== R_DONE) {
			current.error ??= new ModemError(ERR_CLOSED, "close");
			if (current.state === R_SENDING || current.state === R_RECEIVING) this.#modem.cancel(current);
		}
		this.#arm(); // settles what is pending, then the timer goes
	}

	// ---- the pump: every user callback starts here ----

	#arm(): void {
		this.#alarm.arm(0);
	}

	#pump(): void {
		try {
			this.#deliver();
		} catch (e) {
			this.#onError?.(e as Error);
		}
	}

	#deliver(): void {
		let request = this.#current;
		if (!request) {
			if (this.#closed) return this.#settleQueue();
			request = this.#requests.shift();
			if (!request) return;
			this.#start(request);
			return;
		}
		const options = request.options;
		if (request.error) return this.#done(request, request.error);
		if (request.state === R_SENDING && request.bodyLength !== 0 && !request.bodyEnded) {
			this.#askForBody(request);
			return;
		}
		const head = request.headersPending;
		if (head) {
			request.headersPending = undefined;
			options.onHeaders?.call(request, head.status, head.headers, head.statusText);
			if (this.#current !== request) return;
		}
		if (this.#bodyCount > this.#notified) {
			this.#notified = this.#bodyCount;
			options.onReadable?.call(request, this.#bodyCount);
			if (this.#current !== request) return;
			if (this.#bodyCount < this.#body.length) this.#modem.resume(request);
		}
		if (request.state === R_DRAINING && this.#bodyCount === 0) this.#done(request, null);
	}

	#start(request: Request): void {
		if (this.#closed) return this.#settleQueue(request);
		this.#current = request;
		this.#bodyStart = this.#bodyCount = this.#notified = 0;
		this.packetFill = 0;
		if (request.head) this.#loadHead(request);
		request.urlLength = writeUtf8(buildUrl(this.#origin, request.path), this.urlBuffer, 0);
		request.state = R_SENDING;
		this.#parser.reset(request.method !== "HEAD");
		this.#modem.enqueue(request);
		if (request.bodyLength !== 0) this.#arm();
	}

	#done(request: Request, error: Error | null): void {
		if (request.state === R_SENDING || request.state === R_RECEIVING) this.#modem.cancel(request);
		request.state = R_DONE;
		this.#current = undefined;
		this.#bodyCount = 0;
		if (this.#requests.length || this.#closed) this.#arm();
		request.options.onDone?.call(request, error);
	}

	#settleQueue(first?: Request): void {
		const pending = this.#requests.splice(0, this.#requests.length);
		if (first) pending.unshift(first);
		this.#alarm.close();
		for (const request of pending) {
			request.state = R_DONE;
			request.options.onDone?.call(request, new ModemError(ERR_CLOSED, "close"));
		}
		(this as any).onClose?.();
	}

	// ---- the body going out ----

	// The request head goes first into the packet; a head longer than a packet spans several.
	#loadHead(request: Request): void {
		const head = request.head!;
		const n = Math.min(head.length - request.headSent, this.packet.length - this.packetFill);
		this.packet.set(head.subarray(request.headSent, request.headSent + n), this.packetFill);
		this.packetFill += n;
		request.headSent += n;
	}

	// Room the user may write now, in body bytes (chunk framing kept aside).
	#room(request: Request): number {
		if (request.head && request.headSent < request.head.length) return 0;
		let free = this.packet.length - this.packetFill;
		if (request.bodyLength === BODY_UNKNOWN) free -= chunkFraming(free) + 5; // and room for "0\r\n\r\n"
		else free = Math.min(free, request.bodyLength - request.bodyWritten);
		return free > 0 ? free : 0;
	}

	#askForBody(request: Request): void {
		const room = this.#room(request);
		if (room > 0) {
			const before = this.packetFill;
			request.options.onWritable?.call(request, room);
			if (this.#current === request && this.packetFill !== before && !request.bodyEnded && this.#room(request) > 0) this.#arm();
		}
		this.#modem.resume(request);
	}

	write(request: Request, data?: Buffer): number {
		if (request !== this.#current || request.state !== R_SENDING) throw new Error("write: the request is not sending its body");
		if (data === undefined) {
			if (request.bodyLength === BODY_UNKNOWN && !request.bodyEnded) {
				this.packetFill = writeLastChunk(this.packet, this.packetFill);
				request.bodyEnded = true;
				this.#modem.resume(request);
			}
			return 0;
		}
		const bytes = toBytes(data);
		if (request.bodyLength !== BODY_UNKNOWN && request.bodyWritten + bytes.length > request.bodyLength) {
			throw new RangeError(`write: ${request.bodyWritten + bytes.length} bytes is more than the declared content-length ${request.bodyLength}`);
		}
		if (bytes.length > this.#room(request)) throw new RangeError(`write: ${bytes.length} bytes is more than the ${this.#room(request)} onWritable offered`);
		if (bytes.length === 0) return this.#room(request);
		if (request.bodyLength === BODY_UNKNOWN) this.packetFill = writeChunk(this.packet, this.packetFill, bytes, 0, bytes.length);
		else {
			this.packet.set(bytes, this.packetFill);
			this.packetFill += bytes.length;
		}
		request.bodyWritten += bytes.length;
		if (request.bodyWritten === request.bodyLength) request.bodyEnded = true;
		this.#modem.resume(request);
		return this.#room(request);
	}

	// The modem asks for the next AT+QHTTPPOST packet: the head first (custom mode), then the body.
	nextPacket(request: Request): number {
		const head = request.head;
		if (head && request.headSent < head.length) {
			this.#loadHead(request);
			if (request.headSent < head.length) {
				request.lastPacket = false;
				return this.packetFill;
			}
		}
		const full = this.packetFill === this.packet.length || (request.bodyLength === BODY_UNKNOWN && this.#room(request) === 0);
		const ended = request.bodyLength === 0 || request.bodyEnded;
		if (ended || (full && request.kind === MODE_CUSTOM)) {
			request.lastPacket = ended;
			if (this.packetFill > 0) return this.packetFill;
			if (ended && request.kind === MODE_CUSTOM && !head) return -1;
		}
		this.#arm(); // ask the user for more
		return -1;
	}

	// ---- the response coming in ----

	onResult(request: Request, _status: number, _contentLength: number): void {
		if (request.state === R_SENDING) request.state = R_RECEIVING;
	}

	readRoom(request: Request): number {
		if (request !== this.#current || request.error) return 1024; // drain what the module holds
		return this.#body.length - this.#bodyCount;
	}

	onData(request: Request, bytes: Uint8Array, start: number, end: number): void {
		if (request !== this.#current || request.error) return;
		if (this.#parser.execute(bytes, start, end) !== 0) request.error = this.#parser.error;
	}

	afterRead(request: Request, actual: number, remaining: number): number {
		if (request !== this.#current || request.error) return READ_DONE;
		const parser = this.#parser;
		if (!parser.complete && actual === 0 && remaining === 0) {
			// The module has given everything it will: a body without framing ends here.
			if (parser.finish() !== 0) request.error = parser.error;
		}
		if (this.#bodyCount > this.#notified || request.headersPending) this.#arm();
		if (parser.complete || request.error) return READ_DONE;
		// Nothing read is never progress, whatever `remaining` says: the modem polls with a growing delay
		// within its readTimeout (a module repeating +QHTTPREAD: 0,<n> must not be read in a tight loop).
		return actual > 0 ? READ_MORE : READ_WAIT;
	}

	onFinish(request: Request, error: ModemError | undefined): void {
		if (request.state === R_DONE) return;
		if (error) request.error ??= error;
		else if (!this.#parser.complete && !request.error) request.error = httpError(ERR_HTTP_INCOMPLETE, "response");
		request.state = R_DRAINING;
		this.#arm();
	}

	#onHeaders(status: number, headers: Map<string, string>, statusText: string): void {
		const request = this.#current!;
		if (request.kind === MODE_GETEX && !rangeMatches(status, headers.get("content-range"), request.rangeStart, request.rangeLength)) {
			request.error = httpError(ERR_RANGE_MISMATCH, "response", `status ${status}, content-range ${headers.get("content-range") ?? "none"}`);
			return;
		}
		request.headersPending = { status, headers, statusText };
	}

	#onBody(bytes: Uint8Array, start: number, end: number): void {
		const request = this.#current!;
		if (request.error) return;
		const body = this.#body;
		let at = (this.#bodyStart + this.#bodyCount) % body.length;
		const n = end - start;
		if (n > body.length - this.#bodyCount) { // cannot happen: reads never ask for more than the room
			request.error = httpError(ERR_HTTP_INCOMPLETE, "response", "body buffer overrun");
			return;
		}
		const first = Math.min(n, body.length - at);
		body.set(bytes.subarray(start, start + first), at);
		if (first < n) body.set(bytes.subarray(start + first, end), 0);
		this.#bodyCount += n;
	}

	read(request: Request, count?: number | Buffer): ArrayBuffer | number | undefined {
		if (request !== this.#current) throw new Error("read: not the current request");
		const body = this.#body;
		let target: Uint8Array | undefined;
		let n: number;
		if (typeof count === "object") {
			target = toBytes(count);
			n = Math.min(target.length, this.#bodyCount);
		} else n = Math.min(count ?? this.#bodyCount, this.#bodyCount);
		if (!target) {
			if (n === 0) return undefined;
			target = new Uint8Array(n);
		}
		const first = Math.min(n, body.length - this.#bodyStart);
		target.set(body.subarray(this.#bodyStart, this.#bodyStart + first), 0);
		if (first < n) target.set(body.subarray(0, n - first), first);
		this.#bodyStart = (this.#bodyStart + n) % body.length;
		this.#bodyCount -= n;
		this.#notified = Math.min(this.#notified, this.#bodyCount);
		if (n > 0) {
			this.#modem.resume(request);
			if (request.state === R_DRAINING && this.#bodyCount === 0) this.#arm();
		}
		return typeof count === "object" ? n : (target.buffer as ArrayBuffer);
	}
}

function tlsSettings(secure: SecureOptions): TlsSettings {
	if (secure.verify === false) return { ca: undefined, verify: false };
	const ca = secure.ca;
	if (ca === undefined || ca === null || (typeof ca === "string" && !ca.length)) {
		throw new TypeError("HTTPS needs the server's CA certificate (secure.ca, PEM); to skip verification say so with secure.verify = false");
	}
	if (typeof ca === "string") {
		const bytes = new Uint8Array(ca.length);
		for (let i = 0; i < ca.length; i++) {
			const c = ca.charCodeAt(i);
			if (c > 0x7e || c === 0x1a || c === 0x1b) throw new TypeError("secure.ca must be a PEM certificate (ASCII text)");
			bytes[i] = c;
		}
		return { ca: bytes, verify: true };
	}
	return { ca: toBytes(ca).slice(), verify: true };
}

function toBytes(data: Buffer): Uint8Array {
	if (data instanceof Uint8Array) return data;
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	throw new TypeError("expected an ArrayBuffer or a view of one");
}

// Header values as strings (Moddable's fetch may hold numbers); arrays are joined as HTTP allows.
function normalizeHeaders(headers: RequestOptions["headers"]): Map<string, string> | undefined {
	if (!headers || headers.size === 0) return undefined;
	const result = new Map<string, string>();
	for (const [name, value] of headers) result.set(String(name), Array.isArray(value) ? value.join(", ") : String(value));
	return result;
}

// The body a request declares: Content-Length, a chunked stream, or none.
function declaredLength(headers: Map<string, string> | undefined): number {
	if (!headers) return 0;
	for (const [name, value] of headers) {
		const lower = name.toLowerCase();
		if (lower === "content-length") {
			const text = value.trim();
			if (!/^\d{1,15}$/.test(text)) throw new TypeError(`content-length "${text}" is not a byte count`);
			return Number(text);
		}
		if (lower === "transfer-encoding" && /(^|,)\s*chunked\s*$/i.test(value)) return BODY_UNKNOWN;
	}
	return 0;
}

export default HTTPClient;
