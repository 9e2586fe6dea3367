// The ECMA-419 HTTP client over the module, a drop-in host provider for Moddable's fetch (device.network
// .http = {io: HTTPClient, modem}). Caller mistakes throw before anything is queued; then each request is
// one modem job, run one at a time, and every user callback comes from the client's own timer, never
// inside request(), write() or read() nor the modem's parsing (the contract: the class's doc below). The
// module's limits come from the modem once. RAM: no buffer of its own; a request borrows the modem's one
// request set (quectel/buffers.ts) from its start until it has settled (onDone), so a reader draining its
// body slowly keeps it and the next request (of any client) waits.
//
// As in Moddable's httpclient.js, the user's request object is a `static #Request` with #private state:
// read() and write() and nothing else. The job the modem drives is a #Job, one per request and never the
// user's: a job the modem finishes late (after a cancel) is never taken for the next request.
import type { Modem } from "../quectel/modem.js";
import { Alarm } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import { ERR_CALLBACK, ERR_CALLER_TIMEOUT, ERR_HTTP_INCOMPLETE, ERR_RANGE_MISMATCH, httpError } from "./codes.js";
import { type HttpJob, type ModemLimits, type TlsSettings, Kind, Read } from "../quectel/job.js";
import { authority, BODY_UNKNOWN, buildUrl, checkRequest, serializeHead } from "./request.js";
import { RequestPlan } from "./plan.js";
import { ResponseParser } from "./response.js";
import type { Borrower, RequestBuffers } from "../quectel/buffers.js";
import { rangeMatches } from "./syntax.js";
import { Outgoing } from "./outgoing.js";
import { BodyRing } from "./body.js";
import { callback, requestHeaders, tlsSettings, whole, type HTTPClientOptions, type HTTPRequest, type RequestOptions } from "./options.js";

export type { HTTPClientOptions, HTTPRequest, RequestOptions, SecureOptions } from "./options.js";

type Buffer = ArrayBuffer | ArrayBufferView;

// A request's life in the client, and what the client's alarm is armed for.
const enum State {
	QUEUED = 0,
	SENDING = 1, // the modem runs it; the body (if any) is being written
	RECEIVING = 2, // the module answered: write() is a call out of turn now (Error), not a RangeError
	DRAINING = 3, // the module is done; the reader still has bytes to take
	DONE = 4,
}
const enum Wake {
	WORK = 0, //   something to deliver: at the next turn
	WRITER = 1, // the writer wrote nothing: offer room again after a delay
	READER = 2, // bytes wait for a reader that took none: callerTimeout
}

const WRITER_DELAY_MIN = 20, WRITER_DELAY_MAX = 1000;

// A request as the client and the modem see it (the #Job class below is its only shape): the request
// going out (Outgoing: head, body, packets) and what the modem reads of it (HttpJob).
type Job = Outgoing & HttpJob & {
	client: HTTPClient;
	request: HTTPRequest; // the user's object: `this` of its callbacks
	options: RequestOptions;
	state: number;
	error: ModemError | undefined;
	headersPending: { status: number; headers: Map<string, string>; statusText: string } | undefined;
};

/**
 * An ECMA-419 HTTP client over the module (Moddable's device.network.http provider). The request
 * contract: onDone exactly once per request, never inside request() or write(); a callback that throws
 * ends its request with onDone(ModemError 933, the thrown error as `cause`) and the next request runs;
 * write() past the declared content-length, or write() (the end) short of it, throws RangeError;
 * onWritable is offered again only after a write or a delay; a request waiting on its caller for
 * callerTimeout ms ends with 932. Caller mistakes throw TypeError/RangeError before anything is sent.
 */
export class HTTPClient {
	// What the user holds: read() and write(), working on the client's #private state for its job.
	static #Request = class implements HTTPRequest {
		#job: Job;

		constructor(job: Job) {
			this.#job = job;
		}

		read(count?: number | Buffer): any {
			const job = this.#job, client = job.client, body = client.#body, held = body.count;
			if (job !== client.#current) throw new Error("read: this request is not the one receiving (read only from onReadable, before onDone)");
			const result = body.take(count);
			client.#notified = Math.min(client.#notified, body.count);
			if (body.count < held) {
				client.#taken = true;
				client.#modem.resume(job);
				if (job.state === State.DRAINING && body.count === 0) client.#arm();
			}
			return result;
		}

		write(data?: Buffer): number {
			const job = this.#job, client = job.client;
			if (job !== client.#current || job.state !== State.SENDING || job.error) throw new Error("write: this request is not sending its body (write only from onWritable, before the response)");
			if (job.write(data)) {
				client.#waiting = Wake.WORK; // the writer is active: when the modem wants more, ask at once
				client.#modem.resume(job);
			}
			return job.bodyEnded ? 0 : job.room();
		}
	};

	// What the modem drives: the request's packets out (Outgoing) and its response in, on the client's
	// #private state. One per request: the modem may finish a cancelled job after its client moved on.
	static #Job = class extends Outgoing implements Job {
		declare client: HTTPClient;
		declare request: HTTPRequest;
		declare options: RequestOptions;
		state = State.QUEUED;
		declare error: ModemError | undefined;
		declare headersPending: Job["headersPending"];

		constructor(client: HTTPClient, options: RequestOptions, method: string, href: string, plan: RequestPlan, head: Uint8Array | undefined, bodyLength: number) {
			super(plan, method, href, head, bodyLength, client.#tls, client.#responseTime);
			this.client = client;
			this.request = new HTTPClient.#Request(this);
			this.options = options;
		}

		// The modem asks for the next AT+QHTTPPOST packet: the head first (custom mode), then the body.
		nextPacket(): number {
			const client = this.client, n = this.next();
			// The user has more to write: ask, unless a writer that wrote nothing is waiting out its delay.
			if (n < 0 && !(client.#waiting === Wake.WRITER && client.#alarm.armed)) client.#arm();
			return n;
		}

		onResult(_status: number, length: number): void {
			if (this.state === State.SENDING) this.state = State.RECEIVING;
			if (this.client.#limits.wholeReads && length > 0) this.client.#parser.lengthHint = length;
		}

		readRoom(): number {
			const client = this.client;
			if (this !== client.#current || this.error) return client.#limits.readMax; // drain what the module holds
			return client.#body.size - client.#body.count;
		}

		readNeed(): number {
			return this === this.client.#current && !this.error ? this.client.#parser.need : -1;
		}

		// A read the module does not count (a whole response) ends where the response does: the modem is told
		// how many bytes were its own. A request that has failed takes what comes, and the module's trailer
		// shows the end of the read (or its absence times it out).
		onData(bytes: Uint8Array, start: number, end: number): number | void {
			const client = this.client, parser = client.#parser, whole = client.#limits.wholeReads;
			if (this !== client.#current || this.error) return whole ? end - start : undefined;
			if (parser.execute(bytes, start, end, whole) !== 0) {
				this.error = parser.error;
				return whole ? end - start : undefined;
			}
			// A whole read has no afterRead until it ends: the reader hears of the bytes as they come.
			if (whole && (client.#body.count > client.#notified || this.headersPending)) client.#arm();
			if (parser.taken >= 0) return parser.taken;
		}

		afterRead(actual: number, remaining: number): number {
			const client = this.client, parser = client.#parser;
			if (this !== client.#current || this.error) return Read.DONE;
			if (!parser.complete && actual === 0 && remaining === 0) {
				// The module has given everything it will: a body without framing ends here.
				if (parser.finish() !== 0) this.error = parser.error;
			}
			if (client.#body.count > client.#notified || this.headersPending || this.error) client.#arm();
			if (parser.complete || this.error) return Read.DONE;
			// Nothing read is never progress, whatever `remaining` says: the modem polls with a growing delay
			// within its readTimeout (a module repeating +QHTTPREAD: 0,<n> must not be read in a tight loop).
			return actual > 0 ? Read.MORE : Read.WAIT;
		}

		onFinish(error: ModemError | undefined): void {
			if (this.state === State.DONE) return;
			if (error) this.error ??= error;
			else if (!this.client.#parser.complete && !this.error) this.error = httpError(ERR_HTTP_INCOMPLETE, "response");
			this.state = State.DRAINING;
			this.client.#arm();
		}
	};

	#modem: Modem;
	#limits: ModemLimits; // what the module allows a request (its URL, packet and read sizes…)
	#secure: boolean;
	#authority: string; // "host[:port]", checked once
	#plan = new RequestPlan();
	#onError: HTTPClientOptions["onError"];
	#onClose: HTTPClientOptions["onClose"];
	#alarm: Alarm;
	#waiting = Wake.WORK;
	#requests: Job[] = [];
	#current: Job | undefined;
	#closed = false;
	#parser: ResponseParser;
	#callback = ""; // the user callback running now, for the error that ends its request
	#callerTimeout: number;
	// The modem's request set, lent from #start to #done: packet, URL and body ring (its first bufferSize bytes).
	#buffers: RequestBuffers;
	#borrower: Borrower = { onLent: () => this.#arm() };
	#need: number; // bytes this client needs of the set: max(bufferSize, maxHeaderBytes)
	#body: BodyRing; // what the reader has not taken yet, in the lent set
	#notified = 0; // bytes already announced through onReadable
	#taken = false; // the reader took bytes since the reader's deadline was set
	#writerDelay = 0;
	#writerWaited = 0;
	#tls: TlsSettings | undefined;
	#responseTime: number;

	constructor(options: HTTPClientOptions) {
		if (typeof options !== "object" || options === null) throw new TypeError("HTTPClient: pass an options object: new HTTPClient({ modem, host })");
		const modem = options.modem, host = options.host, port = options.port, secure = options.secure;
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
		this.#modem = modem;
		this.#tls = tls;
		this.#responseTime = responseTime;
		this.#callerTimeout = callerTimeout;
		this.#onError = options.onError;
		this.#onClose = options.onClose;
		this.#body = new BodyRing(size);
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
		const headers = requestHeaders(options), method = options.method ?? "GET", path = options.path || "/";
		const bodyLength = checkRequest(method, path, headers);
		const url = buildUrl(this.#secure, this.#authority, path, this.#limits.urlMax); // RangeError when too long, before anything is queued
		if (bodyLength === BODY_UNKNOWN && !this.#limits.packets) throw new TypeError("request: this module takes a request's data in one piece whose length it is told first: give content-length rather than transfer-encoding: chunked");
		if (bodyLength !== 0 && !options.onWritable) throw new TypeError(`request: a body is declared (${bodyLength === BODY_UNKNOWN ? "transfer-encoding: chunked" : `content-length ${bodyLength}`}): give options.onWritable to write it`);
		const head = this.#plan.plan(method, headers, bodyLength, this.#limits) === Kind.CUSTOM ? serializeHead(method, this.#authority, path, headers, bodyLength) : undefined;
		const job = new HTTPClient.#Job(this, options, method, url, this.#plan, head, bodyLength);
		this.#requests.push(job);
		if (!this.#current) this.#arm();
		return job.request;
	}

	/** Idempotent. Every request settles with 930 (the current one's module exchange is cancelled); then onClose. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		const current = this.#current;
		if (current && current.state !== State.DONE) {
			current.error ??= new ModemError(ERR_CLOSED, "close");
			if (current.state === State.SENDING || current.state === State.RECEIVING) this.#modem.cancel(current);
		}
		this.#arm(); // settles what is pending, then the timer goes
	}

	// ---- the client: every user callback starts here, and nothing it throws goes further ----

	#arm(): void {
		this.#waiting = Wake.WORK;
		this.#alarm.arm(0);
	}

	#wait(what: number, ms: number): void {
		this.#waiting = what;
		this.#alarm.arm(ms);
	}

	#pump(): void {
		const waited = this.#waiting;
		this.#waiting = Wake.WORK;
		const job = this.#current;
		try {
			const held = this.#body.count;
			if (waited === Wake.READER && job && !job.error && !this.#taken && held > 0) {
				job.error = httpError(ERR_CALLER_TIMEOUT, "onReadable", `${held} bytes were not taken in ${this.#callerTimeout} ms`);
			}
			this.#deliver();
		} catch (e) {
			// A user callback threw (or, the same to the user, the client failed): its request ends with it.
			const current = this.#current;
			if (current && current.state !== State.DONE) {
				current.error ??= httpError(ERR_CALLBACK, this.#callback || "client", String((e as Error)?.message ?? e), e);
				this.#arm();
			} else this.#report(e);
		}
		this.#callback = "";
	}

	#deliver(): void {
		const job = this.#current;
		if (!job) {
			if (this.#closed) return this.#settleQueue();
			if (!this.#requests.length) return;
			// The modem's request set first: when another request holds it, onLent() says when it is ours.
			if (!this.#buffers.borrow(this.#borrower, this.#need)) return;
			this.#start(this.#requests.shift()!);
			return;
		}
		const options = job.options, request = job.request;
		// A response that ended badly still hands over what came of it first (a resume starts after it).
		if (job.error && !(job.error.step === "response" && this.#body.count > this.#notified)) return this.#done(job, job.error);
		if (job.state === State.SENDING && job.bodyLength !== 0 && !job.bodyEnded) return this.#askForBody(job);
		const head = job.headersPending;
		if (head) {
			job.headersPending = undefined;
			this.#callback = "onHeaders";
			options.onHeaders?.call(request, head.status, head.headers, head.statusText);
			this.#callback = "";
			if (job.error) return this.#arm();
		}
		const body = this.#body;
		if (body.count > this.#notified) {
			this.#notified = body.count;
			this.#taken = false;
			this.#callback = "onReadable";
			options.onReadable?.call(request, body.count);
			this.#callback = "";
			if (job.error) return this.#arm();
			if (body.count < body.size) this.#modem.resume(job);
		}
		if (job.state === State.DRAINING && body.count === 0) return this.#done(job, null);
		// Bytes wait for the reader and nothing else is due: the reader has callerTimeout to take some.
		if (body.count > 0 && !this.#alarm.armed) {
			this.#taken = false;
			this.#wait(Wake.READER, this.#callerTimeout);
		}
	}

	#start(job: Job): void {
		const buffers = this.#buffers;
		this.#current = job;
		this.#body.lend(buffers.bytes!);
		this.#notified = this.#writerDelay = this.#writerWaited = 0;
		job.load(buffers.packet!, buffers.url!);
		job.state = State.SENDING;
		this.#parser.reset(job.method !== "HEAD", buffers.bytes!);
		try {
			this.#modem.enqueue(job);
		} catch (e) {
			job.error = e instanceof ModemError ? e : new ModemError(ERR_CLOSED, "enqueue", "", String((e as Error)?.message ?? e), undefined, e);
			job.state = State.DRAINING;
			return this.#arm();
		}
		if (job.bodyLength !== 0) this.#arm();
	}

	#done(job: Job, error: ModemError | null): void {
		if (job.state === State.SENDING || job.state === State.RECEIVING) this.#modem.cancel(job);
		job.state = State.DONE;
		this.#current = undefined;
		this.#notified = 0;
		// Settled: the set goes back to the modem (and on to a request waiting for it).
		this.#body.lend(undefined);
		this.#buffers.release(this.#borrower);
		if (this.#requests.length || this.#closed) this.#arm();
		this.#settle(job, error);
	}

	// onDone, once; what it throws has no request left to end: onError.
	#settle(job: Job, error: ModemError | null): void {
		try {
			job.options.onDone?.call(job.request, error);
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
			pending[i]!.state = State.DONE;
			this.#settle(pending[i]!, new ModemError(ERR_CLOSED, "close"));
		}
		// Once: this runs only from the client's alarm, closed above.
		try {
			this.#onClose?.call(this);
		} catch (e) {
			this.#report(e);
		}
	}

	// Room for the body: onWritable, again after a write or, when nothing was written, after a delay.
	#askForBody(job: Job): void {
		const room = job.room();
		if (room === 0) return this.#modem.resume(job); // the packet goes out first; nextPacket asks again
		const written = job.bodyWritten, ended = job.bodyEnded;
		this.#callback = "onWritable";
		job.options.onWritable!.call(job.request, room);
		this.#callback = "";
		if (job.error) return this.#arm();
		if (job.bodyWritten !== written || job.bodyEnded !== ended) {
			this.#writerDelay = this.#writerWaited = 0;
			if (!job.bodyEnded && job.room() > 0) this.#arm();
			return;
		}
		// Nothing written (the data is not ready): offer again after a delay, within callerTimeout.
		if (this.#writerWaited >= this.#callerTimeout) {
			job.error = httpError(ERR_CALLER_TIMEOUT, "onWritable", `nothing written in ${this.#writerWaited} ms, ${job.bodyWritten} of ${job.bodyLength === BODY_UNKNOWN ? "a chunked body" : job.bodyLength + " bytes"} sent`);
			return this.#arm();
		}
		this.#writerDelay = this.#writerDelay ? Math.min(this.#writerDelay * 2, WRITER_DELAY_MAX) : WRITER_DELAY_MIN;
		this.#writerWaited += this.#writerDelay;
		this.#wait(Wake.WRITER, this.#writerDelay);
	}

	// ---- the response coming in ----

	#onHeaders(status: number, headers: Map<string, string>, statusText: string): void {
		const job = this.#current!;
		// A ranged GET (AT+QHTTPGETEX, or a custom head on a module without ranges) must get its range.
		if (job.rangeLength > 0 && !rangeMatches(status, headers.get("content-range"), job.rangeStart, job.rangeLength)) {
			job.error = httpError(ERR_RANGE_MISMATCH, "response", `status ${status}, content-range ${headers.get("content-range") ?? "none"}`);
			return;
		}
		job.headersPending = { status, headers, statusText };
	}

	#onBody(bytes: Uint8Array, start: number, end: number): void {
		const job = this.#current!;
		if (job.error || !job.options.onReadable) return; // no reader: the body is discarded
		// It always fits: reads never ask for more than the room.
		if (!this.#body.put(bytes, start, end)) job.error = httpError(ERR_HTTP_INCOMPLETE, "response", "body buffer overrun");
	}
}

export default HTTPClient;
