// The one conversation the module allows, for any module with a profile (profile.ts). The core owns the
// chat, queues HTTP jobs (from any number of clients), remembers every configuration value and the URL
// so a request sends only what changed, wakes the module from sleep, handles its reboots, and walks the
// profile's recovery ladder when a failure calls for it. Which commands, with which arguments, timeouts
// and answers, is the profile's: the core interprets its rows. The network jobs (bring-up, status, power)
// run in the same queue; what their steps send and what the answers mean is netjobs.ts's.
//
// One explicit state at a time (#state), one reusable timer (#alarm) for every wait of the core's own
// (the chat times its commands). The core is the chat delegate of every exchange it starts and the
// handler of the result URCs; onDone is the dispatcher.
import { Chat, PROMPT_FIRST, PROMPT_NONE, type Exchange } from "../at/chat.js";
import { Alarm, type SerialOptions, type TimerApi } from "../at/io.js";
import type { Tokenizer } from "../at/tokenizer.js";
import { RESULT_CME, RESULT_ERROR, RESULT_OK, RESULT_REBOOT, RESULT_TIMEOUT, RESULT_CANCELLED, RESULT_CLOSED, RESULT_SERIAL, TOKEN_GARBLED, TOKEN_INFO } from "../at/tokens.js";
import { equalsBytes, fieldAt, fieldUint, parseUint, asciiBytes } from "../at/fields.js";
import {
	ERR_AT_ERROR, ERR_CANCELLED, ERR_CLOSED, ERR_NETWORK_LOST, ERR_PROTOCOL, ERR_SERIAL,
	ERR_REBOOTED, ERR_TIMEOUT, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT,
} from "./codes.js";
import { ModemError } from "./errors.js";
import { asciiText, writeAscii, writeUint } from "./command.js";
import { KIND_CUSTOM, KIND_POST, READ_DONE, READ_MORE, caBytes, sameCa, type HttpJob, type ModemLimits } from "./job.js";
import { RequestBuffers } from "./buffers.js";
import {
	ARG_INPUT_TIME, ARG_MORE, ARG_PACKET_LENGTH, ARG_RANGE_LENGTH, ARG_RANGE_START, ARG_READ_LENGTH, ARG_READ_TIME,
	ARG_RESPONSE_TIME, ARG_URL_LENGTH, CHECK_FIELDS, CHECK_IS, CHECK_LACKS, CHECK_NONE, CHECK_NUMBER, NEXT_DECIDE, NEXT_DONE,
	NEXT_FAIL, NEXT_RETRY, TIME_DATA, TIME_INPUT, TIME_PROMPT, TIME_READ, WANT_ALWAYS, WANT_AWAKE, WANT_CONTENT_TYPE,
	WANT_CUSTOM, WANT_TLS, WANT_VERIFY, ARG_APN, type Command, type Profile,
} from "./profile.js";
import { REG_NONE, type ModemStatus, type NetworkState, type PowerOptions, type StartOptions, type StartResult } from "./network.js";
import { NET_NEXT, NET_SEND, NET_WAIT, NetworkJobs } from "./netjobs.js";

export interface ModemOptions {
	/** The serial: `io` is the ECMA-419 class to construct, the rest its options, typed per host
	 *  (ESP32: port, transmit, receive, baud; Linux: device, baud). */
	serial: SerialOptions;
	/** Moddable's Timer (or anything with its set/schedule/clear). */
	timer: TimerApi;
	/** Let the module sleep (AT+QSCLK=1) when idle, and wake it before each request. Default false. */
	sleep?: boolean;
	/** Milliseconds the MCU waits after `>` before sending data. Default 600: the manual's 500 ms is the
	 *  module's switch to data mode counted from when it sent `>`; 100 ms more covers the UART, the parse
	 *  and a timer that fires a tick early (issue 14.5). */
	promptDelay?: number;
	/** Seconds for AT+QHTTPURL and AT+QHTTPPOST input (1–300). Default 60. */
	inputTime?: number;
	/** Seconds the module keeps a response for reading (<read_timeout>, 1–300). Default 300: at 115200
	 *  baud a 1 MiB body takes about 2 minutes to read; larger bodies belong in GETEX ranges. */
	readTime?: number;
	/** Milliseconds without progress before a read is given up. Default 60000. */
	readTimeout?: number;
	/** The last step of the recovery ladder: a hardware reset of the module (RESET or PWRKEY pin). */
	reset?: () => void;
	/** Told about every failure the modem recovers from by itself, for logs. */
	onTrace?: (message: string) => void;
	/** The serial failed (904: its device went away, or a write was refused with an error): the modem has
	 *  closed itself, every request and network job has settled with the error, and the serial is left
	 *  alone. Make a new Modem (after a delay) to go on. */
	onError?: (error: ModemError) => void;
	/** Told each registration change the module reports (+CEREG, on once start() or status() ran). */
	onNetwork?: (state: NetworkState) => void;
	/** After the last read of a request, when nothing else is queued, ask the network to release the radio
	 *  connection at once (release assistance, AT+QNBIOTRAI=1) instead of after its inactivity timer
	 *  (typically 10–20 s connected). A refusal (no connection left) never fails the request. Default false. */
	releaseAssistance?: boolean;
}

// States: what the current exchange or wait is for.
const S_IDLE = 0;
const S_START = 1; //       deferred start of the next job
const S_PROBE = 2; //       AT until the module answers (first command after sleep or boot is lost)
const S_PROBE_WAIT = 3; //  backoff between probes
const S_CONFIG = 4; //      one configuration item (profile.config)
const S_CACERT = 5; //      the CA upload and the PEM after `>`
const S_URL = 6; //         the URL command and the URL after `>`
const S_BODY_WAIT = 7; //   a POST packet is not ready: waiting for resume()
const S_REQUEST = 8; //     GET / ranged GET / POST (and its packet after `>`)
const S_RESULT = 9; //      OK seen, waiting for the result URC
const S_READ = 10; //       a read
const S_READ_PAUSED = 11; // the reader has no room: waiting for resume()
const S_READ_POLL = 12; //  the module had nothing yet: waiting before the next read
const S_LADDER = 13; //     a recovery command
const S_LADDER_WAIT = 14; // backoff before the ladder's next step
const S_SLEEP = 15; //      the sleep command after idle
const S_CLOSED = 16;
const S_NET = 17; //        a network job's command (bring-up, status, power)
const S_NET_WAIT = 18; //   a network job waits (for the registration, after a restart)
const S_RAI = 19; //        release assistance after a request's last read

const PROBE_TRIES = 10;
// Ladders climbed (or given up) with no success since, before the next failure pulses the hardware reset
// instead: the first ladder checks, the second (a failure after a failure) reactivates, then the reset.
const RESET_AFTER_LADDERS = 2;
const CR_TO_PROMPT_MARGIN = 5000;

/** A request command, with the names of its result URCs as bytes. */
interface Request {
	row: Command;
	results: Uint8Array[];
}

export class ModemCore {
	#profile: Profile;
	#chat: Chat;
	#alarm: Alarm;
	#options: ModemOptions;
	#promptDelay: number;
	#inputTime: number;
	#readTimeout: number;
	#readTime: number;

	#state = S_IDLE;
	#closedBy = ERR_CLOSED; // the code of what closed the modem: close(), or the serial's failure
	#cancelled = false; // the running HTTP job was cancelled while its exchange was in flight
	#queue: HttpJob[] = [];
	#job: HttpJob | undefined;
	#at = ""; // where we are, for errors: the step of the command in flight, "recovery", "modem"
	#length = 0; // ARG_PACKET_LENGTH or ARG_READ_LENGTH of the command being written
	#commandLength = 0; // the last command's length in chat.tx, for errors
	#exchange: Exchange = { prompt: PROMPT_NONE, payload: undefined, open: false, timeout: 0 };

	// What the module is known to hold, per profile.config item; -1 (or undefined) is unknown. Reset by a
	// reboot. An item with an alternative spelling: whether the alternative is in use, whether the
	// module took the spelling in use (both kept until the module restarts), whether the command in
	// flight is already the other spelling's try.
	#cfg: number[] = [];
	#alternative: boolean[] = [];
	#known: boolean[] = [];
	#retried = false;
	#want = 0; // the value the command in flight sets
	#item = 0;
	#ca: string | Uint8Array | undefined; // the CA the module holds, as its job gave it (never a copy)
	#url: Uint8Array;
	#urlLength = -1;

	#network: NetworkJobs;
	#lostDuring = false; // the running HTTP job saw the registration lost
	#probes = 0;
	#needProbe = true;
	#needLadder = false;
	#ladderAt = 0; // the profile.ladder step in flight
	#tries = 0; // of a NEXT_RETRY step
	#ladderRuns = 0; // ladders climbed (or given up) since the last success
	#reactivate = false;
	#ladderGood = false; // the ladder step in flight found what it checks for
	// "Still fails" (manual 4.4: reactivate when requests still fail): a failure that follows a failure,
	// the window being the previous request, whatever time passed (the Timer API has no clock, and a
	// module that failed the last request and fails this one still fails). #failures counts requests
	// failed in a row through the module (not cancels or the caller's mistakes); a success clears it.
	#failures = 0;
	#reactivateNext = false;
	#asleep = false;

	// The result URC, which may come before the command's OK.
	#request: Request | undefined;
	#resultSeen = false;
	#resultCode = 0;
	#status = 0;
	#contentLength = -1;
	#actual = 0;
	#remaining = 0;
	#pollDelay = 0;
	#waited = 0; // ms polled without data, against readTimeout

	// The profile's names and answers as bytes, built per instance (never at module level: on a device
	// that is ROM). Requests by job kind (KIND_GET 1 … KIND_CUSTOM 4).
	#requests: (Request | undefined)[];
	#readName: Uint8Array | undefined;
	#readPrefix: Uint8Array | undefined;
	#expect: Uint8Array[];

	/** The bytes a request needs (packet, URL, response head, body ring), one set lent to the request
	 *  that runs (buffers.ts): the clients own none. */
	readonly buffers: RequestBuffers;

	constructor(options: ModemOptions, profile: Profile) {
		// Caller mistakes, named with their fix before anything is opened.
		if (typeof options !== "object" || options === null) throw new TypeError("Modem: pass an options object: new Modem({ serial: { io: Serial, … }, timer: Timer })");
		if (typeof options.serial?.io !== "function") throw new TypeError("Modem: options.serial.io must be the ECMA-419 serial class (import Serial from \"embedded:io/serial\"), with its options beside it: serial: { io: Serial, port: 2, transmit: 17, receive: 16, baud: 115200 }");
		if (typeof options.timer?.set !== "function" || typeof options.timer.schedule !== "function") throw new TypeError("Modem: options.timer must be Moddable's Timer (import Timer from \"timer\")");
		this.#profile = profile;
		this.#options = options;
		this.#promptDelay = options.promptDelay ?? 600;
		this.#inputTime = options.inputTime ?? 60;
		this.#readTimeout = options.readTimeout ?? 60000;
		this.#readTime = options.readTime ?? 300;
		if (!(this.#readTime >= 1 && this.#readTime <= 300)) throw new RangeError("readTime is 1–300 seconds");
		this.#url = new Uint8Array(profile.urlMax);
		const post = request(profile.post);
		this.#requests = [undefined, request(profile.get), request(profile.getRange), post, post];
		this.#readName = profile.read.payload ? asciiBytes(profile.read.payload) : undefined;
		this.#readPrefix = profile.read.payload ? asciiBytes(`+${profile.read.payload}:`) : undefined;
		this.#expect = profile.ladder.map((row) => asciiBytes(row.expect));
		this.#forget();
		this.buffers = new RequestBuffers(profile.packetMax, profile.urlMax);
		// RAM (issue 15.6): the module's longest line is far under 512 bytes (a read's payload streams
		// through the ring as spans, it never has to fit), and the longest command, AT+QHTTPGETEX with two
		// 15-digit numbers, is 53: a ring of 768 (and its 256-byte landing) and 128 bytes for a command.
		this.#chat = new Chat({
			serial: options.serial,
			timer: options.timer,
			ringSize: 768,
			commandSize: 128,
			promptDelay: this.#promptDelay,
			onReboot: () => this.#onReboot(),
			onError: (_chat, error) => this.#trace(`callback failed: ${(error as Error)?.message ?? error}`),
			onSerialError: (_chat, error) => this.#serialFailed(error),
		});
		const urc = { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onResultUrc(tokenizer) };
		const names: string[] = [];
		for (let kind = 1; kind <= 3; kind++) { // GET, ranged GET, POST (a request written whole is a POST)
			const results = this.#requests[kind]!.row.results;
			for (let i = 0; i < results.length; i++) {
				if (names.includes(results[i]!)) continue;
				names.push(results[i]!);
				this.#chat.addUrc(results[i]!, urc);
			}
		}
		this.#network = new NetworkJobs(profile.network);
		this.releaseAssistance = options.releaseAssistance === true;
		this.onNetwork = options.onNetwork;
		this.#chat.addUrc(profile.network.registration.step, { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onRegistration(tokenizer) });
		this.#alarm = new Alarm(options.timer, () => this.#onTimer());
	}

	/** The timer API the modem was given, for the layers above (one reusable timer each). */
	get timer(): TimerApi {
		return this.#options.timer;
	}

	/** @internal What the module allows a request (the http layer plans with it). */
	get limits(): ModemLimits {
		const profile = this.#profile;
		return { urlMax: profile.urlMax, packetMax: profile.packetMax, readMax: profile.readMax, contentTypes: profile.contentTypes, ranges: true };
	}

	/** Queues a request; it starts when the module is free. */
	enqueue(job: HttpJob): void {
		if (this.#state === S_CLOSED) throw new ModemError(this.#closedBy, "enqueue");
		this.#queue.push(job);
		if (this.#state === S_IDLE) this.#arm(S_START, 0);
	}

	/** The job has more to give (a POST packet) or room to take (a read): go on. */
	resume(job: HttpJob): void {
		if (job !== this.#job) return;
		if (this.#state === S_BODY_WAIT) this.#arm(S_BODY_WAIT, 0);
		else if (this.#state === S_READ_PAUSED) this.#arm(S_READ_PAUSED, 0);
	}

	/** Drops a job: queued, it never starts; running, its exchange is cancelled (ESC in data mode). */
	cancel(job: HttpJob): void {
		const at = this.#queue.indexOf(job);
		if (at >= 0) {
			this.#queue.splice(at, 1);
			return;
		}
		if (job !== this.#job) return;
		if (this.#chat.busy) {
			// Whatever the exchange was (a probe, a ladder step, the request), its end ends the job.
			this.#cancelled = true;
			this.#chat.cancel();
		} else this.#finishWith(ERR_CANCELLED);
	}

	/** Puts the module to sleep now if nothing is running. */
	sleep(): void {
		if (this.#state !== S_IDLE || this.#asleep) return;
		this.#state = S_SLEEP;
		this.#command(this.#profile.sleep);
	}

	/** Idempotent. Every queued job finishes with ERR_CLOSED. */
	close(): void {
		this.#close(ERR_CLOSED, "close", "");
	}

	// Every job, running or queued, and every later one, ends with `code`; the chat closes (after a serial
	// failure it has, and the serial is not touched again).
	#close(code: number, step: string, detail: string): boolean {
		if (this.#state === S_CLOSED) return false;
		const job = this.#job;
		this.#state = S_CLOSED;
		this.#closedBy = code;
		this.#job = undefined;
		this.#alarm.close();
		this.#chat.close();
		const jobs = this.#queue.splice(0, this.#queue.length);
		if (job) jobs.unshift(job);
		this.#network.close(code);
		for (let i = 0; i < jobs.length; i++) jobs[i]!.onFinish(new ModemError(code, step, "", detail));
		return true;
	}

	// The serial failed: nothing can be sent or heard any more, so every request settles now, not at its timeout.
	#serialFailed(error: unknown): void {
		const detail = String((error as Error | undefined)?.message ?? error);
		if (!this.#close(ERR_SERIAL, this.#at || "serial", detail)) return;
		const failure = new ModemError(ERR_SERIAL, "serial", "", detail);
		this.#trace(failure.message);
		try {
			this.#options.onError?.(failure);
		} catch (e) {
			this.#trace(`onError failed: ${(e as Error)?.message ?? e}`);
		}
	}

	// ---- the dispatcher: one exchange ended ----

	onDone(_chat: Chat, result: number, code: number): void {
		if (result === RESULT_CLOSED || result === RESULT_SERIAL) return; // close() or #serialFailed settles everything
		if (this.#cancelled) {
			this.#cancelled = false;
			if (this.#job && !this.#network.job) return this.#finishWith(ERR_CANCELLED);
		}
		switch (this.#state) {
			case S_PROBE:
				if (result === RESULT_OK) {
					this.#needProbe = false;
					this.#asleep = false;
					this.#probes = 0;
					if (this.#network.job) this.#netSend();
					else this.#step();
				} else if (++this.#probes < PROBE_TRIES) this.#arm(S_PROBE_WAIT, 200 * this.#probes);
				else {
					// Silent after every probe: the hardware reset (if any), and the job fails.
					this.#probes = 0;
					this.#hardwareReset();
					if (this.#network.job) this.#netAct(this.#network.fail(ERR_TIMEOUT));
					else this.#finishWith(ERR_TIMEOUT);
				}
				return;
			case S_CONFIG: {
				const index = this.#item;
				if (this.#profile.config[index]!.alternative) {
					if (result === RESULT_OK) this.#known[index] = true;
					else if (result === RESULT_ERROR && !this.#known[index] && !this.#retried) {
						// The module does not know this spelling: the other one, once.
						this.#retried = true;
						this.#alternative[index] = !this.#alternative[index];
						this.#trace(`${this.#at}: ERROR; trying the other spelling`);
						this.#config(index, this.#want);
						return;
					}
					this.#retried = false;
				}
				if (result !== RESULT_OK) return this.#fail(result, code);
				this.#cfg[index] = this.#want;
				this.#step();
				return;
			}
			case S_CACERT:
				if (result !== RESULT_OK) return this.#fail(result, code);
				this.#ca = this.#job?.tls?.ca;
				this.#step();
				return;
			case S_URL:
				if (result !== RESULT_OK) return this.#fail(result, code);
				this.#url.set(this.#job!.url.subarray(0, this.#job!.urlLength));
				this.#urlLength = this.#job!.urlLength;
				this.#sendRequest();
				return;
			case S_REQUEST:
				if (result !== RESULT_OK) return this.#fail(result, code);
				if (this.#job!.kind === KIND_CUSTOM && !this.#job!.lastPacket) {
					this.#job!.packetSent();
					this.#sendRequest();
				} else if (this.#resultSeen) this.#onResult();
				else this.#arm(S_RESULT, this.#job!.responseTime * 1000 + CR_TO_PROMPT_MARGIN);
				return;
			case S_READ:
				if (result !== RESULT_OK) return this.#fail(result, code);
				this.#afterRead();
				return;
			case S_LADDER:
				this.#ladderAnswer(result);
				return;
			case S_NET: {
				const action = this.#network.answer(result, code);
				if (this.#network.probe) this.#needProbe = true;
				this.#netAct(action);
				return;
			}
			case S_RAI:
				if (result === RESULT_TIMEOUT) this.#needProbe = true;
				this.#finish(undefined); // refused (602: the connection is already gone) or not, the request is done
				return;
			case S_SLEEP:
				if (result === RESULT_OK) this.#asleep = true;
				this.#state = S_IDLE;
				if (this.#queue.length || this.#network.queue.length) this.#arm(S_START, 0);
				return;
		}
	}

	// The exchange's lines: only the ladder and the read look at them.
	onInfo(_chat: Chat, tokenizer: Tokenizer): void {
		if (this.#state === S_READ) {
			if (tokenizer.kind === TOKEN_GARBLED) this.#actual = -1; // the payload is not what was counted: 903
			else if (tokenizer.kind === TOKEN_INFO && this.#readName && equalsBytes(tokenizer.bytes, tokenizer.nameStart, tokenizer.nameEnd, this.#readName)) {
				// The tokenizer has read the count (the first field) to count the payload; the rest is ours.
				const bytes = tokenizer.bytes, end = tokenizer.valueEnd;
				this.#actual = tokenizer.announced;
				this.#remaining = parseUint(bytes, fieldAt(bytes, tokenizer.valueStart, end, 1), end);
			}
		} else if (this.#state === S_LADDER && tokenizer.kind === TOKEN_INFO) this.#ladderInfo(tokenizer);
		else if (this.#state === S_NET) this.#network.info(tokenizer);
	}

	onPayload(_chat: Chat, bytes: Uint8Array, start: number, end: number): void {
		if (this.#state === S_READ) this.#job?.onData(bytes, start, end);
	}

	onPrompt(chat: Chat): void {
		const job = this.#job;
		if (!job) return chat.cancel();
		switch (this.#state) {
			case S_CACERT:
				chat.sendData(caBytes(job.tls!.ca!), 0, job.tls!.ca!.length, 0x1a); // once per module start
				return;
			case S_URL:
				chat.sendData(job.url, 0, job.urlLength);
				return;
			case S_REQUEST:
				chat.sendData(job.packet, 0, this.#length);
				return;
			default:
				chat.cancel();
		}
	}

	// ---- the sequence of one job ----

	#start(): void {
		if (this.#asleep) this.#needProbe = true; // the first byte that wakes it is lost
		if (this.#network.queue.length) {
			this.#at = "network";
			this.#network.begin();
			return this.#netAct(NET_NEXT);
		}
		const job = this.#queue.shift();
		this.#at = "modem";
		if (!job) {
			this.#state = S_IDLE;
			if (this.#options.sleep) this.sleep();
			return;
		}
		this.#job = job;
		this.#resultSeen = false;
		this.#lostDuring = this.#network.stat !== REG_NONE && !this.#network.registered(); // known lost (+CEREG) before it starts
		if (this.#needLadder) {
			this.#needLadder = false;
			if (this.#ladderRuns >= RESET_AFTER_LADDERS && this.#options.reset) {
				// Ladders (the last with reactivation) did not bring the service back: the last step is
				// the hardware reset; the module boots afresh, so probe and configure it, no ladder now.
				this.#trace(`recovery: ${this.#ladderRuns} ladders did not help: hardware reset`);
				this.#hardwareReset();
				this.#step();
				return;
			}
			this.#reactivate = this.#reactivateNext;
			this.#reactivateNext = false;
			this.#ladderGo(0);
			return;
		}
		this.#step();
	}

	// The next thing the job needs: a probe, a configuration item, the CA, the URL, then the request.
	#step(): void {
		const job = this.#job;
		if (!job) return this.#start();
		const profile = this.#profile;
		if (this.#needProbe) {
			this.#state = S_PROBE;
			this.#command(profile.probe);
			return;
		}
		const config = profile.config;
		for (let index = 0; index < config.length; index++) {
			const want = this.#wanted(config[index]!.want, config[index]!.value, job);
			if (want < 0 || this.#cfg[index] === want) continue;
			this.#state = S_CONFIG;
			this.#item = index;
			this.#want = want;
			this.#config(index, want);
			return;
		}
		const ca = job.tls?.ca;
		if (job.tls?.verify && !(ca && this.#ca && sameCa(ca, this.#ca))) {
			this.#state = S_CACERT;
			this.#command(profile.caCert, ca!.length);
			return;
		}
		if (!(job.urlLength === this.#urlLength && equalsBytes(job.url, 0, job.urlLength, this.#url, 0, this.#urlLength))) {
			this.#state = S_URL;
			this.#command(profile.url);
			return;
		}
		this.#sendRequest();
	}

	// A configuration item's value for this job; -1: the job does not care.
	#wanted(want: number, value: number, job: HttpJob): number {
		switch (want) {
			case WANT_ALWAYS: return value;
			case WANT_AWAKE: return this.#options.sleep ? -1 : value;
			case WANT_TLS: return job.tls ? value : -1;
			case WANT_VERIFY: return job.tls ? (job.tls.verify ? 1 : 0) : -1;
			case WANT_CUSTOM: return job.kind === KIND_CUSTOM ? 1 : 0;
			case WANT_CONTENT_TYPE: return job.kind === KIND_POST ? job.contentType : -1;
		}
		return -1;
	}

	#config(index: number, want: number): void {
		const item = this.#profile.config[index]!;
		const tx = this.#chat.tx;
		let at = writeAscii(tx, 0, this.#alternative[index] ? item.alternative : item.text);
		if (item.writesValue) at = writeUint(tx, at, want);
		this.#at = item.step;
		this.#send(at, this.#profile.commandMs, false);
	}

	#sendRequest(): void {
		const job = this.#job!;
		const request = this.#requests[job.kind]!;
		this.#request = request;
		this.#at = request.row.step;
		if (request.row.data) {
			const length = job.nextPacket();
			if (length < 0) {
				this.#state = S_BODY_WAIT;
				return;
			}
			this.#length = length; // the packet's length, for its argument and for onPrompt
		}
		this.#state = S_REQUEST;
		this.#command(request.row);
	}

	#onResultUrc(tokenizer: Tokenizer): void {
		const job = this.#job;
		const request = this.#request;
		if (!job || !request || (this.#state !== S_REQUEST && this.#state !== S_RESULT)) return; // late URC of an abandoned request
		const bytes = tokenizer.bytes;
		let named = false;
		const results = request.results;
		for (let i = 0; i < results.length; i++) if (equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, results[i]!)) named = true;
		if (!named) return;
		// +NAME: <result>[,<status>[,<content length>]]
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		this.#resultCode = fieldUint(bytes, start, end, 0);
		this.#status = fieldUint(bytes, start, end, 1);
		this.#contentLength = fieldUint(bytes, start, end, 2);
		this.#resultSeen = true;
		// A failure URC between custom packets, or the result before the command's OK, is handled when
		// the exchange ends; while waiting for it, now.
		if (this.#state === S_RESULT) this.#onResult();
	}

	#onResult(): void {
		if (this.#resultCode !== 0 || this.#status < 0) {
			const code = this.#resultCode > 0 ? this.#resultCode : ERR_PROTOCOL;
			this.#finishWith(code);
			return;
		}
		this.#job!.onResult(this.#status, this.#contentLength);
		this.#pollDelay = 0;
		this.#waited = 0;
		this.#read();
	}

	#read(): void {
		const job = this.#job;
		if (!job) return;
		const row = this.#profile.read;
		this.#at = row.step;
		const room = job.readRoom();
		if (room <= 0) {
			this.#state = S_READ_PAUSED;
			return;
		}
		this.#state = S_READ;
		this.#actual = this.#remaining = -1;
		this.#length = room < this.#profile.readMax ? room : this.#profile.readMax;
		this.#command(row);
	}

	#afterRead(): void {
		const job = this.#job!;
		if (this.#remaining < 0 || this.#actual < 0) return this.#finishWith(ERR_PROTOCOL);
		const next = job.afterRead(this.#actual, this.#remaining);
		if (job !== this.#job) return; // cancelled meanwhile
		if (next === READ_DONE) {
			// The last read: release assistance when asked for and nothing else is queued (the next request
			// would use the connection).
			if (!this.releaseAssistance || this.#queue.length || this.#network.queue.length) return this.#finish(undefined);
			this.#state = S_RAI;
			return this.#command(this.#profile.network.release);
		}
		// A read that brought nothing is not progress, whatever the job says: it never resets the wait.
		if (next === READ_MORE && this.#actual > 0) {
			this.#pollDelay = 0;
			this.#waited = 0;
			return this.#read();
		}
		// READ_WAIT: the module had nothing; poll with a growing delay, within the read timeout.
		if (this.#waited >= this.#readTimeout) return this.#finishWith(this.#profile.readTimeoutCode);
		this.#pollDelay = this.#pollDelay ? Math.min(this.#pollDelay * 2, 2000) : 50;
		this.#waited += this.#pollDelay;
		this.#arm(S_READ_POLL, this.#pollDelay);
	}

	// ---- endings ----

	// An exchange ended badly: map it to an error, decide the recovery, end the job.
	#fail(result: number, code: number): void {
		let error: number;
		if (result === RESULT_CME) error = code;
		else if (result === RESULT_TIMEOUT) error = ERR_TIMEOUT;
		else if (result === RESULT_REBOOT) error = ERR_REBOOTED;
		else if (result === RESULT_CANCELLED) error = ERR_CANCELLED;
		else error = ERR_AT_ERROR;
		this.#finishWith(error);
	}

	#finishWith(code: number): void {
		let detail = "";
		if (this.#lostDuring && this.#job && code !== ERR_CANCELLED && code !== ERR_CLOSED) {
			// Not registered: the module's own code (709, 702…) says less than this.
			detail = `the module gave ${code} with +CEREG stat ${this.#network.stat}`;
			code = ERR_NETWORK_LOST;
		}
		const error = this.#error(code, detail);
		const recovery = error.recovery;
		if (code === ERR_TIMEOUT || code === ERR_CANCELLED) this.#needProbe = true;
		// A bare ERROR to the URL or the request: check the SIM first (manual 4.1), so the ladder.
		const ladder = recovery === RECOVER_LADDER || (code === ERR_AT_ERROR && (this.#state === S_URL || this.#state === S_REQUEST));
		if (ladder) {
			this.#needLadder = true;
			if (this.#failures > 0) this.#reactivateNext = true; // a failure after a failure: still fails
		}
		if (code !== ERR_CANCELLED && code !== ERR_CLOSED && recovery !== RECOVER_NONE) this.#failures++;
		// After no answer (901) or an answer that made no sense (903) the host cannot know what the module
		// took: a command may have gone out as data, a stale OK may have been taken for a URL. Forget all
		// it is believed to hold, so the next request sets the configuration and the URL again.
		if (recovery === RECOVER_REINIT || code === ERR_REBOOTED || code === ERR_TIMEOUT || code === ERR_PROTOCOL) this.#forget();
		// Packets of an unfinished request may still sit in the module: setting the URL again before
		// the next request starts that one afresh.
		if (this.#state === S_REQUEST && this.#job?.kind === KIND_CUSTOM) this.#urlLength = -1;
		this.#trace(error.message);
		this.#finish(error);
	}

	// The error of the step in flight, with the command line last sent and the code's row in the profile.
	#error(code: number, detail: string): ModemError {
		return new ModemError(code, this.#at, asciiText(this.#chat.tx, 0, this.#commandLength), detail, this.#profile.lookup(code));
	}

	#finish(error: ModemError | undefined): void {
		const job = this.#job;
		this.#job = undefined;
		this.#request = undefined;
		if (!error) {
			this.#ladderRuns = this.#failures = 0;
			this.#reactivateNext = false;
		}
		this.#arm(S_START, 0);
		job?.onFinish(error);
	}

	// The RESET/PWRKEY pulse (if the host wired one): the module restarts and has forgotten everything.
	#hardwareReset(): void {
		this.#ladderRuns = 0;
		this.#options.reset?.();
		this.#forget();
		this.#needProbe = true;
	}

	#onReboot(): void {
		this.#forget();
		// A request the module was holding (the body it waits for, its result, its response) is gone with
		// it: the job ends now, not at its timeout. A reboot inside an exchange ends that exchange instead.
		const state = this.#state;
		if (this.#job && (state === S_BODY_WAIT || state === S_RESULT || state === S_READ_PAUSED || state === S_READ_POLL)) {
			this.#alarm.stop();
			this.#finishWith(ERR_REBOOTED);
		}
		// Perhaps another firmware now: every spelling is tried afresh.
		for (let i = 0; i < this.#profile.config.length; i++) this.#alternative[i] = this.#known[i] = false;
		this.#retried = false;
		this.#needProbe = true; // a module fresh from boot may sleep again before the next command (FIELD-NOTES)
		this.#trace("module restarted (RDY)");
	}

	// After a reboot the module has forgotten everything (its settings are not saved) and echoes again.
	#forget(): void {
		for (let i = 0; i < this.#profile.config.length; i++) this.#cfg[i] = -1;
		this.#ca = undefined;
		this.#urlLength = -1;
		this.#asleep = false;
	}

	// ---- the recovery ladder: the profile's table of steps ----

	// To a step (or the ladder's end), after the step's wait.
	#ladderGo(next: number): void {
		if (next === NEXT_DECIDE) next = this.#reactivate ? this.#profile.reactivateAt : NEXT_DONE;
		if (next === NEXT_DONE) {
			this.#ladderRuns++;
			this.#step();
			return;
		}
		this.#ladderAt = next;
		this.#tries = 0;
		const wait = this.#profile.ladder[next]!.wait;
		if (wait > 0) this.#arm(S_LADDER_WAIT, wait);
		else this.#ladder();
	}

	#ladder(): void {
		const row = this.#profile.ladder[this.#ladderAt]!;
		this.#state = S_LADDER;
		this.#at = "recovery";
		this.#ladderGood = row.check === CHECK_LACKS; // good until a line shows what it must lack
		this.#send(writeAscii(this.#chat.tx, 0, row.text), row.ms, false);
	}

	// Marks #ladderGood when an information line shows what the step checks for.
	#ladderInfo(tokenizer: Tokenizer): void {
		const row = this.#profile.ladder[this.#ladderAt]!;
		const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
		const expect = this.#expect[this.#ladderAt]!;
		switch (row.check) {
			case CHECK_IS:
				this.#ladderGood = equalsBytes(bytes, start, end, expect);
				return;
			case CHECK_NUMBER:
				this.#ladderGood = parseUint(bytes, start, end) === row.value;
				return;
			case CHECK_FIELDS:
				if (fieldAt(bytes, start, end, 1) < end) this.#ladderGood = true;
				return;
			case CHECK_LACKS:
				for (let i = start; i + expect.length <= end; i++) {
					if (equalsBytes(bytes, i, i + expect.length, expect)) this.#ladderGood = false;
				}
		}
	}

	#ladderAnswer(result: number): void {
		const row = this.#profile.ladder[this.#ladderAt]!;
		const good = row.check === CHECK_NONE || (this.#ladderGood && (row.check === CHECK_LACKS || result === RESULT_OK));
		if (result === RESULT_REBOOT || row.forget) this.#forget();
		if (!good && row.reactivate) this.#reactivate = true;
		const next = good ? row.good : row.bad;
		if (next === NEXT_FAIL) return this.#ladderEnd(row.why, row.code);
		if (next === NEXT_RETRY) {
			if (++this.#tries >= row.tries) return this.#ladderEnd(row.why, row.code);
			this.#arm(S_LADDER_WAIT, row.wait * this.#tries);
			return;
		}
		this.#ladderGo(next);
	}

	// The ladder could not restore the service: the job fails; the next one climbs it again, and after
	// repeated failures the host's hardware reset (if any) is the last step.
	#ladderEnd(why: string, code: number): void {
		this.#trace(`recovery: ${why}`);
		this.#ladderRuns++;
		this.#finishWith(code);
		this.#needLadder = true;
	}

	// ---- network jobs (issue 17): bring-up, status, power settings (netjobs.ts says what each step sends
	// and what its answer means); release assistance ----

	/** Release assistance after a request's last read (ModemOptions.releaseAssistance), settable. */
	releaseAssistance = false;
	/** Registration changes (ModemOptions.onNetwork), settable. */
	onNetwork: ((state: NetworkState) => void) | undefined;

	/**
	 * Brings the network up: the (U)SIM, the APN (set and the module restarted only when it differs), the
	 * registration URCs, PSM/eDRX when asked for, the registration (home or roaming) within `timeout`, then
	 * the data address. Rejects with a ModemError: 950 SIM, 951 denied (EMM cause in the message), 952 not
	 * registered in time, 953 no address, or the module's code. Runs in the request queue.
	 */
	start(options?: StartOptions): Promise<StartResult> {
		return this.#netQueued(this.#network.start(options));
	}

	/** Registration, signal, identity, the granted PSM/eDRX timers and the sleep setting, read from the module
	 *  (the identity only once). Runs in the request queue. */
	status(): Promise<ModemStatus> {
		return this.#netQueued(this.#network.status());
	}

	/** Requests PSM and eDRX (or turns them off with false); the network's grant shows in status(). */
	setPower(options: PowerOptions): Promise<void> {
		return this.#netQueued(this.#network.power(options));
	}

	/** The registration as last read or reported; stat REG_NONE (-1) before any. */
	get network(): NetworkState {
		return this.#network.state();
	}

	#netQueued<T>(job: Promise<T>): Promise<T> {
		if (this.#state === S_IDLE) this.#arm(S_START, 0);
		return job;
	}

	// What the job's last answer (or wait) calls for.
	#netAct(action: number): void {
		const network = this.#network;
		switch (action) {
			case NET_NEXT:
				if (network.next()) this.#netSend();
				else this.#netEnd(undefined);
				return;
			case NET_SEND: return this.#netSend();
			case NET_WAIT: return this.#arm(S_NET_WAIT, network.wait);
		}
		this.#netEnd(this.#error(network.code, network.detail));
	}

	// Sends the step's row (after a probe when the module may be asleep).
	#netSend(): void {
		if (this.#needProbe) {
			this.#state = S_PROBE;
			this.#command(this.#profile.probe);
			return;
		}
		this.#state = S_NET;
		this.#command(this.#network.row());
	}

	#netEnd(error: ModemError | undefined): void {
		// A module that may sleep by itself (QSCLK=1 from boot, FIELD-NOTES) and was not yet told to stay
		// awake (the configuration item a request sends) may sleep before the next command: probe it first.
		const config = this.#profile.config;
		for (let i = 0; i < config.length; i++) if (config[i]!.want === WANT_AWAKE && this.#cfg[i] !== config[i]!.value) this.#needProbe = true;
		if (error) this.#trace(error.message);
		this.#arm(S_START, 0);
		this.#network.end(error, this.#asleep);
	}

	// +CEREG, read or reported: the running HTTP job learns of a loss, onNetwork of a change.
	#onRegistration(tokenizer: Tokenizer): void {
		const network = this.#network;
		const changed = network.registration(tokenizer);
		if (changed < 0) return;
		const registered = network.registered();
		if (this.#job && !registered) this.#lostDuring = true;
		if (changed) {
			this.#trace(`network: +CEREG stat ${network.stat}${network.cause ? ` (cause ${network.cause})` : ""}`);
			const onNetwork = this.onNetwork;
			if (onNetwork) {
				try {
					onNetwork.call(this, network.state());
				} catch (error) {
					this.#trace(`onNetwork failed: ${(error as Error)?.message ?? error}`);
				}
			}
		}
		// Registered while the bring-up waits: read it now rather than at the end of the wait.
		if (registered && this.#state === S_NET_WAIT && network.registering) this.#alarm.arm(1);
	}

	// ---- plumbing ----

	// Writes a command row with its arguments and sends it. `data`: bytes sent after `>` (TIME_DATA). A
	// network job's arguments (ARG_APN and up) are quoted text, written by the job.
	#command(row: Command, data = 0): void {
		const job = this.#job;
		const tx = this.#chat.tx;
		let at = writeAscii(tx, 0, row.text);
		const args = row.args;
		for (let i = 0; i < args.length; i++) {
			if (i > 0) at = writeAscii(tx, at, ",");
			const arg = args[i]!;
			at = arg >= ARG_APN ? this.#network.argument(tx, at, arg) : writeUint(tx, at, this.#argument(arg, job));
		}
		this.#at = row.step;
		const time = row.time;
		let timeout = row.ms;
		if (time & TIME_READ) timeout = this.#readTimeout;
		if (time & TIME_PROMPT) timeout += this.#promptDelay;
		if (time & TIME_INPUT) timeout += this.#inputTime * 1000;
		if (time & TIME_DATA) timeout += data;
		this.#send(at, timeout, row.data, row.payload ? this.#readPrefix : undefined);
	}

	#argument(arg: number, job: HttpJob | undefined): number {
		switch (arg) {
			case ARG_URL_LENGTH: return job!.urlLength;
			case ARG_INPUT_TIME: return this.#inputTime;
			case ARG_RESPONSE_TIME: return job!.responseTime;
			case ARG_READ_TIME: return this.#readTime;
			case ARG_RANGE_START: return job!.rangeStart;
			case ARG_RANGE_LENGTH: return job!.rangeLength;
			case ARG_MORE: return job!.kind === KIND_CUSTOM && !job!.lastPacket ? 1 : 0;
			case ARG_PACKET_LENGTH:
			case ARG_READ_LENGTH: return this.#length;
		}
		return 0;
	}

	// `data`: the command takes data after `>`, which comes before its OK; only those look for `>` (a
	// stray `>` on a noisy line elsewhere is noise), and an OK before it is a late answer (chat.ts).
	#send(length: number, timeout: number, data: boolean, payload?: Uint8Array): void {
		this.#commandLength = length;
		const exchange = this.#exchange;
		exchange.prompt = data ? PROMPT_FIRST : PROMPT_NONE;
		exchange.payload = payload;
		exchange.timeout = timeout;
		this.#chat.send(length, exchange, this);
	}

	#arm(state: number, ms: number): void {
		this.#state = state;
		this.#alarm.arm(ms);
	}

	#onTimer(): void {
		switch (this.#state) {
			case S_START: return this.#start();
			case S_PROBE_WAIT:
				this.#state = S_PROBE;
				this.#command(this.#profile.probe);
				return;
			case S_BODY_WAIT: return this.#sendRequest();
			case S_RESULT: return this.#finishWith(this.#profile.responseTimeoutCode);
			case S_READ_PAUSED:
			case S_READ_POLL: return this.#read();
			case S_LADDER_WAIT: return this.#ladder();
			case S_NET_WAIT: return this.#netAct(this.#network.wake());
		}
	}

	#trace(message: string): void {
		this.#options.onTrace?.(message);
	}
}

function request(row: Command): Request {
	return { row, results: row.results.map(asciiBytes) };
}
