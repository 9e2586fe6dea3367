// The ECMA-419 HTTP client over the module: a drop-in host provider for Moddable's fetch
// (device.network.http = {io: HTTPClient, modem}). Each request becomes one modem job; the client runs
// its requests one at a time, and every callback to the user comes from the client's own timer: never
// inside request(), write() or read(), never from inside the modem's parsing.
//
// RAM: a client holds its options and its queue, no buffer. The bytes a request needs (the POST packet,
// the URL, the response head, the body ring) are the modem's one request set (quectel/buffers.ts),
// borrowed when a request starts and given back when it has settled (onDone): a request draining its
// body for a slow reader keeps it, and the next request (of any client on the modem) waits. The set
// serves as packet and URL while the request is sent, as the head line buffer while the head is parsed,
// then as the body ring of bufferSize bytes. The CA is kept as the caller gave it, never copied.
//
// The contract, enforced here (README, "The request contract"):
// - onDone is called exactly once per request, never synchronously inside request() or write();
// - a callback that throws ends its request with onDone(error) (code 933, the thrown error as `cause`);
//   the module is freed and the next request runs;
// - write() past the declared content-length throws RangeError and sends nothing; write() (the end)
//   short of it throws RangeError with both counts;
// - onWritable is offered room again only after the caller wrote, or after a delay (20 ms doubling to
//   1 s): never in a loop;
// - a request that waits on its caller (bytes held for a reader that takes none, room offered to a
//   writer that writes none) for callerTimeout ms ends with 932 and frees the module.
//
// The plumbing the modem calls (the HttpJob side of a request) and the client's buffers are #private:
// the request class is `static #Request`, as in Moddable's httpclient.js, so the .d.ts shows only
// request(), close() and the request's read() and write().
import type { Modem } from "../quectel/modem.js";
import { Alarm } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import { ERR_CALLBACK, ERR_CALLER_TIMEOUT, ERR_HTTP_INCOMPLETE, ERR_RANGE_MISMATCH, httpError } from "./codes.js";
import { READ_DONE, READ_MORE, READ_WAIT, type HttpJob, type ModemLimits, type TlsSettings } from "../quectel/job.js";
import { BODY_UNKNOWN, buildUrl, checkRequest, serializeHead, type Origin } from "./request.js";
import { MODE_CUSTOM, RequestPlan } from "./plan.js";
import { ResponseParser } from "./response.js";
import type { Borrower, RequestBuffers } from "../quectel/buffers.js";
import { rangeMatches } from "./range.js";
import { chunkFraming, writeChunk, writeLastChunk } from "./chunked.js";
import { writeUtf8 } from "./utf8.js";

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

// A request's life in the client.
const R_QUEUED = 0;
const R_SENDING = 1; // the modem runs it; the body (if any) is being written
const R_RECEIVING = 2; // the result came; response bytes arrive
const R_DRAINING = 3; // the module is done; the reader still has bytes to take
const R_DONE = 4;

// What the client's alarm is armed for.
const W_WORK = 0; //   something to deliver: at the next turn
const W_WRITER = 1; // the writer wrote nothing: offer room again after a delay
const W_READER = 2; // bytes wait for a reader that took none: callerTimeout

const CALLBACKS = ["onHeaders", "onReadable", "onWritable", "onDone"] as const;

const WRITER_DELAY_MIN = 20;
const WRITER_DELAY_MAX = 1000;

// What the client keeps per request (the #Request class below is its only shape).
interface Job extends HttpJob, HTTPRequest {
	packet: Uint8Array; // set when the request starts
	options: RequestOptions;
	state: number;
	error: ModemError | undefined;
	method: string;
	href: string; // the URL, checked when the request was made; written into url when it starts
	head: Uint8Array | undefined; // KIND_CUSTOM: the request head, sent before the body
	headSent: number;
	bodyLength: number; // declared: a byte count, 0, or BODY_UNKNOWN
	bodyWritten: number;
	bodyEnded: boolean;
	headersPending: { status: number; headers: Map<string, string>; statusText: string } | undefined;
	lastPacket: boolean;
}

/**
 * An ECMA-419 HTTP client over the module (Moddable's device.network.http provider). The request
 * contract: onDone exactly once per request, never inside request() or write(); a callback that throws
 * ends its request with onDone(ModemError 933, the thrown error as `cause`) and the next request runs;
 * write() past the declared content-length, or write() (the end) short of it, throws RangeError;
 * onWritable is offered again only after a write or a delay; a request waiting on its caller for
 * callerTimeout ms ends with 932. Caller mistakes throw TypeError/RangeError before anything is sent.
 */
export class HTTPClient {
	// A request's own methods (the user's read and write, the modem's HttpJob hooks) work here on the
	// client's #private state; the client keeps the queue, the pump and the buffers.
	static #Request = class implements Job {
		#client: HTTPClient;
		// `declare`: set by the constructor or later; a field declaration would only cost bytecode.
		declare options: RequestOptions;
		state = R_QUEUED;
		declare error: ModemError | undefined;
		// HttpJob
		declare kind: number;
		declare url: Uint8Array; // url and packet: the modem's, lent while the request holds the set
		declare packet: Uint8Array; // the AT+QHTTPPOST packet being filled
		urlLength = 0;
		declare tls: TlsSettings | undefined;
		declare rangeStart: number;
		declare rangeLength: number;
		declare contentType: number;
		declare responseTime: number;
		lastPacket = false;
		// what the client builds from the options
		declare method: string;
		declare href: string;
		declare head: Uint8Array | undefined;
		headSent = 0;
		declare bodyLength: number;
		bodyWritten = 0;
		bodyEnded = false;
		declare headersPending: Job["headersPending"];

		constructor(client: HTTPClient, options: RequestOptions, method: string, href: string, kind: number, plan: RequestPlan, bodyLength: number) {
			this.#client = client;
			this.options = options;
			this.kind = kind;
			this.method = method;
			this.href = href;
			this.rangeStart = plan.rangeStart;
			this.rangeLength = plan.rangeLength;
			this.contentType = plan.contentType;
			this.bodyLength = bodyLength;
			this.tls = client.#tls;
			this.responseTime = client.#responseTime;
		}

		// ---- HTTPRequest, for the user ----

		read(count?: number | Buffer): any {
			const client = this.#client;
			if (this !== client.#current) throw new Error("read: this request is not the one receiving (read only from onReadable, before onDone)");
			const body = client.#body!, size = client.#bodySize;
			let target: Uint8Array | undefined;
			let n: number;
			if (typeof count === "object") {
				target = toBytes(count);
				n = Math.min(target.length, client.#bodyCount);
			} else {
				if (count !== undefined && !(typeof count === "number" && count >= 0)) throw new TypeError("read: count must be a byte count, or a buffer to fill");
				n = Math.min(count ?? client.#bodyCount, client.#bodyCount);
			}
			if (!target) {
				if (n === 0) return undefined;
				target = new Uint8Array(n);
			}
			const first = Math.min(n, size - client.#bodyStart);
			target.set(body.subarray(client.#bodyStart, client.#bodyStart + first), 0);
			if (first < n) target.set(body.subarray(0, n - first), first);
			client.#bodyStart = (client.#bodyStart + n) % size;
			client.#bodyCount -= n;
			client.#notified = Math.min(client.#notified, client.#bodyCount);
			if (n > 0) {
				client.#taken = true;
				client.#modem.resume(this);
				if (this.state === R_DRAINING && client.#bodyCount === 0) client.#arm();
			}
			return typeof count === "object" ? n : (target.buffer as ArrayBuffer);
		}

		write(data?: Buffer): number {
			const client = this.#client;
			if (this !== client.#current || this.state !== R_SENDING || this.error) throw new Error("write: this request is not sending its body (write only from onWritable, before the response)");
			const length = this.bodyLength, written = this.bodyWritten;
			if (data === undefined) {
				if (this.bodyEnded || length === 0) return 0;
				if (length !== BODY_UNKNOWN) throw new RangeError(`write(): the body ends after ${written} bytes but its content-length is ${length}: write the other ${length - written} first`);
				client.#packetFill = writeLastChunk(this.packet, client.#packetFill);
				this.bodyEnded = true;
			} else {
				const bytes = toBytes(data), n = bytes.length, room = client.#room(this);
				if (this.bodyEnded) throw new RangeError("write: the body has ended (all of its content-length was written, or write() was called)");
				if (length !== BODY_UNKNOWN && written + n > length) throw new RangeError(`write: ${written + n} bytes is more than the declared content-length ${length}; nothing of this write was sent`);
				if (n > room) throw new RangeError(`write: ${n} bytes is more than the ${room} onWritable offered; nothing of this write was sent`);
				if (n === 0) return room;
				if (length === BODY_UNKNOWN) client.#packetFill = writeChunk(this.packet, client.#packetFill, bytes, 0, n);
				else {
					this.packet.set(bytes, client.#packetFill);
					client.#packetFill += n;
				}
				this.bodyWritten = written + n;
				if (written + n === length) this.bodyEnded = true;
			}
			client.#waiting = W_WORK; // the writer is active: when the modem wants more, ask at once
			client.#modem.resume(this);
			return this.bodyEnded ? 0 : client.#room(this);
		}

		// ---- HttpJob, for the modem ----

		// The modem asks for the next AT+QHTTPPOST packet: the head first (custom mode), then the body.
		nextPacket(): number {
			const client = this.#client;
			const head = this.head;
			if (head && this.headSent < head.length) {
				client.#loadHead(this);
				if (this.headSent < head.length) {
					this.lastPacket = false;
					return client.#packetFill;
				}
			}
			const full = client.#packetFill === this.packet.length || (this.bodyLength === BODY_UNKNOWN && client.#room(this) === 0);
			const ended = this.bodyLength === 0 || this.bodyEnded;
			if (ended || (full && this.kind === MODE_CUSTOM)) {
				this.lastPacket = ended;
				if (client.#packetFill > 0) return client.#packetFill;
				if (ended && this.kind === MODE_CUSTOM && !head) return -1;
			}
			// Ask the user for more, unless a writer that wrote nothing is waiting out its delay.
			if (!(client.#waiting === W_WRITER && client.#alarm.armed)) client.#arm();
			return -1;
		}

		packetSent(): void {
			this.#client.#packetFill = 0;
		}

		onResult(): void {
			if (this.state === R_SENDING) this.state = R_RECEIVING;
		}

		readRoom(): number {
			const client = this.#client;
			if (this !== client.#current || this.error) return client.#limits.readMax; // drain what the module holds
			return client.#bodySize - client.#bodyCount;
		}

		onData(bytes: Uint8Array, start: number, end: number): void {
			const client = this.#client;
			if (this !== client.#current || this.error) return;
			if (client.#parser.execute(bytes, start, end) !== 0) this.error = client.#parser.error;
		}

		afterRead(actual: number, remaining: number): number {
			const client = this.#client, parser = client.#parser;
			if (this !== client.#current || this.error) return READ_DONE;
			if (!parser.complete && actual === 0 && remaining === 0) {
				// The module has given everything it will: a body without framing ends here.
				if (parser.finish() !== 0) this.error = parser.error;
			}
			if (client.#bodyCount > client.#notified || this.headersPending || this.error) client.#arm();
			if (parser.complete || this.error) return READ_DONE;
			// Nothing read is never progress, whatever `remaining` says: the modem polls with a growing delay
			// within its readTimeout (a module repeating +QHTTPREAD: 0,<n> must not be read in a tight loop).
			return actual > 0 ? READ_MORE : READ_WAIT;
		}

		onFinish(error: ModemError | undefined): void {
			if (this.state === R_DONE) return;
			if (error) this.error ??= error;
			else if (!this.#client.#parser.complete && !this.error) this.error = httpError(ERR_HTTP_INCOMPLETE, "response");
			this.state = R_DRAINING;
			this.#client.#arm();
		}
	};

	#modem: Modem;
	#limits: ModemLimits; // what the module allows a request (its URL, packet and read sizes…)
	#origin: Origin;
	#onError: HTTPClientOptions["onError"];
	#onClose: HTTPClientOptions["onClose"];
	#alarm: Alarm;
	#waiting = W_WORK;
	#requests: Job[] = [];
	#current: Job | undefined;
	#closed = false;
	#plan = new RequestPlan();
	#parser: ResponseParser;
	#callback = ""; // the user callback running now, for the error that ends its request
	#callerTimeout: number;
	// The modem's request set, lent while a request runs (#start to #done): the packet and the URL are
	// its views, the body ring its first bufferSize bytes.
	#buffers: RequestBuffers;
	#borrower: Borrower = { onLent: () => this.#arm() };
	#need: number; // bytes this client needs of the set: max(bufferSize, maxHeaderBytes)
	// The body the reader has not taken yet: a ring of #bodySize bytes in the lent set.
	#body: Uint8Array | undefined;
	#bodySize: number;
	#bodyStart = 0;
	#bodyCount = 0;
	#notified = 0; // bytes already announced through onReadable
	#taken = false; // the reader took bytes since the reader's deadline was set
	#writerDelay = 0;
	#writerWaited = 0;
	#packetFill = 0; // bytes in the current request's packet
	#tls: TlsSettings | undefined;
	#responseTime: number;

	constructor(options: HTTPClientOptions) {
		if (typeof options !== "object" || options === null) throw new TypeError("HTTPClient: pass an options object: new HTTPClient({ modem, host })");
		const { modem, host, port, secure } = options;
		if (typeof (modem as { enqueue?: unknown } | undefined)?.enqueue !== "function") throw new TypeError("HTTPClient: options.modem must be a Modem (device.network.http.modem)");
		if (typeof host !== "string" || !host) throw new TypeError("HTTPClient: options.host must be a host name or address, e.g. \"example.com\"");
		this.#modem = modem;
		const limits = (this.#limits = modem.limits);
		this.#origin = { host, port: port === undefined ? undefined : Number(port), secure: !!secure };
		buildUrl(this.#origin, "/", limits.urlMax); // a bad host or port is the caller's mistake: say so now
		this.#onError = callback(options.onError, "HTTPClient: options.onError");
		this.#onClose = callback(options.onClose, "HTTPClient: options.onClose");
		if (secure !== undefined && secure !== null) {
			if (typeof secure !== "object") throw new TypeError("HTTPClient: options.secure must be an object: { ca: PEM } or { verify: false }");
			this.#tls = tlsSettings(secure);
		}
		this.#responseTime = whole(options.responseTime, 60, 1, 300, "responseTime (seconds the module waits for the server, rsptime)");
		const headBytes = whole(options.maxHeaderBytes, 4096, 256, 65536, "maxHeaderBytes");
		const size = whole(options.bufferSize, 2 * limits.readMax, limits.readMax, 1 << 20, `bufferSize (at least one read of the module, ${limits.readMax} bytes)`);
		this.#callerTimeout = whole(options.callerTimeout, 60000, 1, 0x7fffffff, "callerTimeout (milliseconds)");
		this.#bodySize = size;
		this.#need = Math.max(size, headBytes);
		this.#buffers = modem.buffers;
		this.#parser = new ResponseParser({
			maxHeaderBytes: headBytes,
			lent: true,
			target: this, // the parser calls the client's own handlers on it
			onHeaders: this.#onHeaders,
			onBody: this.#onBody,
		});
		this.#alarm = new Alarm(modem.timer, () => this.#pump());
	}

	/** Queues a request; its callbacks come later, from the client's timer. Caller mistakes throw here. */
	request(options: RequestOptions): HTTPRequest {
		if (this.#closed) throw new ModemError(ERR_CLOSED, "request");
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
		const url = buildUrl(this.#origin, path, this.#limits.urlMax); // RangeError when too long, before anything is queued
		if (bodyLength !== 0 && !options.onWritable) throw new TypeError(`request: a body is declared (${bodyLength === BODY_UNKNOWN ? "transfer-encoding: chunked" : `content-length ${bodyLength}`}): give options.onWritable to write it`);
		const kind = this.#plan.plan(method, headers, bodyLength, this.#limits);
		const request = new HTTPClient.#Request(this, options, method, url, kind, this.#plan, bodyLength);
		if (kind === MODE_CUSTOM) request.head = serializeHead(method, this.#origin, path, headers, bodyLength);
		this.#requests.push(request);
		if (!this.#current) this.#arm();
		return request;
	}

	/** Idempotent. Every request settles with 930 (the current one's module exchange is cancelled); then onClose. */
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

	// ---- the pump: every user callback starts here, and nothing it throws goes further ----

	#arm(): void {
		this.#waiting = W_WORK;
		this.#alarm.arm(0);
	}

	#wait(what: number, ms: number): void {
		this.#waiting = what;
		this.#alarm.arm(ms);
	}

	#pump(): void {
		const waited = this.#waiting;
		this.#waiting = W_WORK;
		const request = this.#current;
		try {
			if (waited === W_READER && request && !request.error && !this.#taken && this.#bodyCount > 0) {
				request.error = httpError(ERR_CALLER_TIMEOUT, "onReadable", `${this.#bodyCount} bytes were not taken in ${this.#callerTimeout} ms`);
			}
			this.#deliver();
		} catch (e) {
			// A user callback threw (or, the same to the user, the client failed): its request ends with it.
			const current = this.#current;
			if (current && current.state !== R_DONE) {
				current.error ??= httpError(ERR_CALLBACK, this.#callback || "client", String((e as Error)?.message ?? e), e);
				this.#arm();
			} else this.#report(e);
		}
		this.#callback = "";
	}

	#deliver(): void {
		let request = this.#current;
		if (!request) {
			if (this.#closed) return this.#settleQueue();
			if (!this.#requests.length) return;
			// The modem's request set first: when another request holds it, onLent() says when it is ours.
			if (!this.#buffers.borrow(this.#borrower, this.#need)) return;
			this.#start(this.#requests.shift()!);
			return;
		}
		const options = request.options;
		if (request.error) return this.#done(request, request.error);
		if (request.state === R_SENDING && request.bodyLength !== 0 && !request.bodyEnded) return this.#askForBody(request);
		const head = request.headersPending;
		if (head) {
			request.headersPending = undefined;
			this.#callback = "onHeaders";
			options.onHeaders?.call(request, head.status, head.headers, head.statusText);
			this.#callback = "";
			if (request.error) return this.#arm();
		}
		if (this.#bodyCount > this.#notified) {
			this.#notified = this.#bodyCount;
			this.#taken = false;
			this.#callback = "onReadable";
			options.onReadable?.call(request, this.#bodyCount);
			this.#callback = "";
			if (request.error) return this.#arm();
			if (this.#bodyCount < this.#bodySize) this.#modem.resume(request);
		}
		if (request.state === R_DRAINING && this.#bodyCount === 0) return this.#done(request, null);
		// Bytes wait for the reader and nothing else is due: the reader has callerTimeout to take some.
		if (this.#bodyCount > 0 && !this.#alarm.armed) {
			this.#taken = false;
			this.#wait(W_READER, this.#callerTimeout);
		}
	}

	#start(request: Job): void {
		const buffers = this.#buffers;
		this.#current = request;
		this.#body = buffers.bytes!;
		request.packet = buffers.packet!;
		request.url = buffers.url!;
		this.#bodyStart = this.#bodyCount = this.#notified = 0;
		this.#packetFill = 0;
		this.#writerDelay = this.#writerWaited = 0;
		if (request.head) this.#loadHead(request);
		request.urlLength = writeUtf8(request.href, request.url, 0);
		request.state = R_SENDING;
		this.#parser.reset(request.method !== "HEAD", this.#body);
		try {
			this.#modem.enqueue(request);
		} catch (e) {
			request.error = e instanceof ModemError ? e : new ModemError(ERR_CLOSED, "enqueue", "", String((e as Error)?.message ?? e), undefined, e);
			request.state = R_DRAINING;
			return this.#arm();
		}
		if (request.bodyLength !== 0) this.#arm();
	}

	#done(request: Job, error: ModemError | null): void {
		if (request.state === R_SENDING || request.state === R_RECEIVING) this.#modem.cancel(request);
		request.state = R_DONE;
		this.#current = undefined;
		this.#bodyCount = this.#notified = 0;
		// Settled: the set goes back to the modem (and on to a request waiting for it).
		this.#body = undefined;
		this.#buffers.release(this.#borrower);
		if (this.#requests.length || this.#closed) this.#arm();
		this.#settle(request, error);
	}

	// onDone, once; what it throws has no request left to end: onError.
	#settle(request: Job, error: ModemError | null): void {
		try {
			request.options.onDone?.call(request, error);
		} catch (e) {
			this.#report(e);
		}
	}

	#report(error: unknown): void {
		try {
			this.#onError?.call(this, error as Error);
		} catch {
			// nowhere left to report to; never out of a timer callback
		}
	}

	#settleQueue(): void {
		const pending = this.#requests.splice(0);
		this.#buffers.release(this.#borrower); // no longer waiting for the set
		this.#alarm.close();
		for (let i = 0; i < pending.length; i++) {
			pending[i]!.state = R_DONE;
			this.#settle(pending[i]!, new ModemError(ERR_CLOSED, "close"));
		}
		// Once: this runs only from the client's alarm, closed above.
		try {
			this.#onClose?.call(this);
		} catch (e) {
			this.#report(e);
		}
	}

	// ---- the body going out ----

	// The request head goes first into the packet; a head longer than a packet spans several.
	#loadHead(request: Job): void {
		const head = request.head!;
		const packet = request.packet;
		const n = Math.min(head.length - request.headSent, packet.length - this.#packetFill);
		packet.set(head.subarray(request.headSent, request.headSent + n), this.#packetFill);
		this.#packetFill += n;
		request.headSent += n;
	}

	// Room the user may write now, in body bytes (chunk framing kept aside).
	#room(request: Job): number {
		if (request.head && request.headSent < request.head.length) return 0;
		let free = request.packet.length - this.#packetFill;
		if (request.bodyLength === BODY_UNKNOWN) free -= chunkFraming(free) + 5; // and room for "0\r\n\r\n"
		else free = Math.min(free, request.bodyLength - request.bodyWritten);
		return free > 0 ? free : 0;
	}

	#askForBody(request: Job): void {
		const room = this.#room(request);
		if (room === 0) return this.#modem.resume(request); // the packet goes out first; nextPacket asks again
		const written = request.bodyWritten, ended = request.bodyEnded;
		this.#callback = "onWritable";
		request.options.onWritable!.call(request, room);
		this.#callback = "";
		if (request.error) return this.#arm();
		if (request.bodyWritten !== written || request.bodyEnded !== ended) {
			this.#writerDelay = this.#writerWaited = 0;
			if (!request.bodyEnded && this.#room(request) > 0) this.#arm();
			return;
		}
		// Nothing written (the data is not ready): offer again after a delay, within callerTimeout.
		if (this.#writerWaited >= this.#callerTimeout) {
			request.error = httpError(ERR_CALLER_TIMEOUT, "onWritable", `nothing written in ${this.#writerWaited} ms, ${request.bodyWritten} of ${request.bodyLength === BODY_UNKNOWN ? "a chunked body" : request.bodyLength + " bytes"} sent`);
			return this.#arm();
		}
		this.#writerDelay = this.#writerDelay ? Math.min(this.#writerDelay * 2, WRITER_DELAY_MAX) : WRITER_DELAY_MIN;
		this.#writerWaited += this.#writerDelay;
		this.#wait(W_WRITER, this.#writerDelay);
	}

	// ---- the response coming in ----

	#onHeaders(status: number, headers: Map<string, string>, statusText: string): void {
		const request = this.#current!;
		// A ranged GET (AT+QHTTPGETEX, or a custom head on a module without ranges) must get its range.
		if (request.rangeLength > 0 && !rangeMatches(status, headers.get("content-range"), request.rangeStart, request.rangeLength)) {
			request.error = httpError(ERR_RANGE_MISMATCH, "response", `status ${status}, content-range ${headers.get("content-range") ?? "none"}`);
			return;
		}
		request.headersPending = { status, headers, statusText };
	}

	#onBody(bytes: Uint8Array, start: number, end: number): void {
		const request = this.#current!;
		if (request.error || !request.options.onReadable) return; // no reader: the body is discarded
		const body = this.#body!, size = this.#bodySize;
		const at = (this.#bodyStart + this.#bodyCount) % size;
		const n = end - start;
		if (n > size - this.#bodyCount) { // cannot happen: reads never ask for more than the room
			request.error = httpError(ERR_HTTP_INCOMPLETE, "response", "body buffer overrun");
			return;
		}
		const first = Math.min(n, size - at);
		body.set(bytes.subarray(start, start + first), at);
		if (first < n) body.set(bytes.subarray(start + first, end), 0);
		this.#bodyCount += n;
	}
}

// An optional callback option: a function or nothing.
function callback<T>(value: T, name: string): T {
	if (value !== undefined && value !== null && typeof value !== "function") throw new TypeError(`${name} must be a function`);
	return value;
}

// An optional whole-number option of the client within [min, max].
function whole(value: unknown, fallback: number, min: number, max: number, option: string): number {
	if (value === undefined) return fallback;
	const name = "HTTPClient: options." + option;
	if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError(`${name} must be a whole number, ${min}–${max}`);
	if (value < min || value > max) throw new RangeError(`${name} is ${value}: it must be ${min}–${max}`);
	return value;
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
const PEM_END = "-----END CERTIFICATE-----";

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

// The CA is checked here once and kept as the caller gave it (a string from config stays in flash;
// bytes are the caller's): the modem converts it for its upload, once per module start.
function tlsSettings(secure: SecureOptions): TlsSettings {
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

function toBytes(data: Buffer): Uint8Array {
	if (data instanceof Uint8Array) return data;
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	throw new TypeError("expected an ArrayBuffer or a view of one");
}

export default HTTPClient;
