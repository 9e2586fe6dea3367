// The one conversation the module allows. A Modem owns the chat, queues HTTP jobs (from any number of
// clients), remembers every AT+QHTTPCFG value and the URL so a request sends only what changed, wakes
// the module from sleep, and walks the manual's chapter-4 recovery ladder when a failure calls for it.
//
// One explicit state at a time (#state), one reusable timer (#alarm) for every wait of the modem's own
// (the chat times its commands). The modem is the chat delegate of every exchange it starts and the
// handler of the result URCs; #onDone is the dispatcher.
import { Chat, PROMPT_FIRST, PROMPT_NONE, type ChatOptions, type Exchange } from "../at/chat.js";
import { Alarm, type TimerApi } from "../at/io.js";
import type { Tokenizer } from "../at/tokenizer.js";
import { RESULT_CME, RESULT_ERROR, RESULT_OK, RESULT_REBOOT, RESULT_TIMEOUT, RESULT_CANCELLED, RESULT_CLOSED, TOKEN_GARBLED, TOKEN_INFO } from "../at/tokens.js";
import { equalsBytes, fieldEnd, nextField, parseUint, asciiBytes } from "../at/fields.js";
import { ERR_AT_ERROR, ERR_CANCELLED, ERR_CLOSED, ERR_PROTOCOL, ERR_REBOOTED, ERR_TIMEOUT, lookup, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT } from "./codes.js";
import { ModemError } from "./errors.js";
import { commandText, writeAscii, writeUint } from "./command.js";
import { KIND_CUSTOM, KIND_GET, KIND_GETEX, KIND_POST, READ_DONE, READ_MORE, type HttpJob } from "./job.js";

export interface ModemOptions {
	/** The serial: `io` is the ECMA-419 class to construct, the rest its options (port, pins, baud). */
	serial: ChatOptions["serial"];
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
}

// States: what the current exchange or wait is for.
const S_IDLE = 0;
const S_START = 1; //       deferred start of the next job
const S_PROBE = 2; //       AT until the module answers (first command after sleep or boot is lost)
const S_PROBE_WAIT = 3; //  backoff between probes
const S_CONFIG = 4; //      one configuration command (ATE0, QHTTPCFG, QSSLCFG, QSCLK)
const S_CACERT = 5; //      AT+QSSLCFG=0,0,"cacert" and the PEM after `>`
const S_URL = 6; //         AT+QHTTPURL and the URL after `>`
const S_BODY_WAIT = 7; //   a POST packet is not ready: waiting for resume()
const S_REQUEST = 8; //     AT+QHTTPGET / GETEX / POST (and its packet after `>`)
const S_RESULT = 9; //      OK seen, waiting for the result URC
const S_READ = 10; //       AT+QHTTPREAD
const S_READ_PAUSED = 11; // the reader has no room: waiting for resume()
const S_READ_POLL = 12; //  the module had nothing yet: waiting before the next read
const S_LADDER = 13; //     a recovery command
const S_LADDER_WAIT = 14; // backoff before the ladder's next step
const S_SLEEP = 15; //      AT+QSCLK=1 after idle
const S_CLOSED = 16;

// Configuration items, in the order they are checked before a request.
const CFG_ECHO = 0;
const CFG_SLEEP = 1;
const CFG_RESPONSEHEADER = 2;
const CFG_READFORMAT = 3;
const CFG_SECLEVEL = 4;
const CFG_SSL = 5;
const CFG_REQUESTHEADER = 6;
const CFG_CONTENTTYPE = 7;
const CFG_COUNT = 8;

// Recovery ladder steps (manual chapter 4).
const L_CPIN = 0, L_CGATT = 1, L_CGPADDR = 2, L_DNS = 3, L_CFUN0 = 4, L_CFUN1 = 5, L_ATTACH = 6, L_DONE = 7;

const PROBE_TRIES = 10;
// Ladders climbed (or given up) with no success since, before the next failure pulses the hardware reset
// instead: the first ladder checks, the second (a failure after a failure) reactivates, then the reset.
const RESET_AFTER_LADDERS = 2;
const COMMAND_TIMEOUT = 2000; // the manual's 300 ms, with room for a slow UART and late padding
const URL_MAX = 256;
const READ_MAX = 1024;
const CR_TO_PROMPT_MARGIN = 5000;

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
	if (!b || a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

export class Modem {
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
	#length = 0; // the current command's length in chat.tx

	// What the module is known to hold; -1 (or undefined) is unknown. Reset by a reboot.
	#cfg: number[] = [];
	#want = 0; // the value the command in flight sets
	#wantItem = 0;
	#ca: Uint8Array | undefined;
	#url: Uint8Array;
	#urlLength = -1;

	// The SSL parameter's name: the SSL note's command table says "seclevel", the HTTP(S) note's examples
	// "secllevel", and a module answers ERROR to the one it does not know. We send the table's; on ERROR
	// the other, once; the one that worked is kept until the module restarts (RDY).
	#seclevelAlt = false; // sending "secllevel"
	#seclevelKnown = false; // the module took the current spelling
	#seclevelRetried = false; // the other spelling was tried for the command in flight
	#probes = 0;
	#needProbe = true;
	#needLadder = false;
	#ladderStep = 0;
	#ladderRuns = 0; // ladders climbed (or given up) since the last success
	#reactivate = false;
	// "Still fails" (manual 4.4: reactivate when requests still fail): a failure that follows a failure,
	// the window being the previous request, whatever time passed (the Timer API has no clock, and a
	// module that failed the last request and fails this one still fails). #failures counts requests
	// failed in a row through the module (not cancels or the caller's mistakes); a success clears it.
	#failures = 0;
	#reactivateNext = false;
	#asleep = false;
	#ladderGood = false; // the ladder step in flight found what it checks for

	// The result URC, which may come before the command's OK.
	#resultSeen = false;
	#resultCode = 0;
	#status = 0;
	#contentLength = -1;
	#actual = 0;
	#remaining = 0;
	#pollDelay = 0;
	#waited = 0; // ms polled without data, against readTimeout

	// Name constants, built per instance (never at module level: on a device that is ROM).
	#QHTTPGET = asciiBytes("QHTTPGET");
	#QHTTPGETEX = asciiBytes("QHTTPGETEX");
	#QHTTPPOST = asciiBytes("QHTTPPOST");
	#QHTTPREAD = asciiBytes("QHTTPREAD");
	#READY = asciiBytes("READY");
	#ZERO_ADDRESS = asciiBytes("\"0.0.0.0\"");

	constructor(options: ModemOptions) {
		this.#options = options;
		this.#timer = options.timer;
		this.#promptDelay = options.promptDelay ?? 600;
		this.#inputTime = options.inputTime ?? 60;
		this.#readTimeout = options.readTimeout ?? 60000;
		this.#readTime = options.readTime ?? 300;
		if (!(this.#readTime >= 1 && this.#readTime <= 300)) throw new RangeError("readTime is 1–300 seconds");
		this.#url = new Uint8Array(URL_MAX);
		this.#forget();
		this.#chat = new Chat({
			serial: options.serial,
			timer: options.timer,
			promptDelay: this.#promptDelay,
			onReboot: () => this.#onReboot(),
			onError: (_chat, error) => this.#trace(`callback failed: ${(error as Error)?.message ?? error}`),
		});
		const urc = { onUrc: (_chat: Chat, tokenizer: Tokenizer) => this.#onResultUrc(tokenizer) };
		this.#chat.addUrc("QHTTPGET", urc);
		this.#chat.addUrc("QHTTPGETEX", urc);
		this.#chat.addUrc("QHTTPPOST", urc);
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
		else this.#finish(new ModemError(ERR_CANCELLED, this.#stepName()));
	}

	/** Puts the module to sleep now (AT+QSCLK=1) if nothing is running. */
	sleep(): void {
		if (this.#state !== S_IDLE || this.#asleep) return;
		this.#state = S_SLEEP;
		this.#send(writeAscii(this.#chat.tx, 0, "AT+QSCLK=1"), COMMAND_TIMEOUT);
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
					this.#step();
				} else if (++this.#probes < PROBE_TRIES) this.#arm(S_PROBE_WAIT, 200 * this.#probes);
				else this.#failProbe();
				return;
			case S_CONFIG:
			case S_CACERT:
				if (this.#state === S_CONFIG && this.#wantItem === CFG_SECLEVEL) {
					if (result === RESULT_OK) this.#seclevelKnown = true;
					else if (result === RESULT_ERROR && !this.#seclevelKnown && !this.#seclevelRetried) {
						this.#seclevelRetried = true;
						this.#seclevelAlt = !this.#seclevelAlt;
						this.#trace(`AT+QSSLCFG: ERROR; trying "${this.#seclevelAlt ? "secllevel" : "seclevel"}"`);
						this.#send(this.#writeConfig(this.#chat.tx, CFG_SECLEVEL, this.#want), COMMAND_TIMEOUT);
						return;
					}
					this.#seclevelRetried = false;
				}
				if (result !== RESULT_OK) return this.#fail(result, code);
				if (this.#state === S_CACERT) this.#ca = this.#job?.tls?.ca;
				else this.#cfg[this.#wantItem] = this.#want;
				this.#step();
				return;
			case S_URL:
				if (result !== RESULT_OK) return this.#fail(result, code);
				this.#url.set(this.#job!.url.subarray(0, this.#job!.urlLength));
				this.#urlLength = this.#job!.urlLength;
				this.#request();
				return;
			case S_REQUEST:
				if (result !== RESULT_OK) return this.#fail(result, code);
				if (this.#job!.kind === KIND_CUSTOM && !this.#job!.lastPacket) {
					this.#job!.packetSent();
					this.#request();
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
			case S_SLEEP:
				if (result === RESULT_OK) this.#asleep = true;
				this.#state = S_IDLE;
				if (this.#queue.length) this.#arm(S_START, 0);
				return;
		}
	}

	// The exchange's lines: only the ladder and the read look at them.
	onInfo(_chat: Chat, tokenizer: Tokenizer): void {
		const bytes = tokenizer.bytes;
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		if (this.#state === S_READ) {
			if (tokenizer.kind === TOKEN_GARBLED) this.#actual = -1; // the payload is not what was counted: 903
			else if (tokenizer.kind === TOKEN_INFO && equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, this.#QHTTPREAD)) {
				const comma = fieldEnd(bytes, start, end);
				this.#actual = parseUint(bytes, start, comma);
				this.#remaining = parseUint(bytes, nextField(bytes, comma, end), end);
			}
		} else if (this.#state === S_LADDER) this.#ladderInfo(bytes, tokenizer);
	}

	onPayload(_chat: Chat, bytes: Uint8Array, start: number, end: number): void {
		if (this.#state === S_READ) this.#job?.onData(bytes, start, end);
	}

	onPrompt(chat: Chat): void {
		const job = this.#job;
		if (!job) return chat.cancel();
		switch (this.#state) {
			case S_CACERT:
				chat.sendData(job.tls!.ca!, 0, job.tls!.ca!.length, 0x1a);
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
		const job = this.#queue.shift();
		if (!job) {
			this.#idle();
			return;
		}
		this.#job = job;
		this.#resultSeen = false;
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
			this.#ladderStep = L_CPIN;
			this.#reactivate = this.#reactivateNext;
			this.#reactivateNext = false;
			this.#ladder();
			return;
		}
		this.#step();
	}

	// The next thing the job needs: a probe, a configuration command, the URL, then the request.
	#step(): void {
		const job = this.#job;
		if (!job) return this.#start();
		const tx = this.#chat.tx;
		if (this.#needProbe) {
			this.#state = S_PROBE;
			this.#send(writeAscii(tx, 0, "AT"), 500);
			return;
		}
		for (let item = 0; item < CFG_COUNT; item++) {
			const want = this.#wanted(item, job);
			if (want < 0 || this.#cfg[item] === want) continue;
			this.#state = S_CONFIG;
			this.#wantItem = item;
			this.#want = want;
			this.#send(this.#writeConfig(tx, item, want), COMMAND_TIMEOUT);
			return;
		}
		if (job.tls?.verify && !sameBytes(job.tls.ca!, this.#ca)) {
			this.#state = S_CACERT;
			this.#send(writeAscii(tx, 0, "AT+QSSLCFG=0,0,\"cacert\""), this.#promptDelay + COMMAND_TIMEOUT + job.tls.ca!.length);
			return;
		}
		if (!this.#sameUrl(job)) {
			this.#state = S_URL;
			let at = writeAscii(tx, 0, "AT+QHTTPURL=");
			at = writeUint(tx, at, job.urlLength);
			at = writeAscii(tx, at, ",");
			at = writeUint(tx, at, this.#inputTime);
			this.#send(at, this.#promptDelay + COMMAND_TIMEOUT * 2);
			return;
		}
		this.#request();
	}

	// -1: the job does not care.
	#wanted(item: number, job: HttpJob): number {
		switch (item) {
			case CFG_ECHO: return 0;
			case CFG_SLEEP: return this.#options.sleep ? -1 : 0;
			case CFG_RESPONSEHEADER: return 1;
			case CFG_READFORMAT: return 0;
			case CFG_SECLEVEL: return job.tls ? (job.tls.verify ? 1 : 0) : -1;
			case CFG_SSL: return job.tls ? 1 : -1;
			case CFG_REQUESTHEADER: return job.kind === KIND_CUSTOM ? 1 : 0;
			default: return job.kind === KIND_POST ? job.contentType : -1;
		}
	}

	#writeConfig(tx: Uint8Array, item: number, want: number): number {
		switch (item) {
			case CFG_ECHO: return writeAscii(tx, 0, "ATE0");
			case CFG_SLEEP: return writeAscii(tx, 0, "AT+QSCLK=0");
			case CFG_RESPONSEHEADER: return writeUint(tx, writeAscii(tx, 0, "AT+QHTTPCFG=\"responseheader\","), want);
			case CFG_READFORMAT: return writeUint(tx, writeAscii(tx, 0, "AT+QHTTPCFG=\"readformat\","), want);
			case CFG_SECLEVEL: return writeUint(tx, writeAscii(tx, 0, this.#seclevelAlt ? "AT+QSSLCFG=0,0,\"secllevel\"," : "AT+QSSLCFG=0,0,\"seclevel\","), want);
			case CFG_SSL: return writeAscii(tx, 0, "AT+QHTTPCFG=\"ssl\",0,0");
			case CFG_REQUESTHEADER: return writeUint(tx, writeAscii(tx, 0, "AT+QHTTPCFG=\"requestheader\","), want);
			default: return writeUint(tx, writeAscii(tx, 0, "AT+QHTTPCFG=\"contenttype\","), want);
		}
	}

	#sameUrl(job: HttpJob): boolean {
		if (job.urlLength !== this.#urlLength) return false;
		for (let i = 0; i < job.urlLength; i++) if (job.url[i] !== this.#url[i]) return false;
		return true;
	}

	#request(): void {
		const job = this.#job!;
		const tx = this.#chat.tx;
		const seconds = job.responseTime;
		this.#state = S_REQUEST;
		let at: number;
		switch (job.kind) {
			case KIND_GET:
				at = writeUint(tx, writeAscii(tx, 0, "AT+QHTTPGET="), seconds);
				at = writeUint(tx, writeAscii(tx, at, ","), this.#readTime);
				this.#send(at, COMMAND_TIMEOUT);
				return;
			case KIND_GETEX:
				at = writeUint(tx, writeAscii(tx, 0, "AT+QHTTPGETEX="), seconds);
				at = writeUint(tx, writeAscii(tx, at, ","), job.rangeStart);
				at = writeUint(tx, writeAscii(tx, at, ","), job.rangeLength);
				at = writeUint(tx, writeAscii(tx, at, ","), this.#readTime);
				this.#send(at, COMMAND_TIMEOUT);
				return;
		}
		const length = job.nextPacket();
		if (length < 0) {
			this.#state = S_BODY_WAIT;
			return;
		}
		at = writeUint(tx, writeAscii(tx, 0, "AT+QHTTPPOST="), length);
		at = writeUint(tx, writeAscii(tx, at, ","), this.#inputTime);
		at = writeUint(tx, writeAscii(tx, at, ","), seconds);
		at = writeUint(tx, writeAscii(tx, at, ","), job.kind === KIND_CUSTOM && !job.lastPacket ? 1 : 0);
		at = writeUint(tx, writeAscii(tx, at, ","), this.#readTime);
		this.#length = length; // the packet's length, for onPrompt
		// The module may take 50 s to connect before `>` (manual 2.3.5), then the input time.
		this.#send(at, 50000 + this.#promptDelay + this.#inputTime * 1000);
	}

	#onResultUrc(tokenizer: Tokenizer): void {
		const job = this.#job;
		if (!job || (this.#state !== S_REQUEST && this.#state !== S_RESULT)) return; // late URC of an abandoned request
		const bytes = tokenizer.bytes;
		const name = job.kind === KIND_GET ? this.#QHTTPGET : job.kind === KIND_GETEX ? this.#QHTTPGETEX : this.#QHTTPPOST;
		const nameOk = equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)
			|| (job.kind === KIND_GETEX && equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, this.#QHTTPGET));
		if (!nameOk) return;
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
		const room = job.readRoom();
		if (room <= 0) {
			this.#state = S_READ_PAUSED;
			return;
		}
		this.#state = S_READ;
		this.#actual = this.#remaining = -1;
		const at = writeUint(this.#chat.tx, writeAscii(this.#chat.tx, 0, "AT+QHTTPREAD="), room < READ_MAX ? room : READ_MAX);
		this.#send(at, this.#readTimeout);
	}

	#afterRead(): void {
		const job = this.#job!;
		if (this.#remaining < 0 || this.#actual < 0) return this.#finishWith(ERR_PROTOCOL);
		const next = job.afterRead(this.#actual, this.#remaining);
		if (job !== this.#job) return; // cancelled meanwhile
		if (next === READ_DONE) return this.#finish(undefined);
		// A read that brought nothing is not progress, whatever the job says: it never resets the wait.
		if (next === READ_MORE && this.#actual > 0) {
			this.#pollDelay = 0;
			this.#waited = 0;
			return this.#read();
		}
		// READ_WAIT: the module had nothing; poll with a growing delay, within the read timeout.
		if (this.#waited >= this.#readTimeout) return this.#finishWith(722);
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
		const step = this.#stepName();
		const error = new ModemError(code, step, commandText(this.#chat.tx, this.#commandLength));
		const recovery = lookup(code)[3];
		if (code === ERR_TIMEOUT || code === ERR_CANCELLED) this.#needProbe = true;
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
		this.#seclevelAlt = this.#seclevelKnown = this.#seclevelRetried = false; // perhaps another firmware now
		this.#needProbe = true; // a module fresh from boot may sleep again before the next command (FIELD-NOTES)
		this.#trace("module restarted (RDY)");
	}

	// After a reboot the module has forgotten everything (its settings are not saved) and echoes again.
	#forget(): void {
		for (let i = 0; i < CFG_COUNT; i++) this.#cfg[i] = -1;
		this.#ca = undefined;
		this.#urlLength = -1;
		this.#asleep = false;
	}

	// ---- the recovery ladder (chapter 4): SIM, attach, address, DNS, then reactivation ----

	#ladder(): void {
		const tx = this.#chat.tx;
		let at = 0;
		switch (this.#ladderStep) {
			case L_CPIN: at = writeAscii(tx, 0, "AT+CPIN?"); break;
			case L_CGATT: case L_ATTACH: at = writeAscii(tx, 0, "AT+CGATT?"); break;
			case L_CGPADDR: at = writeAscii(tx, 0, "AT+CGPADDR"); break;
			case L_DNS: at = writeAscii(tx, 0, "AT+QIDNSCFG?"); break;
			case L_CFUN0: at = writeAscii(tx, 0, "AT+CFUN=0"); break;
			case L_CFUN1: at = writeAscii(tx, 0, "AT+CFUN=1"); break;
			default:
				this.#ladderRuns++;
				this.#step();
				return;
		}
		this.#state = S_LADDER;
		this.#send(at, this.#ladderStep === L_CFUN0 || this.#ladderStep === L_CFUN1 ? 30000 : COMMAND_TIMEOUT);
	}

	// Marks #ladderGood when the answer shows the step's item in order.
	#ladderInfo(bytes: Uint8Array, tokenizer: Tokenizer): void {
		const start = tokenizer.valueStart, end = tokenizer.valueEnd;
		switch (this.#ladderStep) {
			case L_CPIN:
				this.#ladderGood = equalsBytes(bytes, start, end, this.#READY);
				return;
			case L_CGATT:
			case L_ATTACH:
				this.#ladderGood = parseUint(bytes, start, end) === 1;
				return;
			case L_CGPADDR: // "+CGPADDR: <cid>" alone means no address
				if (nextField(bytes, fieldEnd(bytes, start, end), end) < end) this.#ladderGood = true;
				return;
			case L_DNS:
				for (let i = start; i + this.#ZERO_ADDRESS.length <= end; i++) {
					if (equalsBytes(bytes, i, i + this.#ZERO_ADDRESS.length, this.#ZERO_ADDRESS)) this.#reactivate = true;
				}
		}
	}

	#ladderAnswer(result: number): void {
		const good = this.#ladderGood && result === RESULT_OK;
		this.#ladderGood = false;
		if (result === RESULT_REBOOT) this.#forget();
		switch (this.#ladderStep) {
			case L_CPIN:
				if (!good) return this.#ladderEnd("the (U)SIM is not ready (AT+CPIN?)", ERR_AT_ERROR);
				this.#ladderStep = L_CGATT;
				break;
			case L_CGATT:
			case L_CGPADDR:
				if (!good) this.#reactivate = true;
				this.#ladderStep++;
				break;
			case L_DNS:
				// Reactivate when a check failed, or when nothing looked wrong but this failure followed a
				// failure (#reactivateNext): the requests still fail (manual 4.4).
				this.#ladderStep = this.#reactivate ? L_CFUN0 : L_DONE;
				break;
			case L_CFUN0:
				this.#ladderStep = L_CFUN1;
				break;
			case L_CFUN1:
				this.#forget();
				this.#probes = 0;
				this.#ladderStep = L_ATTACH;
				this.#arm(S_LADDER_WAIT, 1000);
				return;
			case L_ATTACH:
				if (!good) {
					if (++this.#probes >= PROBE_TRIES) return this.#ladderEnd("the network did not attach after AT+CFUN=1", 709);
					this.#arm(S_LADDER_WAIT, 1000 * this.#probes);
					return;
				}
				this.#probes = 0;
				this.#ladderStep = L_DONE;
				break;
		}
		this.#ladder();
	}

	// The ladder could not restore the service: the job fails; the next one climbs it again, and after
	// repeated failures the host's hardware reset (if any) is the last step.
	#ladderEnd(why: string, code: number): void {
		this.#trace(`recovery: ${why}`);
		this.#ladderRuns++;
		this.#finishWith(code);
		this.#needLadder = true;
	}

	// ---- plumbing ----

	#commandLength = 0;
	#exchange: Exchange = { prompt: PROMPT_NONE, payload: undefined, timeout: 0 };

	#send(length: number, timeout: number): void {
		this.#commandLength = length;
		// Only the commands that take data look for `>`: a stray `>` on a noisy line elsewhere is noise. They
		// answer `>` before OK, so an OK before it is a late answer to an earlier command (chat.ts).
		const state = this.#state;
		const kind = this.#job?.kind;
		const prompt = state === S_CACERT || state === S_URL || (state === S_REQUEST && (kind === KIND_POST || kind === KIND_CUSTOM));
		const exchange = this.#exchange;
		exchange.prompt = prompt ? PROMPT_FIRST : PROMPT_NONE;
		exchange.payload = state === S_READ ? this.#QHTTPREAD : undefined;
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
				this.#send(writeAscii(this.#chat.tx, 0, "AT"), 500);
				return;
			case S_BODY_WAIT: return this.#request();
			case S_RESULT: return this.#finishWith(728);
			case S_READ_PAUSED:
			case S_READ_POLL: return this.#read();
			case S_LADDER_WAIT: return this.#ladder();
		}
	}

	#stepName(): string {
		switch (this.#state) {
			case S_PROBE: case S_PROBE_WAIT: return "AT";
			case S_CONFIG: return this.#wantItem >= CFG_RESPONSEHEADER && this.#wantItem !== CFG_SECLEVEL ? "QHTTPCFG" : this.#wantItem === CFG_SECLEVEL ? "QSSLCFG" : "config";
			case S_CACERT: return "QSSLCFG";
			case S_URL: return "QHTTPURL";
			case S_REQUEST: case S_RESULT: case S_BODY_WAIT: {
				const kind = this.#job?.kind;
				return kind === KIND_GET ? "QHTTPGET" : kind === KIND_GETEX ? "QHTTPGETEX" : "QHTTPPOST";
			}
			case S_READ: case S_READ_PAUSED: case S_READ_POLL: return "QHTTPREAD";
			case S_LADDER: case S_LADDER_WAIT: return "recovery";
			default: return "modem";
		}
	}

	#trace(message: string): void {
		this.#options.onTrace?.(message);
	}
}
