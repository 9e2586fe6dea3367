// The one conversation the module allows, for any module with a profile (profile.ts). The core owns the
// chat, queues HTTP jobs (from any number of clients), remembers every configuration value and the URL
// so a request sends only what changed, wakes the module from sleep, handles its reboots, and walks the
// profile's recovery ladder when a failure calls for it. Which commands, with which arguments, timeouts
// and answers, is the profile's: the core interprets its rows.
//
// One explicit state at a time (#state), one reusable timer (#alarm) for every wait of the core's own
// (the chat times its commands). The core is the chat delegate of every exchange it starts and the
// handler of the result URCs; onDone is the dispatcher.
import { Chat, PROMPT_FIRST, PROMPT_NONE, type Exchange } from "../at/chat.js";
import { Alarm, type SerialOptions, type TimerApi } from "../at/io.js";
import type { Tokenizer } from "../at/tokenizer.js";
import { RESULT_CME, RESULT_ERROR, RESULT_OK, RESULT_REBOOT, RESULT_TIMEOUT, RESULT_CANCELLED, RESULT_CLOSED, TOKEN_GARBLED, TOKEN_INFO, TOKEN_LINE } from "../at/tokens.js";
import { equalsBytes, fieldEnd, nextField, parseSigned, parseUint, asciiBytes } from "../at/fields.js";
import {
	ERR_AT_ERROR, ERR_CANCELLED, ERR_CLOSED, ERR_DENIED, ERR_NETWORK_LOST, ERR_NO_ADDRESS, ERR_NOT_REGISTERED, ERR_PROTOCOL,
	ERR_REBOOTED, ERR_SIM, ERR_TIMEOUT, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT,
} from "./codes.js";
import { ModemError } from "./errors.js";
import { asciiText, writeAscii, writeUint } from "./command.js";
import { KIND_CUSTOM, KIND_POST, READ_DONE, READ_MORE, caBytes, sameCa, type HttpJob } from "./job.js";
import { RequestBuffers } from "./buffers.js";
import {
	ARG_INPUT_TIME, ARG_MORE, ARG_PACKET_LENGTH, ARG_RANGE_LENGTH, ARG_RANGE_START, ARG_READ_LENGTH, ARG_READ_TIME,
	ARG_RESPONSE_TIME, ARG_URL_LENGTH, CHECK_FIELDS, CHECK_IS, CHECK_LACKS, CHECK_NONE, CHECK_NUMBER, NEXT_DECIDE, NEXT_DONE,
	NEXT_FAIL, NEXT_RETRY, TIME_DATA, TIME_INPUT, TIME_PROMPT, TIME_READ, WANT_ALWAYS, WANT_AWAKE, WANT_CONTENT_TYPE,
	WANT_CUSTOM, WANT_TLS, WANT_VERIFY, ARG_APN, ARG_EDRX, ARG_T3324, ARG_T3412, type Command, type Profile,
} from "./profile.js";
import {
	checkPower, edrxValue, networkState, REG_DENIED, REG_HOME, REG_NONE, REG_ROAMING, t3324Bits, t3324Seconds, t3412Bits,
	t3412Seconds, type ModemStatus, type NetworkState, type PowerOptions, type StartOptions, type StartResult,
} from "./network.js";

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
	#timer: TimerApi;
	#alarm: Alarm;
	#options: ModemOptions;
	#promptDelay: number;
	#inputTime: number;
	#readTimeout: number;
	#readTime: number;

	#state = S_IDLE;
	#queue: HttpJob[] = [];
	#job: HttpJob | undefined;
	#at = ""; // where we are, for errors: the step of the command in flight, "recovery", "modem"
	#length = 0; // ARG_PACKET_LENGTH or ARG_READ_LENGTH of the command being written
	#commandLength = 0; // the last command's length in chat.tx, for errors
	#exchange: Exchange = { prompt: PROMPT_NONE, payload: undefined, timeout: 0 };

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
		this.#timer = options.timer;
		this.#promptDelay = options.promptDelay ?? 600;
		this.#inputTime = options.inputTime ?? 60;
		this.#readTimeout = options.readTimeout ?? 60000;
		this.#readTime = options.readTime ?? 300;
		if (!(this.#readTime >= 1 && this.#readTime <= 300)) throw new RangeError("readTime is 1–300 seconds");
		this.#url = new Uint8Array(profile.urlMax);
		const post = request(profile.post);
		this.#requests = [undefined, request(profile.get), request(profile.getRange), post, post];
		this.#readName = profile.read.payload ? asciiBytes(profile.read.payload) : undefined;
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
		});
		const urc = { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onResultUrc(tokenizer) };
		const names: string[] = [];
		for (const row of [profile.get, profile.getRange, profile.post]) {
			for (const name of row.results) if (!names.includes(name)) names.push(name);
		}
		for (const name of names) this.#chat.addUrc(name, urc);
		this.#netSetup(profile);
		this.#alarm = new Alarm(options.timer, () => this.#onTimer());
	}

	/** The timer API the modem was given, for the layers above (one reusable timer each). */
	get timer(): TimerApi {
		return this.#timer;
	}

	/** Queues a request; it starts when the module is free. */
	enqueue(job: HttpJob): void {
		if (this.#state === S_CLOSED) throw new ModemError(ERR_CLOSED, "enqueue");
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
		if (this.#chat.busy) this.#chat.cancel();
		else this.#finish(new ModemError(ERR_CANCELLED, this.#at));
	}

	/** Puts the module to sleep now if nothing is running. */
	sleep(): void {
		if (this.#state !== S_IDLE || this.#asleep) return;
		this.#state = S_SLEEP;
		this.#command(this.#profile.sleep);
	}

	/** Idempotent. Every queued job finishes with ERR_CLOSED. */
	close(): void {
		if (this.#state === S_CLOSED) return;
		const job = this.#job;
		this.#state = S_CLOSED;
		this.#job = undefined;
		this.#alarm.close();
		this.#chat.close();
		const queue = this.#queue.splice(0, this.#queue.length);
		this.#netClose();
		if (job) job.onFinish(new ModemError(ERR_CLOSED, "close"));
		for (const queued of queue) queued.onFinish(new ModemError(ERR_CLOSED, "close"));
	}

	// ---- the dispatcher: one exchange ended ----

	onDone(_chat: Chat, result: number, code: number): void {
		if (result === RESULT_CLOSED) return;
		switch (this.#state) {
			case S_PROBE:
				if (result === RESULT_OK) {
					this.#needProbe = false;
					this.#asleep = false;
					this.#probes = 0;
					if (this.#net) this.#netSend();
					else this.#step();
				} else if (++this.#probes < PROBE_TRIES) this.#arm(S_PROBE_WAIT, 200 * this.#probes);
				else if (this.#net) this.#netProbeFailed();
				else this.#failProbe();
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
			case S_NET:
				this.#netDone(result, code);
				return;
			case S_RAI:
				if (result === RESULT_TIMEOUT) this.#needProbe = true;
				this.#finish(undefined); // refused (602: the connection is already gone) or not, the request is done
				return;
			case S_SLEEP:
				if (result === RESULT_OK) this.#asleep = true;
				this.#state = S_IDLE;
				if (this.#queue.length || this.#netQueue.length) this.#arm(S_START, 0);
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
				this.#remaining = parseUint(bytes, nextField(bytes, fieldEnd(bytes, tokenizer.valueStart, end), end), end);
			}
		} else if (this.#state === S_LADDER && tokenizer.kind === TOKEN_INFO) this.#ladderInfo(tokenizer);
		else if (this.#state === S_NET) this.#netInfo(tokenizer);
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
		if (this.#netQueue.length) return this.#netBegin();
		const job = this.#queue.shift();
		this.#at = "modem";
		if (!job) {
			this.#idle();
			return;
		}
		this.#job = job;
		this.#resultSeen = false;
		this.#lostDuring = this.#stat !== REG_NONE && !this.#registered(); // known lost (+CEREG) before it starts
		if (this.#asleep) this.#needProbe = true; // the first byte that wakes it is lost
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
		for (const name of request.results) if (equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)) named = true;
		if (!named) return;
		// +NAME: <result>[,<status>[,<content length>]]
		const end = tokenizer.valueEnd;
		let field = tokenizer.valueStart;
		let fieldStop = fieldEnd(bytes, field, end);
		this.#resultCode = parseUint(bytes, field, fieldStop);
		field = nextField(bytes, fieldStop, end);
		fieldStop = fieldEnd(bytes, field, end);
		this.#status = field < end ? parseUint(bytes, field, fieldStop) : -1;
		field = nextField(bytes, fieldStop, end);
		this.#contentLength = field < end ? parseUint(bytes, field, fieldEnd(bytes, field, end)) : -1;
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
		if (next === READ_DONE) return this.#requestDone();
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
			detail = `the module gave ${code} with +CEREG stat ${this.#stat}`;
			code = ERR_NETWORK_LOST;
		}
		const row = this.#profile.lookup(code);
		const error = new ModemError(code, this.#at, asciiText(this.#chat.tx, 0, this.#commandLength), detail, row);
		const recovery = row[3];
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

	#failProbe(): void {
		this.#probes = 0;
		this.#hardwareReset();
		this.#finishWith(ERR_TIMEOUT);
	}

	// The RESET/PWRKEY pulse (if the host wired one): the module restarts and has forgotten everything.
	#hardwareReset(): void {
		this.#ladderRuns = 0;
		this.#options.reset?.();
		this.#forget();
		this.#needProbe = true;
	}

	#idle(): void {
		this.#state = S_IDLE;
		if (this.#options.sleep && !this.#asleep) this.sleep();
	}

	#onReboot(): void {
		this.#forget();
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
				if (nextField(bytes, fieldEnd(bytes, start, end), end) < end) this.#ladderGood = true;
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

	// ---- network jobs (issue 17): bring-up, status, power settings; release assistance ----
	//
	// A network job is a script of steps (N_*), each one row of profile.network; it runs in the same queue
	// as the HTTP jobs (before them), woken and probed like them. What each answer shows is read from the
	// tokenizer's spans into the fields below; only the job's final result object (and, once, the identity
	// strings) is allocated.

	/** Release assistance after a request's last read (ModemOptions.releaseAssistance), settable. */
	releaseAssistance = false;
	/** Registration changes (ModemOptions.onNetwork), settable. */
	onNetwork: ((state: NetworkState) => void) | undefined;

	#netQueue: NetJob[] = [];
	#net: NetJob | undefined;
	#netAt = 0; // the step in flight, an index into #net.steps
	#netTries = 0; // of the step in flight, after a timeout or a reboot
	#netWaited = 0; // ms waited in the step (registration, address)
	#netDelay = 0;
	#netNext = false; // S_NET_WAIT ends by going to the next step, not by sending this one again
	#netSeen = false; // the step's expected line came
	#rows: Command[] = [];
	#names: (Uint8Array | undefined)[] = [];
	#regName: Uint8Array | undefined;
	#simReady: Uint8Array | undefined;
	#revisionPrefix: Uint8Array | undefined;
	// The registration, as last read or reported (+CEREG).
	#stat = REG_NONE;
	#cause = 0;
	#activeBits = -1;
	#tauBits = -1;
	#reportOn = false;
	#lostDuring = false; // the running HTTP job saw the registration lost
	#apnMatches = false;
	#address = "";
	// Status figures of the job in flight; the identity once read.
	#rsrp = NaN;
	#rsrq = NaN;
	#snr = NaN;
	#cellSeen = false;
	#cellUnsupported = false;
	#edrxCycle = 0;
	#ptw = 0;
	#sleepSetting = -1;
	#imei = "";
	#iccid = "";
	#imsi = "";
	#revision = "";

	/**
	 * Brings the network up: the (U)SIM, the APN (set and the module restarted only when it differs), the
	 * registration URCs, PSM/eDRX when asked for, the registration (home or roaming) within `timeout`, then
	 * the data address. Rejects with a ModemError: 950 SIM, 951 denied (EMM cause in the message), 952 not
	 * registered in time, 953 no address, or the module's code. Runs in the request queue.
	 */
	start(options: StartOptions = {}): Promise<StartResult> {
		if (typeof options !== "object" || options === null) throw new TypeError("start: pass an options object: start({ apn: \"…\", timeout: 180000 })");
		const apn = options.apn;
		if (apn !== undefined && !(typeof apn === "string" && /^[A-Za-z0-9.-]{1,99}$/.test(apn))) throw new TypeError("start: apn is the operator's APN, 1–99 letters, digits, dots and dashes");
		const timeout = options.timeout ?? 180000;
		if (!(timeout > 0)) throw new RangeError("start: timeout is milliseconds, more than 0");
		checkPower(options, this.#profile.network.edrxCycles);
		return this.#netEnqueue(START_STEPS, options, apn === undefined ? undefined : asciiBytes(apn), timeout) as Promise<StartResult>;
	}

	/** Registration, signal, identity, the granted PSM/eDRX timers and the sleep setting, read from the module
	 *  (the identity only once). Runs in the request queue. */
	status(): Promise<ModemStatus> {
		return this.#netEnqueue(STATUS_STEPS, {}, undefined, 0) as Promise<ModemStatus>;
	}

	/** Requests PSM and eDRX (or turns them off with false); the network's grant shows in status(). */
	setPower(options: PowerOptions): Promise<void> {
		if (typeof options !== "object" || options === null) throw new TypeError("setPower: pass { psm: { periodicTau, activeTime }, edrx: { cycle } }");
		checkPower(options, this.#profile.network.edrxCycles);
		return this.#netEnqueue(POWER_STEPS, options, undefined, 0) as Promise<void>;
	}

	/** The registration as last read or reported; stat REG_NONE (-1) before any. */
	get network(): NetworkState {
		return networkState(this.#stat, this.#cause);
	}

	#netSetup(profile: Profile): void {
		this.releaseAssistance = this.#options.releaseAssistance === true;
		this.onNetwork = this.#options.onNetwork;
		const n = profile.network;
		const rows = [n.sim, n.apnRead, n.apnWrite, n.restart, n.report, n.psm, n.edrx, n.registration, n.address,
			n.revision, n.imei, n.iccid, n.imsi, n.registration, n.cell, n.signal, n.edrxRead, n.sleepRead];
		this.#rows = rows;
		// The answer's line name, where it is a +NAME: line (ATI and AT+CIMI answer plain lines).
		this.#names = rows.map((row, step) => (step === N_REVISION || step === N_IMSI || step === N_RESTART ? undefined : asciiBytes(row.step)));
		this.#regName = asciiBytes(n.registrationName);
		this.#simReady = asciiBytes(n.simReady);
		this.#revisionPrefix = asciiBytes(n.revisionPrefix);
		this.#chat.addUrc(n.registrationName, { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onRegistration(tokenizer) });
	}

	#netEnqueue(steps: readonly number[], power: PowerOptions, apn: Uint8Array | undefined, timeout: number): Promise<unknown> {
		if (this.#state === S_CLOSED) return Promise.reject(new ModemError(ERR_CLOSED, "network"));
		return new Promise((resolve, reject) => {
			this.#netQueue.push({ steps, power, apn, timeout, resolve, reject });
			if (this.#state === S_IDLE) this.#arm(S_START, 0);
		});
	}

	#netBegin(): void {
		const job = this.#netQueue.shift()!;
		this.#net = job;
		this.#at = "network";
		if (this.#asleep) this.#needProbe = true; // the first byte that wakes it is lost
		if (job.steps === STATUS_STEPS) {
			this.#rsrp = this.#rsrq = this.#snr = NaN;
			this.#cellSeen = false;
			this.#edrxCycle = this.#ptw = 0;
			this.#sleepSetting = -1;
		}
		this.#apnMatches = false;
		this.#address = "";
		this.#netAt = -1;
		this.#netStep();
	}

	// To the next step the job needs, or its end.
	#netStep(): void {
		const job = this.#net!;
		do {
			if (++this.#netAt >= job.steps.length) return this.#netEnd();
		} while (this.#netSkip(job.steps[this.#netAt]!, job));
		this.#netTries = this.#netWaited = this.#netDelay = 0;
		this.#netSend();
	}

	#netSkip(step: number, job: NetJob): boolean {
		switch (step) {
			case N_APN_READ: return !job.apn;
			case N_APN_WRITE:
			case N_RESTART: return !job.apn || this.#apnMatches;
			case N_REPORT: return this.#reportOn;
			case N_PSM: return job.power.psm === undefined;
			case N_EDRX: return job.power.edrx === undefined;
			case N_REVISION: return this.#revision !== "";
			case N_IMEI: return this.#imei !== "";
			case N_ICCID: return this.#iccid !== "";
			case N_IMSI: return this.#imsi !== "";
			case N_CELL: return this.#cellUnsupported;
			case N_SIGNAL: return this.#cellSeen; // the cell report gave the figures already
		}
		return false;
	}

	// Sends the step's row (after a probe when the module may be asleep).
	#netSend(): void {
		if (this.#needProbe) {
			this.#state = S_PROBE;
			this.#command(this.#profile.probe);
			return;
		}
		const job = this.#net!;
		const step = job.steps[this.#netAt]!;
		const network = this.#profile.network;
		let row = this.#rows[step]!;
		if (step === N_PSM && job.power.psm === false) row = network.psmOff;
		if (step === N_EDRX && job.power.edrx === false) row = network.edrxOff;
		const tx = this.#chat.tx;
		let at = writeAscii(tx, 0, row.text);
		const args = row.args;
		for (let i = 0; i < args.length; i++) {
			if (i > 0) at = writeAscii(tx, at, ",");
			at = this.#netArgument(tx, at, args[i]!, job);
		}
		this.#netSeen = false;
		this.#state = S_NET;
		this.#at = row.step;
		this.#send(at, row.ms, false);
	}

	#netArgument(tx: Uint8Array, at: number, arg: number, job: NetJob): number {
		tx[at++] = QUOTE;
		const psm = job.power.psm, edrx = job.power.edrx;
		switch (arg) {
			case ARG_APN:
				tx.set(job.apn!, at);
				at += job.apn!.length;
				break;
			case ARG_T3412: at = writeBits(tx, at, psm ? t3412Bits(psm.periodicTau) : 0, 8); break;
			case ARG_T3324: at = writeBits(tx, at, psm ? t3324Bits(psm.activeTime) : 0, 8); break;
			case ARG_EDRX: at = writeBits(tx, at, edrx ? edrxValue(edrx.cycle, this.#profile.network.edrxCycles) : 0, 4); break;
		}
		tx[at++] = QUOTE;
		return at;
	}

	#netDone(result: number, code: number): void {
		const job = this.#net!;
		const step = job.steps[this.#netAt]!;
		if (result === RESULT_TIMEOUT || result === RESULT_REBOOT || result === RESULT_CANCELLED) {
			// A command lost to a sleeping module, or a restart: probe and send it again, twice.
			this.#needProbe = true;
			if (++this.#netTries < 3) return this.#netSend();
			return this.#netFail(result === RESULT_REBOOT ? ERR_REBOOTED : ERR_TIMEOUT);
		}
		switch (step) {
			case N_SIM:
				if (result === RESULT_OK && this.#netSeen) return this.#netStep();
				return this.#netFail(ERR_SIM, result === RESULT_CME ? `+CME ERROR: ${code}` : "AT+CPIN? did not answer READY");
			case N_CELL:
				if (result !== RESULT_OK) {
					this.#cellUnsupported = true; // this firmware has no such report: the signal command instead
					return this.#netStep();
				}
				break;
			case N_RESTART:
				if (result !== RESULT_OK) break;
				this.#needProbe = true;
				this.#reportOn = false;
				return this.#netWait(this.#profile.network.restartMs, true);
			case N_REGISTERED:
				if (result === RESULT_OK) return this.#netRegistration();
				break;
			case N_ADDRESS:
				if (result !== RESULT_OK) break;
				if (this.#address) return this.#netStep();
				// The address follows the attach by a moment: a few tries, a second apart.
				if (this.#netWaited >= 5000) return this.#netFail(ERR_NO_ADDRESS);
				return this.#netWait(1000, false);
			case N_REPORT:
				if (result === RESULT_OK) this.#reportOn = true;
				break;
		}
		if (result !== RESULT_OK) return this.#netFail(result === RESULT_CME ? code : ERR_AT_ERROR);
		this.#netStep();
	}

	// After AT+CEREG?'s OK: registered, denied, or wait and read again within the timeout.
	#netRegistration(): void {
		const job = this.#net!;
		if (this.#registered()) return this.#netStep();
		if (this.#stat === REG_DENIED) return this.#netFail(ERR_DENIED, `EMM cause ${this.#cause}`);
		if (this.#netWaited >= job.timeout) return this.#netFail(ERR_NOT_REGISTERED, `+CEREG stat ${this.#stat} after ${Math.round(this.#netWaited / 1000)} s`);
		const delay = Math.min(this.#netDelay ? this.#netDelay * 2 : 500, 4000, job.timeout - this.#netWaited);
		this.#netDelay = delay;
		this.#netWait(delay, false);
	}

	#netWait(ms: number, next: boolean): void {
		this.#netWaited += ms;
		this.#netNext = next;
		this.#arm(S_NET_WAIT, ms);
	}

	#netWake(): void {
		if (this.#netNext) this.#netStep();
		else this.#netSend();
	}

	#netProbeFailed(): void {
		this.#probes = 0;
		this.#hardwareReset();
		this.#netFail(ERR_TIMEOUT);
	}

	#netEnd(): void {
		const job = this.#net!;
		this.#net = undefined;
		this.#netAfter();
		let value: unknown;
		if (job.steps === START_STEPS) {
			const state = networkState(this.#stat, this.#cause) as StartResult;
			state.address = this.#address;
			value = state;
		} else if (job.steps === STATUS_STEPS) value = this.#statusResult();
		this.#arm(S_START, 0);
		job.resolve(value);
	}

	#statusResult(): ModemStatus {
		const active = this.#activeBits >= 0 ? t3324Seconds(this.#activeBits) : -1;
		const tau = this.#tauBits >= 0 ? t3412Seconds(this.#tauBits) : -1;
		const status = networkState(this.#stat, this.#cause) as ModemStatus;
		status.rsrp = this.#rsrp;
		status.rsrq = this.#rsrq;
		status.snr = this.#snr;
		status.imei = this.#imei;
		status.iccid = this.#iccid;
		status.imsi = this.#imsi;
		status.revision = this.#revision;
		status.psm = active >= 0 && tau >= 0 ? { activeTime: active, periodicTau: tau } : undefined;
		status.edrx = this.#edrxCycle > 0 ? { cycle: this.#edrxCycle, pagingWindow: this.#ptw } : undefined;
		status.sleep = this.#sleepSetting;
		status.asleep = this.#asleep;
		return status;
	}

	#netFail(code: number, detail = ""): void {
		const job = this.#net!;
		this.#net = undefined;
		this.#netAfter();
		const error = new ModemError(code, this.#at, asciiText(this.#chat.tx, 0, this.#commandLength), detail, this.#profile.lookup(code));
		this.#trace(error.message);
		this.#arm(S_START, 0);
		job.reject(error);
	}

	// A module that may sleep by itself (QSCLK=1 from boot, FIELD-NOTES) and was not yet told to stay awake
	// (the configuration item a request sends) may sleep before the next command: probe it first.
	#netAfter(): void {
		const config = this.#profile.config;
		for (let i = 0; i < config.length; i++) if (config[i]!.want === WANT_AWAKE && this.#cfg[i] !== config[i]!.value) this.#needProbe = true;
	}

	#netClose(): void {
		const jobs = this.#netQueue.splice(0, this.#netQueue.length);
		if (this.#net) jobs.unshift(this.#net);
		this.#net = undefined;
		for (const job of jobs) job.reject(new ModemError(ERR_CLOSED, "close"));
	}

	#registered(): boolean {
		return this.#stat === REG_HOME || this.#stat === REG_ROAMING;
	}

	// One answer line of the step in flight: only a line of the expected name (or form) counts; blank
	// lines never reach here and a URC of another name is passed over.
	#netInfo(tokenizer: Tokenizer): void {
		const step = this.#net!.steps[this.#netAt]!;
		const bytes = tokenizer.bytes;
		const name = this.#names[step];
		if (!name) {
			if (tokenizer.kind !== TOKEN_LINE) return;
			const start = tokenizer.start, end = tokenizer.end;
			if (step === N_REVISION) {
				const prefix = this.#revisionPrefix!;
				if (end - start > prefix.length && equalsBytes(bytes, start, start + prefix.length, prefix)) this.#revision = asciiText(bytes, start + prefix.length, end);
			} else if (step === N_IMSI && end - start >= 6 && end - start <= 15 && parseUint(bytes, start, end) >= 0) this.#imsi = asciiText(bytes, start, end);
			return;
		}
		if (tokenizer.kind !== TOKEN_INFO || !equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)) return;
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		switch (step) {
			case N_SIM:
				this.#netSeen = equalsBytes(bytes, start, end, this.#simReady!);
				return;
			case N_APN_READ: { // +QCGDEFCONT: "<type>"[,"<apn>"…]
				const apn = field(bytes, start, end, 1);
				this.#apnMatches = apn < end && sameAscii(bytes, apn, fieldEnd(bytes, apn, end), this.#net!.apn!);
				return;
			}
			case N_ADDRESS: { // +CGPADDR: <cid>[,"<address>"]
				const at = field(bytes, start, end, 1), stop = fieldEnd(bytes, at, end);
				if (stop - at > 2 && bytes[at] === QUOTE) this.#address = asciiText(bytes, at + 1, stop - 1);
				return;
			}
			case N_IMEI:
				this.#imei = asciiText(bytes, start, end);
				return;
			case N_ICCID:
				if (end > start) this.#iccid = asciiText(bytes, start, end);
				return;
			case N_CELL: { // +QENG: 0,… with the serving cell's figures at cellFields
				if (parseUint(bytes, start, fieldEnd(bytes, start, end)) !== 0) return;
				const [rsrp, rsrq, snr] = this.#profile.network.cellFields;
				this.#rsrp = signed(bytes, start, end, rsrp);
				this.#rsrq = signed(bytes, start, end, rsrq);
				this.#snr = signed(bytes, start, end, snr);
				this.#cellSeen = !Number.isNaN(this.#rsrp);
				return;
			}
			case N_SIGNAL: { // +CESQ: …,<rsrq>,<rsrp> (indexes of 27.007: rsrq -20 + n/2 dB, rsrp -141 + n dBm; 255 unknown)
				let at = start, count = 0;
				for (let i = start; i < end; i++) if (bytes[i] === COMMA) count++;
				at = field(bytes, start, end, count - 1);
				const q = parseUint(bytes, at, fieldEnd(bytes, at, end));
				at = field(bytes, start, end, count);
				const p = parseUint(bytes, at, end);
				this.#rsrq = q >= 0 && q !== 255 ? -20 + q / 2 : NaN;
				this.#rsrp = p >= 0 && p !== 255 ? -141 + p : NaN;
				return;
			}
			case N_EDRX_READ: { // +CEDRXRDP: <AcT>[,"<requested>","<granted>","<ptw>"]
				const granted = bitsField(bytes, start, end, 2), ptw = bitsField(bytes, start, end, 3);
				const cycles = this.#profile.network.edrxCycles;
				this.#edrxCycle = granted >= 0 && granted < cycles.length ? cycles[granted]! : 0;
				this.#ptw = ptw >= 0 ? 2560 * (ptw + 1) : 0;
				return;
			}
			case N_SLEEP_READ:
				this.#sleepSetting = parseUint(bytes, start, end);
				return;
		}
	}

	// +CEREG, in both forms: the read answer `<n>,<stat>,…` and the URC `<stat>,…` (whose second field, when
	// there is one, is a quoted TAC or empty, never a number).
	#onRegistration(tokenizer: Tokenizer): void {
		const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
		const second = field(bytes, start, end, 1);
		const read = second < end && bytes[second] !== QUOTE && parseUint(bytes, second, fieldEnd(bytes, second, end)) >= 0;
		const from = read ? second : start;
		const stat = parseUint(bytes, from, fieldEnd(bytes, from, end));
		if (stat < 0 || stat > 5) return; // unreadable: never a state
		const cause = stat === REG_DENIED ? parseUint(bytes, field(bytes, from, end, 5), fieldEnd(bytes, field(bytes, from, end, 5), end)) : 0;
		// A short form (`<stat>` alone: another presentation mode, a stray URC) says nothing of the timers.
		if (field(bytes, from, end, 1) < end || (stat !== REG_HOME && stat !== REG_ROAMING)) {
			this.#activeBits = bitsField(bytes, from, end, 6);
			this.#tauBits = bitsField(bytes, from, end, 7);
		}
		const changed = stat !== this.#stat || (cause > 0 ? cause : 0) !== this.#cause;
		this.#stat = stat;
		this.#cause = cause > 0 ? cause : 0;
		const registered = this.#registered();
		if (this.#job && !registered) this.#lostDuring = true;
		if (changed) {
			this.#trace(`network: +CEREG stat ${stat}${this.#cause ? ` (cause ${this.#cause})` : ""}`);
			const onNetwork = this.onNetwork;
			if (onNetwork) {
				try {
					onNetwork.call(this, networkState(stat, this.#cause));
				} catch (error) {
					this.#trace(`onNetwork failed: ${(error as Error)?.message ?? error}`);
				}
			}
		}
		// Registered while the bring-up waits: read it now rather than at the end of the wait.
		if (registered && this.#state === S_NET_WAIT && !this.#netNext && this.#net?.steps[this.#netAt] === N_REGISTERED) this.#alarm.arm(1);
	}

	// The request's last read is done: release assistance when asked for and nothing else is queued (the
	// next request would use the connection).
	#requestDone(): void {
		if (!this.releaseAssistance || this.#queue.length || this.#netQueue.length) return this.#finish(undefined);
		this.#state = S_RAI;
		this.#command(this.#profile.network.release);
	}

	// ---- plumbing ----

	// Writes a command row with its arguments and sends it. `data`: bytes sent after `>` (TIME_DATA).
	#command(row: Command, data = 0): void {
		const job = this.#job;
		const tx = this.#chat.tx;
		let at = writeAscii(tx, 0, row.text);
		const args = row.args;
		for (let i = 0; i < args.length; i++) {
			if (i > 0) at = writeAscii(tx, at, ",");
			at = writeUint(tx, at, this.#argument(args[i]!, job));
		}
		this.#at = row.step;
		const time = row.time;
		let timeout = row.ms;
		if (time & TIME_READ) timeout = this.#readTimeout;
		if (time & TIME_PROMPT) timeout += this.#promptDelay;
		if (time & TIME_INPUT) timeout += this.#inputTime * 1000;
		if (time & TIME_DATA) timeout += data;
		this.#send(at, timeout, row.data, row.payload ? this.#readName : undefined);
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
			case S_NET_WAIT: return this.#netWake();
		}
	}

	#trace(message: string): void {
		this.#options.onTrace?.(message);
	}
}

// The steps of the network jobs (their rows, in #netSetup's order).
const N_SIM = 0, N_APN_READ = 1, N_APN_WRITE = 2, N_RESTART = 3, N_REPORT = 4, N_PSM = 5, N_EDRX = 6, N_REGISTERED = 7,
	N_ADDRESS = 8, N_REVISION = 9, N_IMEI = 10, N_ICCID = 11, N_IMSI = 12, N_REGISTRATION = 13, N_CELL = 14, N_SIGNAL = 15,
	N_EDRX_READ = 16, N_SLEEP_READ = 17;
const START_STEPS = Object.freeze([N_SIM, N_APN_READ, N_APN_WRITE, N_RESTART, N_REPORT, N_PSM, N_EDRX, N_REGISTERED, N_ADDRESS]);
const STATUS_STEPS = Object.freeze([N_REPORT, N_REVISION, N_IMEI, N_ICCID, N_IMSI, N_REGISTRATION, N_CELL, N_SIGNAL, N_EDRX_READ, N_SLEEP_READ]);
const POWER_STEPS = Object.freeze([N_PSM, N_EDRX]);
const QUOTE = 0x22;
const COMMA = 0x2c;

interface NetJob {
	steps: readonly number[];
	power: PowerOptions;
	apn: Uint8Array | undefined;
	timeout: number;
	resolve(value: unknown): void;
	reject(error: ModemError): void;
}

// The start of field `index` (0 is the first) of bytes[start, end), or end.
function field(bytes: Uint8Array, start: number, end: number, index: number): number {
	let at = start;
	for (let i = 0; i < index && at < end; i++) at = nextField(bytes, fieldEnd(bytes, at, end), end);
	return at;
}

function signed(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = field(bytes, start, end, index);
	return parseSigned(bytes, at, fieldEnd(bytes, at, end));
}

// A quoted field of 0s and 1s ("01000011") as a number; -1 when absent or empty.
function bitsField(bytes: Uint8Array, start: number, end: number, index: number): number {
	const at = field(bytes, start, end, index), stop = fieldEnd(bytes, at, end);
	if (stop - at < 3 || bytes[at] !== QUOTE || bytes[stop - 1] !== QUOTE) return -1;
	let value = 0;
	for (let i = at + 1; i < stop - 1; i++) {
		const bit = bytes[i]! - 0x30;
		if (bit !== 0 && bit !== 1) return -1;
		value = value * 2 + bit;
	}
	return value;
}

function writeBits(tx: Uint8Array, at: number, value: number, count: number): number {
	for (let bit = count - 1; bit >= 0; bit--) tx[at++] = 0x30 + ((value >> bit) & 1);
	return at;
}

// A quoted field (quotes optional) against ASCII bytes, letters in either case (APNs are case-insensitive).
function sameAscii(bytes: Uint8Array, start: number, end: number, other: Uint8Array): boolean {
	if (end - start >= 2 && bytes[start] === QUOTE && bytes[end - 1] === QUOTE) {
		start++;
		end--;
	}
	if (end - start !== other.length) return false;
	for (let i = 0; i < other.length; i++) if ((bytes[start + i]! | 0x20) !== (other[i]! | 0x20)) return false;
	return true;
}

function request(row: Command): Request {
	return { row, results: row.results.map(asciiBytes) };
}
