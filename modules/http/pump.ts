// A client's requests, run one at a time on the modem: each becomes one modem job (a #Job: its packets
// out, its response in), and every callback to the user comes from the pump's own timer: never inside
// request(), write() or read(), never from inside the modem's parsing.
//
// RAM: the pump holds its queue and no buffer. A request borrows the modem's one request set (quectel/
// buffers.ts: packet and URL while it is sent, the head line while the head is parsed, then the body ring
// of bufferSize bytes) when it starts, and gives it back when it has settled (onDone): a request draining
// its body for a slow reader keeps it, and the next request (of any client on the modem) waits.
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
// As in Moddable's httpclient.js, what the user holds of a request is a `static #Request` with #private
// state: at run time it has read() and write() and nothing else. The job the modem drives is another
// object, of the private class #Job, one per request, never handed to the user: a job the modem finishes
// late (after a cancel) is never taken for the next request.
import type { Modem } from "../quectel/modem.js";
import type { HTTPClient, HTTPClientOptions, HTTPRequest, RequestOptions } from "./client.js";
import { Alarm } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CLOSED } from "../quectel/codes.js";
import { ERR_CALLBACK, ERR_CALLER_TIMEOUT, ERR_HTTP_INCOMPLETE, ERR_RANGE_MISMATCH, httpError } from "./codes.js";
import { READ_DONE, READ_MORE, READ_WAIT, type HttpJob, type TlsSettings } from "../quectel/job.js";
import { BODY_UNKNOWN } from "./request.js";
import type { RequestPlan } from "./plan.js";
import { ResponseParser } from "./response.js";
import type { Borrower, RequestBuffers } from "../quectel/buffers.js";
import { rangeMatches } from "./range.js";
import { Outgoing } from "./outgoing.js";
import { toBytes } from "./utf8.js";

type Buffer = ArrayBuffer | ArrayBufferView;

// A request's life in the pump.
const R_QUEUED = 0;
const R_SENDING = 1; // the modem runs it; the body (if any) is being written
const R_RECEIVING = 2; // the module answered: write() is now a call at the wrong time (Error), no longer a
//                        write past the body's end (RangeError); the modem still runs it
const R_DRAINING = 3; // the module is done; the reader still has bytes to take
const R_DONE = 4;

// What the pump's alarm is armed for.
const W_WORK = 0; //   something to deliver: at the next turn
const W_WRITER = 1; // the writer wrote nothing: offer room again after a delay
const W_READER = 2; // bytes wait for a reader that took none: callerTimeout

const WRITER_DELAY_MIN = 20;
const WRITER_DELAY_MAX = 1000;

// A request as the pump and the modem see it (the #Job class below is its only shape): the request
// going out (Outgoing: head, body, packets) and what the modem reads of it (HttpJob).
type Job = Outgoing & HttpJob & {
	pump: RequestPump;
	request: HTTPRequest; // the user's object: `this` of its callbacks
	options: RequestOptions;
	state: number;
	error: ModemError | undefined;
	method: string;
	headersPending: { status: number; headers: Map<string, string>; statusText: string } | undefined;
};

export class RequestPump {
	// What the user holds: read() and write(), working on the pump's #private state for its job.
	static #Request = class implements HTTPRequest {
		#job: Job;

		constructor(job: Job) {
			this.#job = job;
		}

		read(count?: number | Buffer): any {
			const job = this.#job, pump = job.pump;
			if (job !== pump.#current) throw new Error("read: this request is not the one receiving (read only from onReadable, before onDone)");
			const body = pump.#body!, size = pump.#bodySize;
			let target: Uint8Array | undefined;
			let n: number;
			if (typeof count === "object") {
				target = toBytes(count);
				n = Math.min(target.length, pump.#bodyCount);
			} else {
				if (count !== undefined && !(typeof count === "number" && count >= 0)) throw new TypeError("read: count must be a byte count, or a buffer to fill");
				n = Math.min(count ?? pump.#bodyCount, pump.#bodyCount);
			}
			if (!target) {
				if (n === 0) return undefined;
				target = new Uint8Array(n);
			}
			const first = Math.min(n, size - pump.#bodyStart);
			target.set(body.subarray(pump.#bodyStart, pump.#bodyStart + first), 0);
			if (first < n) target.set(body.subarray(0, n - first), first);
			pump.#bodyStart = (pump.#bodyStart + n) % size;
			pump.#bodyCount -= n;
			pump.#notified = Math.min(pump.#notified, pump.#bodyCount);
			if (n > 0) {
				pump.#taken = true;
				pump.#modem.resume(job);
				if (job.state === R_DRAINING && pump.#bodyCount === 0) pump.#arm();
			}
			return typeof count === "object" ? n : (target.buffer as ArrayBuffer);
		}

		write(data?: Buffer): number {
			const job = this.#job, pump = job.pump;
			if (job !== pump.#current || job.state !== R_SENDING || job.error) throw new Error("write: this request is not sending its body (write only from onWritable, before the response)");
			if (job.write(data === undefined ? undefined : toBytes(data))) {
				pump.#waiting = W_WORK; // the writer is active: when the modem wants more, ask at once
				pump.#modem.resume(job);
			}
			return job.bodyEnded ? 0 : job.room();
		}
	};

	// What the modem drives: the request's packets out (Outgoing) and its response in, on the pump's
	// #private state. One per request: the modem may finish a cancelled job after its pump moved on.
	static #Job = class extends Outgoing implements Job {
		declare pump: RequestPump;
		declare request: HTTPRequest;
		declare options: RequestOptions;
		state = R_QUEUED;
		declare error: ModemError | undefined;
		// `declare`: set by the constructor or later; a field declaration would only cost bytecode.
		declare method: string;
		declare headersPending: Job["headersPending"];

		constructor(pump: RequestPump, options: RequestOptions, method: string, href: string, plan: RequestPlan, head: Uint8Array | undefined, bodyLength: number) {
			super(plan, href, head, bodyLength, pump.#tls, pump.#responseTime);
			this.pump = pump;
			this.request = new RequestPump.#Request(this);
			this.options = options;
			this.method = method;
		}

		// The modem asks for the next AT+QHTTPPOST packet: the head first (custom mode), then the body.
		nextPacket(): number {
			const pump = this.pump, n = this.next();
			// The user has more to write: ask, unless a writer that wrote nothing is waiting out its delay.
			if (n < 0 && !(pump.#waiting === W_WRITER && pump.#alarm.armed)) pump.#arm();
			return n;
		}

		onResult(): void {
			if (this.state === R_SENDING) this.state = R_RECEIVING;
		}

		readRoom(): number {
			const pump = this.pump;
			if (this !== pump.#current || this.error) return pump.#readMax; // drain what the module holds
			return pump.#bodySize - pump.#bodyCount;
		}

		onData(bytes: Uint8Array, start: number, end: number): void {
			const pump = this.pump;
			if (this !== pump.#current || this.error) return;
			if (pump.#parser.execute(bytes, start, end) !== 0) this.error = pump.#parser.error;
		}

		afterRead(actual: number, remaining: number): number {
			const pump = this.pump, parser = pump.#parser;
			if (this !== pump.#current || this.error) return READ_DONE;
			if (!parser.complete && actual === 0 && remaining === 0) {
				// The module has given everything it will: a body without framing ends here.
				if (parser.finish() !== 0) this.error = parser.error;
			}
			if (pump.#bodyCount > pump.#notified || this.headersPending || this.error) pump.#arm();
			if (parser.complete || this.error) return READ_DONE;
			// Nothing read is never progress, whatever `remaining` says: the modem polls with a growing delay
			// within its readTimeout (a module repeating +QHTTPREAD: 0,<n> must not be read in a tight loop).
			return actual > 0 ? READ_MORE : READ_WAIT;
		}

		onFinish(error: ModemError | undefined): void {
			if (this.state === R_DONE) return;
			if (error) this.error ??= error;
			else if (!this.pump.#parser.complete && !this.error) this.error = httpError(ERR_HTTP_INCOMPLETE, "response");
			this.state = R_DRAINING;
			this.pump.#arm();
		}
	};

	#modem: Modem;
	#client: HTTPClient; // `this` of onError and onClose
	#readMax: number; // the module's read: what a request that has failed drains at a time
	#onError: HTTPClientOptions["onError"];
	#onClose: HTTPClientOptions["onClose"];
	#alarm: Alarm;
	#waiting = W_WORK;
	#requests: Job[] = [];
	#current: Job | undefined;
	#closed = false;
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
	#tls: TlsSettings | undefined;
	#responseTime: number;

	constructor(client: HTTPClient, modem: Modem, readMax: number, tls: TlsSettings | undefined, responseTime: number, maxHeaderBytes: number, bufferSize: number, callerTimeout: number, options: HTTPClientOptions) {
		this.#client = client;
		this.#modem = modem;
		this.#readMax = readMax;
		this.#tls = tls;
		this.#responseTime = responseTime;
		this.#callerTimeout = callerTimeout;
		this.#onError = options.onError;
		this.#onClose = options.onClose;
		this.#bodySize = bufferSize;
		this.#need = Math.max(bufferSize, maxHeaderBytes);
		this.#buffers = modem.buffers;
		this.#parser = new ResponseParser({
			maxHeaderBytes,
			lent: true,
			target: this, // the parser calls the pump's own handlers on it
			onHeaders: this.#onHeaders,
			onBody: this.#onBody,
		});
		this.#alarm = new Alarm(modem.timer, () => this.#pump());
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Queues a checked request (client.request()); returns what the user holds of it. */
	add(options: RequestOptions, method: string, href: string, plan: RequestPlan, head: Uint8Array | undefined, bodyLength: number): HTTPRequest {
		const job = new RequestPump.#Job(this, options, method, href, plan, head, bodyLength);
		this.#requests.push(job);
		if (!this.#current) this.#arm();
		return job.request;
	}

	/** Every request settles with 930 (the current one's module exchange is cancelled); then onClose. */
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
		const job = this.#current;
		try {
			if (waited === W_READER && job && !job.error && !this.#taken && this.#bodyCount > 0) {
				job.error = httpError(ERR_CALLER_TIMEOUT, "onReadable", `${this.#bodyCount} bytes were not taken in ${this.#callerTimeout} ms`);
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
		if (job.error) return this.#done(job, job.error);
		if (job.state === R_SENDING && job.bodyLength !== 0 && !job.bodyEnded) return this.#askForBody(job);
		const head = job.headersPending;
		if (head) {
			job.headersPending = undefined;
			this.#callback = "onHeaders";
			options.onHeaders?.call(request, head.status, head.headers, head.statusText);
			this.#callback = "";
			if (job.error) return this.#arm();
		}
		if (this.#bodyCount > this.#notified) {
			this.#notified = this.#bodyCount;
			this.#taken = false;
			this.#callback = "onReadable";
			options.onReadable?.call(request, this.#bodyCount);
			this.#callback = "";
			if (job.error) return this.#arm();
			if (this.#bodyCount < this.#bodySize) this.#modem.resume(job);
		}
		if (job.state === R_DRAINING && this.#bodyCount === 0) return this.#done(job, null);
		// Bytes wait for the reader and nothing else is due: the reader has callerTimeout to take some.
		if (this.#bodyCount > 0 && !this.#alarm.armed) {
			this.#taken = false;
			this.#wait(W_READER, this.#callerTimeout);
		}
	}

	#start(job: Job): void {
		const buffers = this.#buffers;
		this.#current = job;
		this.#body = buffers.bytes!;
		this.#bodyStart = this.#bodyCount = this.#notified = 0;
		this.#writerDelay = this.#writerWaited = 0;
		job.load(buffers.packet!, buffers.url!);
		job.state = R_SENDING;
		this.#parser.reset(job.method !== "HEAD", this.#body);
		try {
			this.#modem.enqueue(job);
		} catch (e) {
			job.error = e instanceof ModemError ? e : new ModemError(ERR_CLOSED, "enqueue", "", String((e as Error)?.message ?? e), undefined, e);
			job.state = R_DRAINING;
			return this.#arm();
		}
		if (job.bodyLength !== 0) this.#arm();
	}

	#done(job: Job, error: ModemError | null): void {
		if (job.state === R_SENDING || job.state === R_RECEIVING) this.#modem.cancel(job);
		job.state = R_DONE;
		this.#current = undefined;
		this.#bodyCount = this.#notified = 0;
		// Settled: the set goes back to the modem (and on to a request waiting for it).
		this.#body = undefined;
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
			this.#onError?.call(this.#client, error as Error);
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
		// Once: this runs only from the pump's alarm, closed above.
		try {
			this.#onClose?.call(this.#client);
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
		this.#wait(W_WRITER, this.#writerDelay);
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
		const body = this.#body!, size = this.#bodySize;
		const at = (this.#bodyStart + this.#bodyCount) % size;
		const n = end - start;
		if (n > size - this.#bodyCount) { // cannot happen: reads never ask for more than the room
			job.error = httpError(ERR_HTTP_INCOMPLETE, "response", "body buffer overrun");
			return;
		}
		const first = Math.min(n, size - at);
		body.set(bytes.subarray(start, start + first), at);
		if (first < n) body.set(bytes.subarray(start + first, end), 0);
		this.#bodyCount += n;
	}
}
