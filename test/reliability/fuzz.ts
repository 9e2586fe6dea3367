// Fuzzing the whole path from UART bytes to requests: the tokenizer, the chat, the modem and the HTTP
// client, in whichever engine runs this file. A stand-in module (test/quectel) answers every command in
// the manual's forms and serves responses built from the manual's examples and from seeded random
// bodies; what it sends is mutated (bytes flipped, dropped, doubled, lines truncated, huge lines, URCs
// spliced in) and split anywhere. Invariants, checked for every request: nothing throws out of a serial
// or timer callback, every request settles exactly once within bounded virtual time (never twice, even
// later), and a request that succeeds brings its body bit-exact.
//
// Flips never touch a QHTTPREAD payload and a payload loses or gains at most one byte per read: a value
// changed inside a counted payload, or a byte dropped and another doubled in the same read, cannot be
// told from real data by any receiver without an application checksum (the README says so).
import { FakeModule, ascii } from "../quectel/fake-module.js";
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import { EXAMPLE_HEAD, EXAMPLE_BODY, TOKEN, TOKEN_JSON } from "../http/manual.js";
import { exchangeOf } from "../at/golden.js";
import httpsGet from "../at/manual-https-get.golden.js";

/** The CA the manual's 3.2.1 uploads. */
const PEM = exchangeOf(httpsGet, "AT+QSSLCFG=0,0,\"cacert\"").data!;

/** xorshift32: small, fast, the same in every engine. */
export class Random {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0 || 0x9e3779b9;
	}
	next(): number {
		let x = this.#state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.#state = x >>> 0;
		return this.#state / 4294967296;
	}
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
}

function mix(seed: number, session: number, stream: number): number {
	let h = Math.imul(seed ^ 0x85ebca6b, 0x9e3779b1) ^ Math.imul(session + 1, 0xc2b2ae35) ^ Math.imul(stream + 7, 0x27d4eb2f);
	h ^= h >>> 15;
	return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

export type OpKind = "flip" | "drop" | "dup" | "truncate" | "huge" | "urc";

/** One mutation of the `reply`-th answer of a session, at a byte offset of the answer as built. */
export interface Op {
	reply: number;
	kind: OpKind;
	at: number;
	value: number;
}

// What a module prints unasked (FIELD-NOTES: boot and network URCs, late result URCs, padding).
const URCS = [
	"\r\n+CEREG: 5\r\n",
	"\r\n+IP: 10.0.0.2\r\n",
	"\r\n+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"\r\n",
	"\r\n+QHTTPGET: 0,200,1024\r\n",
	"\r\n+QHTTPPOST: 0,200\r\n",
	"\r\n+QHTTPGETEX: 702\r\n",
	"\r\n+QHTTPREAD: 0\r\n",
	"\r\n+CPIN: READY\r\n",
	"\r\n\r\n\r\n",
	"\r\nRDY\r\n",
];

const READ_HEAD = "+QHTTPREAD: ";

/** Where the counted payload of an answer lies, as built (before any mutation). */
function payloadOf(reply: string): [number, number] {
	const at = reply.indexOf(READ_HEAD);
	if (at < 0) return [0, 0];
	const lf = reply.indexOf("\r\n", at);
	const count = parseInt(reply.slice(at + READ_HEAD.length), 10);
	if (lf < 0 || !(count > 0)) return [0, 0];
	return [lf + 2, lf + 2 + count];
}

/** Offsets right after a CR LF outside the payload (and 0): where a whole line may be spliced in. */
function lineStarts(reply: string, from: number, to: number): number[] {
	const starts = [0];
	for (let at = reply.indexOf("\r\n"); at >= 0; at = reply.indexOf("\r\n", at + 2)) if (at + 2 <= from || at >= to) starts.push(at + 2);
	return starts;
}

export function generateOps(random: Random, reply: string, index: number, rate: number): Op[] {
	if (random.next() >= rate) return [];
	const [from, to] = payloadOf(reply);
	const ops: Op[] = [];
	for (let n = 1 + random.int(3); n > 0; n--) {
		const pick = random.int(12);
		const kind: OpKind = pick < 3 ? "flip" : pick < 5 ? "drop" : pick < 7 ? "dup" : pick < 8 ? "truncate" : pick < 9 ? "huge" : "urc";
		if (kind === "huge" || kind === "urc") {
			const starts = lineStarts(reply, from, to);
			ops.push({ reply: index, kind, at: starts[random.int(starts.length)]!, value: kind === "huge" ? 100 + random.int(3000) : random.int(URCS.length) });
		} else if (reply.length) {
			ops.push({ reply: index, kind, at: random.int(reply.length), value: kind === "flip" ? 1 + random.int(255) : random.int(2) });
		}
	}
	return lawful(reply, ops);
}

/** The ops that may meet in one answer. A drop or dup inside the payload stands alone: any other change
 *  of that answer (its count, a byte doubled after a byte lost) could cancel it, and the result would
 *  be a substituted byte, which no receiver can see. Flips, truncations and spliced lines stay outside
 *  the payload. Replays filter too: a replayed op can land on another answer than the one it was drawn for. */
function lawful(reply: string, ops: Op[]): Op[] {
	const [from, to] = payloadOf(reply);
	const inPayload = ops.find((op) => op.at >= from && op.at < to && (op.kind === "drop" || op.kind === "dup"));
	if (inPayload) return [inPayload];
	return ops.filter((op) => (op.at < from || op.at >= to) && (op.kind === "huge" || op.kind === "urc" ? lineStarts(reply, from, to).includes(op.at) : true));
}

export function applyOps(reply: string, ops: Op[]): string {
	const sorted = ops.slice().sort((a, b) => b.at - a.at);
	let out = reply;
	for (const op of sorted) {
		const at = Math.min(op.at, out.length);
		if (op.kind === "flip" && at < out.length) out = out.slice(0, at) + String.fromCharCode(out.charCodeAt(at) ^ op.value) + out.slice(at + 1);
		else if (op.kind === "drop") out = out.slice(0, at) + out.slice(at + 1);
		else if (op.kind === "dup") out = out.slice(0, at + 1) + out.slice(at);
		else if (op.kind === "truncate") {
			// the rest of the line goes; with value 1 its CR LF too, so it runs into the next line
			let end = out.indexOf("\r\n", at);
			if (end < 0) end = out.length;
			else if (op.value) end += 2;
			out = out.slice(0, at) + out.slice(end);
		} else if (op.kind === "huge") {
			let line = "";
			while (line.length < op.value) line += "+QHTTPGET: 0,200,9 garbage>OK\x00\xff";
			out = out.slice(0, at) + line.slice(0, op.value) + "\r\n" + out.slice(at);
		} else if (op.kind === "urc") out = out.slice(0, at) + URCS[op.value % URCS.length]! + out.slice(at);
	}
	return out;
}

/** The stand-in module whose answers go out mutated and split. */
class FuzzModule extends FakeModule {
	replies = 0;
	bytes = 0;
	/** Ops applied so far (generated, or the given ones replayed). */
	ops: Op[] = [];
	/** What crossed the wire for the current request: host lines and module answers, in order. */
	log: string[] = [];
	#given: Op[] | undefined;
	#mutate: Random;
	#split: Random;
	#rate: number;
	#seen = 0;

	constructor(seed: number, session: number, rate: number, given?: Op[]) {
		super(64);
		this.#mutate = new Random(mix(seed, session, 2));
		this.#split = new Random(mix(seed, session, 3));
		this.#rate = rate;
		this.#given = given;
	}

	protected override transmit(reply: string): void {
		this.#noteCommands();
		const index = this.replies++;
		const ops = this.#given ? lawful(reply, this.#given.filter((op) => op.reply === index)) : generateOps(this.#mutate, reply, index, this.#rate);
		if (!this.#given) for (const op of ops) this.ops.push(op);
		const out = ops.length ? applyOps(reply, ops) : reply;
		this.log.push(`module#${index}: ${escape(out)}`);
		const bytes = ascii(out);
		this.bytes += bytes.length;
		for (let at = 0; at < bytes.length; ) {
			const pick = this.#split.int(10);
			const size = 1 + this.#split.int(pick < 2 ? 8 : pick < 7 ? 64 : 512);
			const end = Math.min(bytes.length, at + size);
			this.mock.put(bytes, at, end);
			at = end;
		}
	}

	startRequest(): void {
		this.#noteCommands();
		this.log.length = 0;
	}

	#noteCommands(): void {
		for (; this.#seen < this.commands.length; this.#seen++) this.log.push(`host:   ${escape(this.commands[this.#seen]!)}`);
	}
}

function escape(text: string): string {
	let out = "";
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		out += c === 13 ? "\\r" : c === 10 ? "\\n" : c >= 0x20 && c < 0x7f ? text[i] : `\\x${c.toString(16).padStart(2, "0")}`;
	}
	return out.length > 600 ? `${out.slice(0, 300)}…(${out.length - 600} more)…${out.slice(-300)}` : out;
}

function randomText(random: Random, n: number): string {
	let out = "";
	for (let i = 0; i < n; i++) out += String.fromCharCode(random.int(256));
	return out;
}

interface Plan {
	what: string;
	secure: boolean;
	method: string;
	headers?: Map<string, string>;
	upload?: Uint8Array;
	response: string;
	status: number;
	body: string;
}

const EXAMPLE_RESPONSE = EXAMPLE_HEAD + EXAMPLE_BODY;
const TOKEN_RESPONSE = String.fromCharCode.apply(null, Array.from(TOKEN));

/** One request and the response the module will serve for it, drawn from the plan stream. */
function plan(random: Random): Plan {
	const pick = random.int(12);
	if (pick < 1) return { what: "GET (manual's example.com)", secure: false, method: "GET", response: EXAMPLE_RESPONSE, status: 200, body: EXAMPLE_BODY };
	if (pick < 2) return { what: "GET (manual's chunked JSON)", secure: false, method: "GET", response: TOKEN_RESPONSE, status: 200, body: TOKEN_JSON };
	const body = randomText(random, random.int(3000));
	if (pick < 4) {
		let chunked = "";
		for (let at = 0; at < body.length; ) {
			const size = Math.min(body.length - at, 1 + random.int(700));
			chunked += `${size.toString(16)}\r\n${body.slice(at, at + size)}\r\n`;
			at += size;
		}
		return { what: "GET (chunked)", secure: false, method: "GET", response: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}0\r\n\r\n`, status: 200, body };
	}
	if (pick < 6 && body.length) {
		const start = random.int(5000);
		const end = start + body.length - 1;
		return {
			what: "GETEX (range)",
			secure: false,
			method: "GET",
			headers: new Map([["range", `bytes=${start}-${end}`]]),
			response: `HTTP/1.1 206 Partial Content\r\nContent-Range: bytes ${start}-${end}/${end + 1 + random.int(1000)}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
			status: 206,
			body,
		};
	}
	if (pick < 8) {
		const upload = ascii(randomText(random, 1 + random.int(1500)));
		const headers = new Map([["content-type", "application/octet-stream"], ["content-length", String(upload.length)]]);
		return { what: "POST", secure: false, method: "POST", headers, upload, response: `HTTP/1.1 201 Created\r\nContent-Length: ${body.length}\r\n\r\n${body}`, status: 201, body };
	}
	const secure = pick < 10;
	return { what: secure ? "HTTPS GET" : "GET", secure, method: "GET", response: `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n${body}`, status: 200, body };
}

interface Outcome {
	dones: number;
	error: Error | null | undefined;
	status: number;
	length: number;
	wrong: boolean;
	thrown: string;
}

function send(client: HTTPClient, p: Plan): Outcome {
	const outcome: Outcome = { dones: 0, error: undefined, status: 0, length: 0, wrong: false, thrown: "" };
	const upload = p.upload;
	let sent = 0;
	client.request({
		method: p.method,
		path: "/fuzz",
		headers: p.headers,
		onHeaders(status) {
			outcome.status = status;
		},
		onWritable(count) {
			if (!upload) return;
			const n = Math.min(count, upload.length - sent);
			if (n > 0) this.write(upload.subarray(sent, sent + n));
			sent += n;
			if (sent === upload.length) this.write();
		},
		onReadable(count) {
			const data = new Uint8Array(this.read(count) as ArrayBuffer);
			for (let i = 0; i < data.length; i++) if (p.body.charCodeAt(outcome.length + i) !== data[i]) outcome.wrong = true;
			outcome.length += data.length;
		},
		onDone(error) {
			outcome.error = error;
			outcome.dones++;
		},
	});
	return outcome;
}

export interface Failure {
	seed: number;
	session: number;
	request: number;
	what: string;
	ops: Op[];
	transcript: string[];
}

export interface SessionResult {
	bytes: number;
	requests: number;
	/** Requests that succeeded (the rest failed with an error, as they may). */
	succeeded: number;
	ops: Op[];
	failure?: Failure;
}

/** Share of the module's answers mutated, by session: light noise, a bad line, a broken wire. */
const RATES = [0.05, 0.2, 0.5];

/** Virtual time a request may take: the longest legitimate path (a silent module, the whole recovery
 *  ladder) settles within ten minutes. */
const SETTLE_LIMIT = 20 * 60000;

/** One session: a fresh module, modem and clients, `requests` requests. Deterministic in (seed, session)
 *  and, when given, the ops to replay instead of drawing new ones. `tamper` serves every response with its
 *  last byte changed, to show the checks can fail. */
export function runSession(seed: number, session: number, options: { requests?: number; rate?: number; ops?: Op[]; tamper?: boolean } = {}): SessionResult {
	const module = new FuzzModule(seed, session, options.rate ?? RATES[session % RATES.length]!, options.ops);
	const plans = new Random(mix(seed, session, 1));
	const modem = new Modem({ serial: module.serial, timer: module.timer });
	const http = new HTTPClient({ modem, host: "example.com" });
	const https = new HTTPClient({ modem, host: "example.com", secure: { ca: PEM } });
	const outcomes: Outcome[] = [];
	const count = options.requests ?? 16;
	const result: SessionResult = { bytes: 0, requests: 0, succeeded: 0, ops: module.ops };
	const fail = (request: number, what: string) => {
		result.failure = { seed, session, request, what, ops: options.ops ?? module.ops, transcript: module.log.slice() };
	};
	try {
		for (let i = 0; i < count && !result.failure; i++) {
			const p = plan(plans);
			module.startRequest();
			// The checker's own test: the server's last byte differs from what the request expects.
			const served = options.tamper ? p.response.slice(0, -1) + String.fromCharCode(p.response.charCodeAt(p.response.length - 1) ^ 1) : p.response;
			module.responses.push(served, served, served); // a request the modem repeats meets the same server
			const outcome = send(p.secure ? https : http, p);
			outcomes.push(outcome);
			result.requests++;
			const label = `${p.what}, ${p.body.length} bytes`;
			try {
				if (!module.run(() => outcome.dones > 0, SETTLE_LIMIT)) fail(i, `${label}: not settled after ${SETTLE_LIMIT / 60000} virtual minutes`);
			} catch (e) {
				fail(i, `${label}: threw out of a serial or timer callback: ${(e as Error)?.stack ?? e}`);
				break;
			}
			module.responses.length = 0; // a response the request never asked for is not the next one's
			if (result.failure) break;
			if (outcome.dones !== 1) fail(i, `${label}: settled ${outcome.dones} times`);
			else if (outcome.error === null) {
				if (outcome.status !== p.status) fail(i, `${label}: succeeded with status ${outcome.status}, served ${p.status}`);
				else if (outcome.wrong || outcome.length !== p.body.length) fail(i, `${label}: succeeded with a wrong body (${outcome.length} bytes${outcome.wrong ? ", bytes differ" : ""})`);
				else result.succeeded++;
			} else if (!(outcome.error instanceof Error)) fail(i, `${label}: settled with ${String(outcome.error)}, not an Error`);
		}
		if (!result.failure) {
			// Later events must not settle anything again.
			module.run(() => false, SETTLE_LIMIT);
			const twice = outcomes.findIndex((o) => o.dones !== 1);
			if (twice >= 0) fail(twice, `settled ${outcomes[twice]!.dones} times by the end of the session`);
		}
	} catch (e) {
		fail(result.requests - 1, `threw out of a serial or timer callback: ${(e as Error)?.stack ?? e}`);
	} finally {
		try {
			modem.close();
		} catch (e) {
			if (!result.failure) fail(result.requests - 1, `close() threw: ${e}`);
		}
	}
	result.bytes = module.bytes;
	return result;
}

/** Drops ops one at a time while the session still fails: what is left is what the failure needs. */
export function minimize(failure: Failure, options: { requests?: number; rate?: number } = {}): Failure {
	let best = failure;
	for (let i = best.ops.length - 1; i >= 0; i--) {
		const ops = best.ops.slice(0, i).concat(best.ops.slice(i + 1));
		const again = runSession(failure.seed, failure.session, { ...options, ops }).failure;
		if (again) best = { ...again, ops };
	}
	return best;
}

export interface FuzzReport {
	bytes: number;
	requests: number;
	succeeded: number;
	sessions: number;
	failures: Failure[];
}

/** Sessions from `firstSession` on until `bytes` of module output have been sent. */
export function fuzz(options: { bytes: number; seed: number; firstSession?: number; requests?: number; rate?: number }): FuzzReport {
	const report: FuzzReport = { bytes: 0, requests: 0, succeeded: 0, sessions: 0, failures: [] };
	for (let session = options.firstSession ?? 0; report.bytes < options.bytes; session++) {
		const result = runSession(options.seed, session, options);
		report.bytes += result.bytes;
		report.requests += result.requests;
		report.succeeded += result.succeeded;
		report.sessions++;
		if (result.failure) report.failures.push(minimize(result.failure, options));
	}
	return report;
}

export function describe(failure: Failure): string {
	const ops = failure.ops.map((op) => `${op.kind}@${op.reply}:${op.at}${op.kind === "flip" ? `^${op.value}` : op.kind === "huge" ? `×${op.value}` : op.kind === "urc" ? `=${URCS[op.value]!.trim() || "blank lines"}` : ""}`);
	return [
		`fuzz failure: seed ${failure.seed}, session ${failure.session}, request ${failure.request}: ${failure.what}`,
		`  mutations (reply@offset): ${ops.join(" ") || "none"}`,
		"  transcript of the failing request:",
		...failure.transcript.map((line) => `    ${line}`),
	].join("\n");
}
