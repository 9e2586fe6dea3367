// One HTTP request through the module: the profile's transfer script (configuration, CA, URL, the request
// command and its packets, the result URC, the reads, release assistance) run for a job of the http
// layer (job.ts). This is what the rows cannot say: which rows a request needs (a value the module
// holds is not sent again), their arguments and data, what the answers mean, and what a failure calls
// for (reprobe, forget what the module holds, climb the recovery ladder next time).
import type { Chat } from "../at/chat.js";
import type { Tokenizer } from "../at/tokenizer.js";
import { Result, Token } from "../at/tokens.js";
import { equalsBytes, equalsText, fieldAt, fieldUint, parseUint } from "../at/fields.js";
import {
	ERR_AT_ERROR, ERR_CANCELLED, ERR_CLOSED, ERR_NETWORK_LOST, ERR_PROTOCOL, ERR_REBOOTED, ERR_TIMEOUT, RECOVER_LADDER, RECOVER_NONE, RECOVER_REINIT,
} from "./codes.js";
import type { ModemError } from "./errors.js";
import { caBytes, sameCa, type HttpJob, Kind, Read } from "./job.js";
import { Job, codeOf, type Step, Arg, Data, Flag, Next, Want } from "./script.js";
import type { Runner } from "./runner.js";
import { LadderJob } from "./jobs.js";

const CTRL_Z = 0x1a;
const NETWORK_DEACTIVATED = 709; // the QHTTP family's "network deactivated", which calls for the ladder
// Ladders climbed (or given up) with no success since, before the next failure pulses the hardware reset
// instead: the first ladder checks, the second (a failure after a failure) reactivates, then the reset.
const RESET_AFTER_LADDERS = 2;
const RESULT_MARGIN = 5000; // past <rsptime>, before the result URC is given up

export class TransferJob extends Job {
	readonly http: HttpJob;
	declare readonly steps: readonly Step[];
	#runner: Runner;
	#value = 0; // the configuration value the row in flight sets
	#retried = false; // the row in flight is already its other spelling's try
	#length = 0; // the packet's or the read's length
	#lost = false; // the registration was lost while the request ran
	#resultSeen = false;
	#resultCode = 0;
	#status = 0;
	#contentLength = -1;
	#actual = -1;
	#remaining = -1;
	#pollDelay = 0;
	#waited = 0; // ms polled without data, against readTimeout
	#failCode = 0; // the code a Next.FAIL of this job's ends with
	#readCode = -1; // a read's result URC: -1 not yet due, -2 awaited, else its code
	#bearerSeen = false; // the bearer's read showed it up
	#caNeeded = false; // the module is to be given the CA
	#streaming = false; // the request's packets go in one data mode, more to come
	#cut = false; // a whole read stalled on the module's trailer: the response was cut short
	#awaiting = false; // … and the next one is not written yet

	constructor(runner: Runner, http: HttpJob) {
		super();
		this.#runner = runner;
		this.http = http;
		this.steps = runner.profile.transfer;
	}

	override before(runner: Runner): Job | undefined {
		const held = runner.held;
		if (!held.needLadder) return undefined;
		held.needLadder = false;
		if (held.ladderRuns >= RESET_AFTER_LADDERS && runner.options.reset) {
			// Ladders (the last with reactivation) did not bring the service back: the last step is the hardware
			// reset; the module boots afresh, so it is probed and configured, with no ladder now.
			runner.trace(`recovery: ${held.ladderRuns} ladders did not help: hardware reset`);
			runner.held.reset(runner.options.reset);
			return undefined;
		}
		const reactivate = held.reactivateNext;
		held.reactivateNext = false;
		return new LadderJob(runner, reactivate, this);
	}

	override begin(runner: Runner): number {
		this.#resultSeen = this.#bearerSeen = false;
		const registration = runner.registration;
		this.#lost = registration.stat >= 0 && !registration.registered(); // known lost (+CEREG) before it starts
		return 0;
	}

	override skip(row: Step): boolean {
		const runner = this.#runner, profile = runner.profile, held = runner.held, http = this.http;
		const bearer = profile.bearer;
		if (bearer.includes(row)) return held.bearerUp || (row === bearer[1] && this.#bearerSeen);
		if (row.want >= 0) {
			const want = this.#wanted(row);
			this.#value = want;
			this.#retried = false;
			return want < 0 || held.values.get(row) === want;
		}
		const cas = profile.ca;
		if (cas.includes(row)) {
			// Decided at the first of the CA's rows, for all of them (the module holds it once the last is done).
			if (row === cas[0]) {
				const ca = http.tls?.ca;
				this.#caNeeded = !!http.tls?.verify && !(ca !== undefined && held.ca !== undefined && sameCa(ca, held.ca));
			}
			return !this.#caNeeded;
		}
		if (row === profile.url) return http.urlLength === held.urlLength && equalsBytes(http.url, 0, http.urlLength, held.url, 0, held.urlLength);
		if (row === profile.get) return http.kind !== Kind.GET;
		if (row === profile.getRange) return http.kind !== Kind.GETEX;
		// A GET written whole goes by the module's own such GET where it has one, else by POST (its head says GET).
		const headGet = http.kind === Kind.CUSTOM && http.method === "GET" && profile.headGet !== undefined;
		if (row === profile.headGet) return !headGet;
		if (row === profile.post) return (http.kind !== Kind.POST && http.kind !== Kind.CUSTOM) || headGet;
		if (row === profile.network.release) return !runner.releaseAssistance || runner.queued > 0;
		return false;
	}

	// A configuration row's value for this request; -1: the request does not care.
	#wanted(row: Step): number {
		const http = this.http;
		switch (row.want) {
			case Want.ALWAYS: return row.value;
			case Want.AWAKE: return this.#runner.options.sleep ? -1 : row.value;
			case Want.TLS: return http.tls ? row.value : -1;
			case Want.VERIFY: return http.tls ? (http.tls.verify ? 1 : 0) : -1;
			case Want.CUSTOM: return http.kind === Kind.CUSTOM ? 1 : 0;
			case Want.CONTENT_TYPE: return http.kind === Kind.POST ? http.contentType : -1;
		}
		return -1;
	}

	override alternative(row: Step): boolean {
		return this.#runner.held.spelled.get(row) === true;
	}

	override ready(row: Step): boolean {
		const profile = this.#runner.profile;
		if (row === profile.post || row === profile.headGet) {
			const length = this.http.nextPacket();
			if (length < 0) return false;
			this.#length = length;
		} else if (row === profile.read) {
			const room = this.http.readRoom();
			if (room <= 0) return false;
			const most = profile.limits.readMax;
			this.#length = room < most ? room : most;
			this.#actual = this.#remaining = -1;
			this.#readCode = -1;
		}
		return true;
	}

	override argument(arg: number): number {
		const http = this.http, options = this.#runner.options;
		switch (arg) {
			case Arg.URL_LENGTH: return http.urlLength;
			case Arg.INPUT_TIME: return options.inputTime ?? 60;
			case Arg.RESPONSE_TIME: return http.responseTime;
			case Arg.READ_TIME: return options.readTime ?? 300;
			case Arg.RANGE_START: return http.rangeStart;
			case Arg.RANGE_LENGTH: return http.rangeLength;
			case Arg.MORE: return http.kind === Kind.CUSTOM && !http.lastPacket ? 1 : 0;
			case Arg.PACKET_LENGTH:
			case Arg.READ_LENGTH: return this.#length;
			case Arg.VALUE: return this.#value;
			case Arg.CA_LENGTH: return http.tls?.ca?.length ?? 0;
			case Arg.READ_WAIT: return Math.ceil((options.readTimeout ?? 60000) / 1000);
			case Arg.DATA_LENGTH: return http.dataLength;
		}
		return 0;
	}

	override data(row: Step, chat: Chat): void {
		const http = this.http;
		if (row.data === Data.URL) return chat.sendData(http.url, 0, http.urlLength);
		if (row.data === Data.PACKET) {
			// A module that takes the request in one command (its length said first) gets the packets in a row.
			this.#streaming = !this.#runner.profile.limits.packets && !http.lastPacket;
			return chat.sendData(http.packet, 0, this.#length);
		}
		if (row.data === Data.CA) {
			const ca = caBytes(http.tls!.ca!); // made once per module start, dropped after the upload
			return chat.sendData(ca, 0, ca.length, row.flags & Flag.TERMINATED ? CTRL_Z : -1);
		}
		chat.cancel();
	}

	override line(row: Step, tokenizer: Tokenizer): void {
		const profile = this.#runner.profile;
		if (row === profile.bearer[0]) { // +QIACT: <cid>,<state>,…: context 1 is up
			const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
			if (tokenizer.kind === Token.INFO && fieldUint(bytes, start, end, 0) === 1 && fieldUint(bytes, start, end, 1) === 1) this.#bearerSeen = true;
			return;
		}
		if (row !== profile.read) return;
		if (tokenizer.kind === Token.GARBLED) this.#actual = -1; // the payload is not what was counted: 903
		else if (tokenizer.kind === Token.INFO && equalsText(tokenizer.bytes, tokenizer.nameStart, tokenizer.nameEnd, this.#runner.profile.readName)) {
			if (tokenizer.payloadOpen) { // the whole response comes: counted here as it comes, nothing left after it
				this.#actual = this.#remaining = 0;
				return;
			}
			// The tokenizer has read the count (the first field) to count the payload; the rest is ours.
			const bytes = tokenizer.bytes, end = tokenizer.valueEnd;
			this.#actual = tokenizer.announced;
			this.#remaining = parseUint(bytes, fieldAt(bytes, tokenizer.valueStart, end, 1), end);
		}
	}

	override payload(bytes: Uint8Array, start: number, end: number): number | void {
		const taken = this.http.onData(bytes, start, end);
		if (this.#actual >= 0 && this.#runner.profile.openPayload) this.#actual += typeof taken === "number" ? taken : end - start;
		return taken;
	}

	override room(): number {
		return this.http.readRoom();
	}

	override need(): number {
		return this.http.readNeed();
	}

	// A whole read that stalled: if what was held back ends with the module's trailer (CR LF OK CR LF,
	// blank lines, +<read URC>: <err> CR LF), the module's read is over and the response was cut short: the
	// bytes before the trailer are the response's last, and the read ends (the http layer then says 911).
	override stalled(bytes: Uint8Array, start: number, end: number): void {
		const name = this.#runner.profile.read.urc[0];
		if (name === undefined) return;
		let at = end;
		if (at - start < 2 || bytes[at - 1] !== 0x0a || bytes[at - 2] !== 0x0d) return;
		at -= 2;
		while (at > start && bytes[at - 1]! >= 0x30 && bytes[at - 1]! <= 0x39) at--; // <err>
		const line = at - name.length - 3; // "+NAME: "
		if (line < start || bytes[line] !== 0x2b || !equalsText(bytes, line + 1, line + 1 + name.length, name) || bytes[at - 2] !== 0x3a || bytes[at - 1] !== 0x20) return;
		at = line;
		while (at - 2 >= start && bytes[at - 1] === 0x0a && bytes[at - 2] === 0x0d) at -= 2; // blank lines, the OK line's end
		if (at - 4 < start || !equalsText(bytes, at - 4, at, "\r\nOK")) return;
		at -= 4;
		while (at - 2 >= start && bytes[at - 1] === 0x0a && bytes[at - 2] === 0x0d) at -= 2;
		if (at > start) this.http.onData(bytes, start, at);
		this.#cut = true;
	}

	// The packet is out; the next follows in the same data mode, now or when the caller has written it.
	override dataSent(_row: Step, chat: Chat): void {
		if (!this.#streaming) return;
		this.http.packetSent();
		this.#awaiting = true;
		this.#nextPacket(chat);
	}

	override resumed(row: Step, chat: Chat): void {
		if (this.#streaming && this.#awaiting) this.#nextPacket(chat);
		else super.resumed(row, chat);
	}

	#nextPacket(chat: Chat): void {
		const http = this.http, length = http.nextPacket();
		if (length < 0) return; // resume() when it is written
		this.#awaiting = false;
		this.#streaming = !http.lastPacket;
		chat.sendData(http.packet, 0, length);
	}

	override lost(): void {
		this.#lost = true;
	}

	// +NAME: <result>[,<status>[,<content length>]]: the request's result, which may come before its OK;
	// after a read that is not counted, +NAME: <result> of the read.
	override urc(row: Step, tokenizer: Tokenizer): boolean {
		const bytes = tokenizer.bytes, start = tokenizer.valueStart, end = tokenizer.valueEnd;
		if (row === this.#runner.profile.read) {
			this.#readCode = fieldUint(bytes, start, end, 0);
			return true;
		}
		this.#resultCode = fieldUint(bytes, start, end, 0);
		this.#status = fieldUint(bytes, start, end, 1);
		this.#contentLength = fieldUint(bytes, start, end, 2);
		this.#resultSeen = true;
		return true;
	}

	override verdict(row: Step, _index: number, good: boolean, result: number, code: number): number {
		const runner = this.#runner, profile = runner.profile, held = runner.held, http = this.http;
		if (profile.bearer.includes(row)) {
			if (row === profile.bearer[0]) return Next.ROW; // up or not, the next row knows
			if (!good) return this.#fail(NETWORK_DEACTIVATED); // the bearer would not come up: the ladder next
			held.bearerUp = true;
			return Next.ROW;
		}
		if (row === profile.read) {
			if (this.#cut) { // the module's read ended before the response: the http layer's error (911)
				this.#cut = false;
				this.http.afterRead(0, 0);
				return Next.DONE;
			}
			if (!good) return this.#fail(result === Result.TIMEOUT && this.#readCode === -2 ? profile.readTimeoutCode : codeOf(result, code));
			if (row.urc.length && this.#readCode === -1) { // the read's own result comes after its OK
				this.#readCode = -2;
				this.delay = runner.options.readTimeout ?? 60000;
				return Next.URC;
			}
			if (this.#readCode > 0) return this.#fail(this.#readCode);
			return this.#afterRead();
		}
		if (row === profile.network.release) {
			if (result === Result.TIMEOUT) runner.held.needProbe = true;
			return Next.DONE; // refused (no connection left) or not, the request is done
		}
		if (row === profile.get || row === profile.getRange || row === profile.headGet || row === profile.post) {
			if (!good) return this.#fail(result === Result.TIMEOUT && this.#waitingUrc ? profile.responseTimeoutCode : codeOf(result, code));
			if (row === profile.post && profile.limits.packets && http.kind === Kind.CUSTOM && !http.lastPacket && !this.#waitingUrc) {
				http.packetSent();
				return Next.SAME;
			}
			if (!this.#resultSeen) {
				this.#waitingUrc = true;
				this.delay = http.responseTime * 1000 + RESULT_MARGIN;
				return Next.URC;
			}
			return this.#onResult();
		}
		if (!good && row.bad !== Next.FAIL) return row.bad; // a row whose refusal is fine (a file to delete that is not there)
		if (!good) {
			// The module does not know this spelling: the other one, once (the spelling stays until it restarts).
			if (row.alternative && result === Result.ERROR && !this.#retried && held.spelled.get(row) !== false) {
				this.#retried = true;
				held.spelled.set(row, !held.spelled.get(row));
				runner.trace(`${row.name}: ERROR; trying the other spelling`);
				return Next.SAME;
			}
			// A plain ERROR to a row that has a code of its own (a TLS setting the module refuses) is that code.
			return this.#fail(result === Result.ERROR && row.code ? row.code : codeOf(result, code));
		}
		if (row.alternative && !held.spelled.has(row)) held.spelled.set(row, false); // this spelling is the module's
		if (row.want >= 0) held.values.set(row, this.#value);
		else if (row === profile.ca[profile.ca.length - 1]) held.ca = http.tls?.ca;
		else if (row === profile.url) {
			held.url.set(http.url.subarray(0, http.urlLength));
			held.urlLength = http.urlLength;
		}
		return Next.ROW;
	}

	#waitingUrc = false;

	#onResult(): number {
		this.#waitingUrc = false;
		if (this.#resultCode !== 0 || this.#status < 0) return this.#fail(this.#resultCode > 0 ? this.#resultCode : ERR_PROTOCOL);
		this.http.onResult(this.#status, this.#contentLength);
		this.#pollDelay = this.#waited = 0;
		return this.steps.indexOf(this.#runner.profile.read);
	}

	#afterRead(): number {
		const runner = this.#runner;
		if (this.#remaining < 0 || this.#actual < 0) return this.#fail(ERR_PROTOCOL);
		const next = this.http.afterRead(this.#actual, this.#remaining);
		if (runner.job !== this) return Next.DONE; // cancelled meanwhile
		if (next === Read.DONE) return Next.ROW; // release assistance, when asked for and nothing else is queued
		// A read that brought nothing is not progress, whatever the job says: it never resets the wait.
		if (next === Read.MORE && this.#actual > 0) {
			this.#pollDelay = this.#waited = 0;
			return Next.SAME;
		}
		// The module had nothing yet: poll with a growing delay, within the read timeout.
		if (this.#waited >= (runner.options.readTimeout ?? 60000)) return this.#fail(runner.profile.readTimeoutCode);
		this.#pollDelay = this.#pollDelay ? Math.min(this.#pollDelay * 2, 2000) : 50;
		this.#waited += this.#pollDelay;
		this.delay = this.#pollDelay;
		this.then = Next.SAME;
		return Next.WAIT;
	}

	#fail(code: number): number {
		this.#failCode = code;
		return Next.FAIL;
	}

	override rebooted(): boolean {
		return true; // whatever the module held of this request (the URL, its result, its response) is gone
	}

	// The request's error, and what it calls for: the failure policy of the HTTP(S) note's chapter 4.
	override error(runner: Runner, row: Step, result: number, code: number): ModemError {
		const held = runner.held;
		code = this.#failCode || codeOf(result, code);
		this.#failCode = 0;
		let detail = "";
		if (this.#lost && code !== ERR_CANCELLED && code !== ERR_CLOSED) {
			// Not registered: the module's own code (709, 702…) says less than this.
			detail = `the module gave ${code} with +CEREG stat ${runner.registration.stat}`;
			code = ERR_NETWORK_LOST;
		}
		const error = runner.error(code, detail);
		const recovery = error.recovery;
		if (code === ERR_TIMEOUT || code === ERR_CANCELLED) runner.held.needProbe = true;
		const profile = runner.profile;
		// A bare ERROR to the URL or the request: check the SIM first (chapter 4.1), so the ladder.
		const request = row === profile.url || row === profile.get || row === profile.getRange || row === profile.headGet || row === profile.post;
		if (recovery === RECOVER_LADDER || (code === ERR_AT_ERROR && request)) {
			held.needLadder = true;
			if (held.failures > 0) held.reactivateNext = true; // a failure after a failure: still fails
		}
		if (code !== ERR_CANCELLED && code !== ERR_CLOSED && recovery !== RECOVER_NONE) held.failures++;
		// After no answer (901) or an answer that made no sense (903) the host cannot know what the module
		// took: forget all it is believed to hold, so the next request sets the configuration and URL again.
		if (recovery === RECOVER_REINIT || code === ERR_REBOOTED || code === ERR_TIMEOUT || code === ERR_PROTOCOL) held.forget();
		// Packets of an unfinished request may still sit in the module: a new URL starts the next one afresh.
		if (row === profile.post && this.http.kind === Kind.CUSTOM) held.urlLength = -1;
		runner.trace(error.message);
		return error;
	}

	override end(error: ModemError | undefined): void {
		if (!error) {
			const held = this.#runner.held;
			held.ladderRuns = held.failures = 0;
			held.reactivateNext = false;
		}
		this.http.onFinish(error);
	}
}
