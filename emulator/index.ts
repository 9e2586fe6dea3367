// A BC660K-GL / BC950K-GL as the HTTP(S) application note describes it: the AT interpreter of its
// chapter 2 and the general commands of chapters 3 and 4, data mode, result URCs and codes, real
// HTTP(S) behind it, UART pacing and network latency on a real or virtual clock, and faults.
// Written from the manual alone: it shares no code with the client library.
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import { parseFaults, type Fault } from "./faults.js";
import { exchange, parseUrl } from "./network.js";

export { RealClock, VirtualClock, type Clock };

/** What real modules do that the manual does not say (shared/spec/FIELD-NOTES.md), each switchable. */
export interface FieldSwitches {
	/** Boot URCs beyond the manual's (+CEREG, +CTZEU, +QSCLK: 1); echo is on at boot in both profiles. */
	bootUrcs: boolean;
	/** Sleep (AT+QSCLK=1) is on from boot until the host turns it off; the command that wakes the module
	 *  is lost and answered late with OK (1.8–2.4 s, seeded). */
	wakeLost: boolean;
	/** 0–3 extra blank lines (seeded) before results, URCs and OKs, the OK after read data included. */
	blankLines: boolean;
	/** Result URCs without the content length (+QHTTPGET: 0,200), for half the responses (seeded). */
	noLength: boolean;
	/** +QHTTPGET: as GETEX's result URC. */
	rangeAsGet: boolean;
	/** `> ` with a space. */
	promptSpace: boolean;
	/** Result URCs 0–1.5 s late (seeded); a command sent meanwhile gets the URC right after its echo. */
	lateUrcs: boolean;
	/** Foreign URCs (+CEREG, +CTZEU, +IP) between responses, at a rate of 0.1 (seeded). */
	foreignUrcs: boolean;
	/** Read data that pauses mid-payload for 100–800 ms (seeded, one read in 64). */
	readPauses: boolean;
	/** A firmware that takes only "secllevel" (the HTTP(S) note's spelling). */
	otherSeclevel: boolean;
}

const FIELD_ALL: FieldSwitches = {
	bootUrcs: true, wakeLost: true, blankLines: true, noLength: true, rangeAsGet: true, promptSpace: true,
	lateUrcs: true, foreignUrcs: true, readPauses: true, otherSeclevel: true,
};
const FIELD_NONE: FieldSwitches = {
	bootUrcs: false, wakeLost: false, blankLines: false, noLength: false, rangeAsGet: false, promptSpace: false,
	lateUrcs: false, foreignUrcs: false, readPauses: false, otherSeclevel: false,
};
const FOREIGN_URCS = ["+CEREG: 1", "+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"", "+IP: 10.64.2.17", "+CEREG: 5"];

export interface EmulatorOptions {
	clock?: Clock;
	baud?: number;
	network?: "fast" | "nbiot";
	seed?: number;
	faults?: string | string[];
	/** Milliseconds after `>` before data mode is on; bytes sent earlier are lost. Default 500. */
	dataModeDelay?: number;
	/** Milliseconds the module takes to answer a command. Default 20. */
	turnaround?: number;
	/** Milliseconds idle before sleeping when AT+QSCLK=1. Default 5000. */
	sleepAfter?: number;
	/** Milliseconds after the command that woke the module (its first byte lost) before its late
	 *  answer. Default 1800 (FIELD-NOTES). */
	wakeAnswerAfter?: number;
	/** The late answer to that command is `OK` (a slow wake) instead of a bare CR LF. */
	wakeAnswerOk?: boolean;
	trace?: (line: string) => void;
	/** `\r\n> ` instead of `\r\n>`. */
	promptSpace?: boolean;
	echo?: boolean;
	boot?: boolean;
	/** The name GETEX's result URC is printed with (sibling modules print QHTTPGET). */
	rangeUrc?: "QHTTPGETEX" | "QHTTPGET";
	/** The only spelling of the SSL parameter AT+QSSLCFG takes (others: ERROR). Default "seclevel", the SSL
	 *  Application Note's command table; "secllevel" is the HTTP(S) note's examples'. */
	seclevelName?: "seclevel" | "secllevel";
	/** "manual" (default): the manual's module. "field": every FieldSwitches behaviour on, unless `field`
	 *  turns one off. */
	profile?: "manual" | "field";
	field?: Partial<FieldSwitches>;
}

type DataTarget = { kind: "url" | "post" | "cacert"; length: number; bytes: number[]; flag: number; deadline: unknown; rsptime: number };

const CONTENT_TYPES = ["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data"];
const RESULT_NAMES: Record<string, string> = { QHTTPGET: "QHTTPGET", QHTTPGETEX: "QHTTPGETEX", QHTTPPOST: "QHTTPPOST" };

export class Emulator {
	onOutput: ((bytes: Uint8Array) => void) | undefined;
	#clock: Clock;
	#options: EmulatorOptions;
	#byteMs: number;
	#faults: Fault[];
	#counts = new Map<string, number>();
	#random: () => number;
	#closed = false;

	// Module state (not saved: a reboot forgets it).
	#echo = true;
	#cfg = { contextid: 0, requestheader: 0, responseheader: 0, contenttype: 0, sslctx: 0, sslconn: 0, readformat: 0, ssl: false };
	#ssl = { secllevel: 0, cacert: undefined as string | undefined };
	#url = "";
	#sleep = 0;
	#asleep = false;
	#idleTimer: unknown;
	#functionality = 1;

	// The UART.
	#line: number[] = [];
	#data: DataTarget | undefined;
	#dataFrom = 0; // data mode starts at this time
	#out: { data: Uint8Array; start: number; at: number; counted: { changed: boolean } | undefined }[] = [];
	#pumping = false;
	#busyUntil = 0;

	// The HTTP request in flight and its response.
	#pendingIo = 0;
	#ioDone: Promise<void>[] = [];
	#requestBytes: number[] = [];
	#response: Buffer | undefined; // the bytes AT+QHTTPREAD gives
	#readAt = 0;
	#requestDone = false; // a request has finished (for 703/705)
	#inFlight = false;

	#field: FieldSwitches;

	constructor(options: EmulatorOptions = {}) {
		this.#field = { ...(options.profile === "field" ? FIELD_ALL : FIELD_NONE), ...options.field };
		if (this.#field.otherSeclevel) options = { seclevelName: "secllevel", ...options };
		if (this.#field.promptSpace) options = { promptSpace: true, ...options };
		if (this.#field.rangeAsGet) options = { rangeUrc: "QHTTPGET", ...options };
		this.#options = options;
		this.#clock = options.clock ?? new RealClock();
		this.#byteMs = 10000 / (options.baud ?? 115200);
		this.#faults = parseFaults(options.faults);
		let seed = (options.seed ?? 1) >>> 0 || 1;
		this.#random = () => {
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return (seed >>> 0) / 4294967296;
		};
		this.#echo = options.echo ?? true;
		if (this.#field.wakeLost) this.#sleep = 1;
		if (options.boot ?? true) this.#emit(this.#bootText(), 0);
	}

	#bootText(): string {
		const more = this.#field.bootUrcs ? "\r\n+CEREG: 1\r\n\r\n+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"\r\n\r\n+QSCLK: 1\r\n" : "";
		return `\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+IP: 10.64.2.17\r\n${more}`;
	}

	// FIELD-NOTES: the number of blank lines before a line varies from answer to answer.
	#pad(): string {
		if (!this.#field.blankLines) return "";
		const count = Math.floor(this.#random() * 4);
		this.fieldStats.extraBytes += 2 * count;
		return "\r\n".repeat(count);
	}

	/** The field profile's own time on the line, for benchmarks: read pauses and late result URCs (ms),
	 *  and the bytes of its extra blank lines and foreign URCs. */
	readonly fieldStats = { pausedMs: 0, lateUrcMs: 0, extraBytes: 0 };

	get clock(): Clock {
		return this.#clock;
	}

	get config(): object {
		return { echo: this.#echo, ...this.#cfg, secllevel: this.#ssl.secllevel, cacert: this.#ssl.cacert?.length ?? 0, url: this.#url, sleep: this.#sleep };
	}

	/** Adds faults; "clear" removes every fault given so far. */
	inject(spec: string): void {
		if (spec === "clear") this.#faults.length = 0;
		else this.#faults.push(...parseFaults(spec));
	}

	reboot(): void {
		this.#echo = true;
		this.#cfg = { contextid: 0, requestheader: 0, responseheader: 0, contenttype: 0, sslctx: 0, sslconn: 0, readformat: 0, ssl: false };
		this.#ssl = { secllevel: 0, cacert: undefined };
		this.#url = "";
		this.#sleep = this.#field.wakeLost ? 1 : 0;
		this.#asleep = false;
		this.#line = [];
		this.#data = undefined;
		this.#response = undefined;
		this.#requestDone = false;
		this.#inFlight = false;
		this.#exchange = undefined;
		this.#lateUrc = "";
		this.#out = [];
		this.#trace("-- reboot");
		this.#emit(this.#bootText(), 300);
	}

	close(): void {
		this.#closed = true;
		this.onOutput = undefined;
	}

	pendingIo(): number {
		return this.#pendingIo;
	}

	/** Resolves when real network I/O has finished, or made no progress for a short real time. */
	async settle(): Promise<void> {
		for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
		if (!this.#pendingIo) return;
		await Promise.race([Promise.all(this.#ioDone), new Promise((r) => setTimeout(r, 200))]);
		for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
	}

	/** Virtual clock: lets `ms` pass. */
	async runFor(ms: number): Promise<void> {
		const clock = this.#virtual();
		const until = clock.now() + ms;
		for (;;) {
			await this.settle();
			const next = clock.nextAt();
			if (next === undefined || next > until) break;
			clock.advance(next - clock.now());
		}
		clock.advance(until - clock.now());
	}

	/** Virtual clock: runs until done() or limitMs of virtual time. */
	async runUntil(done: () => boolean, limitMs: number): Promise<boolean> {
		const clock = this.#virtual();
		const deadline = clock.now() + limitMs;
		for (;;) {
			await this.settle();
			if (done()) return true;
			const next = clock.nextAt();
			if (next === undefined) {
				if (this.#pendingIo) continue;
				return done();
			}
			if (next > deadline) {
				clock.advance(deadline - clock.now());
				return done();
			}
			clock.advance(next - clock.now());
		}
	}

	/** An ECMA-419 serial class wired to this module (in-process transport). */
	serialClass(): new (options: Record<string, any>) => { read(buffer?: any): any; write(data: ArrayBuffer | ArrayBufferView): void; close(): void } {
		const emulator = this;
		return class EmulatorSerial {
			#options: Record<string, any>;
			#rx: number[] = [];
			#closed = false;
			constructor(options: Record<string, any>) {
				this.#options = options;
				emulator.onOutput = (bytes) => {
					if (this.#closed) return;
					for (const b of bytes) this.#rx.push(b);
					this.#options.onReadable?.call(this, this.#rx.length);
				};
				emulator.#clock.setTimeout(() => this.#options.onWritable?.call(this, 1024), 0);
			}
			read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined {
				let count = this.#rx.length;
				if (typeof buffer === "object") {
					const target = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
					if (!count) return undefined;
					count = Math.min(count, target.length);
					for (let i = 0; i < count; i++) target[i] = this.#rx[i]!;
					this.#rx.splice(0, count);
					return count;
				}
				if (typeof buffer === "number") count = Math.min(count, buffer);
				if (!count) return undefined;
				return Uint8Array.from(this.#rx.splice(0, count)).buffer;
			}
			write(data: ArrayBuffer | ArrayBufferView): void {
				if (this.#closed) throw new Error("serial closed");
				const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
				if (bytes.length > 1024) throw new Error("would overflow");
				emulator.input(bytes.slice());
				// The UART takes the bytes at the baud rate: room again when they are through.
				emulator.#clock.setTimeout(() => {
					if (!this.#closed) this.#options.onWritable?.call(this, 1024);
				}, bytes.length * emulator.#byteMs);
			}
			close(): void {
				this.#closed = true;
				if (emulator.onOutput) emulator.onOutput = undefined;
			}
		};
	}

	// ---- host → module ----

	input(bytes: Uint8Array): void {
		if (this.#closed || !bytes.length) return;
		// The bytes reach the module when the UART has carried them.
		const at = Math.max(this.#clock.now(), this.#txBusyUntil) + bytes.length * this.#byteMs;
		this.#txBusyUntil = at;
		const copy = bytes.slice();
		this.#clock.setTimeout(() => this.#receive(copy), at - this.#clock.now());
	}

	#txBusyUntil = 0;

	#receive(bytes: Uint8Array): void {
		if (this.#closed) return;
		for (const byte of bytes) {
			if (this.#fault("drop-tx") && this.#random() < this.#rate("drop-tx")) continue;
			if (this.#fault("corrupt-tx") && this.#random() < this.#rate("corrupt-tx")) {
				this.#inputByte(byte ^ (1 << Math.floor(this.#random() * 8)));
				continue;
			}
			this.#inputByte(byte);
			if (this.#fault("dup-tx") && this.#random() < this.#rate("dup-tx")) this.#inputByte(byte);
		}
	}

	#inputByte(byte: number): void {
		if (this.#asleep) {
			// The byte that wakes the module is lost; the command it began gets a bare CR LF, late.
			this.#asleep = false;
			this.#line = [];
			this.#lostWake = true;
			this.#trace("-- wake (first byte lost)");
			return;
		}
		this.#touch();
		const data = this.#data;
		if (data) {
			if (this.#clock.now() < this.#dataFrom) return; // before the switch to data mode: lost
			// ESC cancels where the data's end is a terminator (the PEM); counted data (URL, POST) is
			// taken verbatim, so a binary body may hold 0x1B. See README.
			if (byte === 0x1b && data.kind === "cacert") {
				this.#clock.clearTimeout(data.deadline);
				this.#data = undefined;
				this.#trace("> <ESC>");
				this.#emit("\r\nERROR\r\n");
				return;
			}
			if (data.kind === "cacert" && byte === 0x1a) return this.#endData();
			data.bytes.push(byte);
			if (data.kind !== "cacert" && data.bytes.length >= data.length) this.#endData();
			return;
		}
		if (byte === 0x0a) return;
		if (byte !== 0x0d) {
			this.#line.push(byte);
			return;
		}
		const line = Buffer.from(this.#line).toString("latin1");
		this.#line = [];
		if (this.#echo) this.#emit(`${line}\r`, 0);
		this.#flushLateUrc(); // a late result URC comes right after the next command's echo
		if (this.#lostWake) {
			this.#lostWake = false;
			const ok = this.#options.wakeAnswerOk ?? this.#field.wakeLost;
			const after = this.#options.wakeAnswerAfter ?? (this.#field.wakeLost ? 1800 + 600 * this.#random() : 1800);
			this.#emit(ok ? "\r\nOK\r\n" : "\r\n", after);
			return;
		}
		if (!line.trim()) return;
		this.#command(line);
	}

	#lostWake = false;

	// ---- commands ----

	#command(line: string): void {
		this.#trace(`> ${line}`);
		const upper = line.toUpperCase();
		if (!upper.startsWith("AT")) return this.#reply("ERROR");
		const name = /^AT\+?([A-Z0-9]*)/.exec(upper)?.[1] || "AT";
		const count = (this.#counts.get(name) ?? 0) + 1;
		this.#counts.set(name, count);
		const fault = this.#takeFault(name, count);
		if (fault?.kind === "silent") return;
		if (fault?.kind === "reboot") return this.reboot();
		if (fault?.kind === "cme") return this.#reply(`+CME ERROR: ${fault.value}`);
		const late = fault?.kind === "late" ? fault.value : 0;
		const promptFault = fault && (fault.kind === "noprompt" || fault.kind === "prompt-late") ? fault : undefined;
		const urcFault = fault?.kind === "urc" ? fault.value : 0;
		const body = line.slice(2);
		const answer = this.#execute(upper, body, promptFault, urcFault, late);
		if (answer !== undefined) this.#reply(answer, late);
	}

	// Returns the final answer (with information lines before it), or undefined when the command
	// answers later (data mode, a request).
	#execute(upper: string, body: string, promptFault: Fault | undefined, urcFault: number, late: number): string | undefined {
		const cmd = upper.slice(2);
		if (cmd === "") return "OK";
		if (cmd === "E0" || cmd === "E1") {
			this.#echo = cmd === "E1";
			return "OK";
		}
		if (cmd === "I") return "Quectel\r\nBC660K-GL\r\nRevision: BC660KGLAAR01A05_EMU\r\n\r\nOK";
		if (cmd === "+CPIN?") return "+CPIN: READY\r\n\r\nOK";
		if (cmd === "+CGATT?") return `+CGATT: ${this.#functionality}\r\n\r\nOK`;
		if (cmd === "+CGPADDR" || cmd === "+CGPADDR=0") return this.#functionality ? "+CGPADDR: 0,\"10.64.2.17\"\r\n\r\nOK" : "OK";
		if (cmd === "+CGPADDR=1") return "+CGPADDR: 1\r\n\r\nOK";
		if (cmd === "+QIDNSCFG?" || cmd === "+QIDNSCFG") return "+QIDNSCFG: \"8.8.8.8\",\"8.8.4.4\"\r\n\r\nOK";
		if (cmd.startsWith("+QIDNSCFG=")) return "OK";
		if (cmd === "+CFUN=0" || cmd === "+CFUN=1") {
			this.#functionality = Number(cmd.slice(-1));
			return "OK";
		}
		if (cmd === "+CFUN?") return `+CFUN: ${this.#functionality}\r\n\r\nOK`;
		let m = /^\+QSCLK=([0-2])$/.exec(cmd);
		if (m) {
			this.#sleep = Number(m[1]);
			return "OK";
		}
		if (cmd === "+QSCLK?") return `+QSCLK: ${this.#sleep}\r\n\r\nOK`;
		if (cmd.startsWith("+QSSLCFG")) return this.#sslcfg(body.slice(8), promptFault);
		if (cmd.startsWith("+QHTTPCFG")) return this.#httpcfg(cmd.slice(9), body.slice(9));
		if (cmd.startsWith("+QHTTPURL")) return this.#httpurl(cmd.slice(9), promptFault);
		if (cmd.startsWith("+QHTTPGETEX")) return this.#get(cmd.slice(11), true, urcFault, late);
		if (cmd.startsWith("+QHTTPGET")) return this.#get(cmd.slice(9), false, urcFault, late);
		if (cmd.startsWith("+QHTTPPOST")) return this.#post(cmd.slice(10), promptFault, urcFault);
		if (cmd.startsWith("+QHTTPREAD")) return this.#read(cmd.slice(10));
		return "ERROR";
	}

	#sslcfg(args: string, promptFault: Fault | undefined): string | undefined {
		const m = /^=0,0,"([a-z]+)"(?:,(\d+))?$/i.exec(args);
		if (!m) return "ERROR";
		const spelling = this.#options.seclevelName ?? "seclevel";
		const item = m[1]!.toLowerCase();
		if (item !== spelling && item !== "cacert") return "ERROR"; // an item this firmware does not know
		if (item === spelling) {
			if (m[2] === undefined) return `+QSSLCFG: 0,0,"${spelling}",${this.#ssl.secllevel}\r\n\r\nOK`;
			const level = Number(m[2]);
			if (level > 2) return "ERROR";
			this.#ssl.secllevel = level;
			return "OK";
		}
		if (m[2] !== undefined) return "ERROR";
		this.#startData({ kind: "cacert", length: 0, bytes: [], flag: 0, deadline: undefined, rsptime: 0 }, 60, promptFault);
		return undefined;
	}

	#httpcfg(cmd: string, raw: string): string {
		if (cmd === "=?") {
			return "+QHTTPCFG: \"contextid\",(0-10)\r\n+QHTTPCFG: \"requestheader\",(0,1)\r\n+QHTTPCFG: \"responseheader\",(0,1)\r\n"
				+ "+QHTTPCFG: \"contenttype\",(0-3)\r\n+QHTTPCFG: \"ssl\",(0-10),(0-4)\r\n+QHTTPCFG: \"readformat\",(0,1)\r\n\r\nOK";
		}
		const c = this.#cfg;
		if (cmd === "?") {
			return `+QHTTPCFG: "contextid",${c.contextid}\r\n+QHTTPCFG: "requestheader",${c.requestheader}\r\n+QHTTPCFG: "responseheader",${c.responseheader}\r\n`
				+ `+QHTTPCFG: "contenttype",${c.contenttype}\r\n+QHTTPCFG: "ssl",${c.sslctx},${c.sslconn}\r\n+QHTTPCFG: "readformat",${c.readformat}\r\n\r\nOK`;
		}
		const m = /^="([a-z]+)"((?:,\d+)*)$/i.exec(raw.trim());
		if (!m) return "ERROR";
		const item = m[1]!.toLowerCase();
		const values = m[2] ? m[2].slice(1).split(",").map(Number) : [];
		const single: Record<string, [keyof typeof c, number, number]> = {
			contextid: ["contextid", 0, 0], requestheader: ["requestheader", 0, 1], responseheader: ["responseheader", 0, 1],
			contenttype: ["contenttype", 0, 3], readformat: ["readformat", 0, 1],
		};
		if (item === "ssl") {
			if (!values.length) return `+QHTTPCFG: "ssl",${c.sslctx},${c.sslconn}\r\n\r\nOK`;
			if (values.length !== 2 || values[0] !== 0 || values[1] !== 0) return "ERROR"; // only 0,0 is supported
			c.sslctx = 0;
			c.sslconn = 0;
			c.ssl = true;
			return "OK";
		}
		const spec = single[item];
		if (!spec) return "ERROR";
		if (!values.length) return `+QHTTPCFG: "${item}",${c[spec[0]]}\r\n\r\nOK`;
		const value = values[0]!;
		if (values.length !== 1 || value < spec[1] || value > spec[2]) return item === "readformat" ? "+CME ERROR: 730" : "ERROR";
		(c as Record<string, number | boolean>)[spec[0]] = value;
		return "OK";
	}

	#httpurl(args: string, promptFault: Fault | undefined): string | undefined {
		if (args === "=?") return "+QHTTPURL: (1-256),(1-300)\r\n\r\nOK";
		if (args === "?") return `+QHTTPURL: ${this.#url}\r\n\r\nOK`;
		const m = /^=(\d+)(?:,(\d+))?$/.exec(args);
		if (!m) return "ERROR";
		const length = Number(m[1]);
		const timeout = m[2] === undefined ? 60 : Number(m[2]);
		if (length < 1 || length > 256 || timeout < 1 || timeout > 300) return "ERROR";
		if (this.#inFlight) return "+CME ERROR: 703";
		this.#startData({ kind: "url", length, bytes: [], flag: 0, deadline: undefined, rsptime: 0 }, timeout, promptFault);
		return undefined;
	}

	#get(args: string, range: boolean, urcFault: number, late: number): string | undefined {
		if (args === "=?") return range ? "+QHTTPGETEX: (1-300),<start_position>,<read_len>,(1-300)\r\n\r\nOK" : "+QHTTPGET: (1-300),(1-300)\r\n\r\nOK";
		const m = range ? /^=(\d+),(\d+),(\d+)(?:,(\d+))?$/.exec(args) : /^(?:=(\d+)(?:,(\d+))?)?$/.exec(args);
		if (!m) return "ERROR";
		const rsptime = m[1] === undefined ? 60 : Number(m[1]);
		const readTimeout = Number((range ? m[4] : m[2]) ?? 60);
		if (rsptime < 1 || rsptime > 300 || readTimeout < 1 || readTimeout > 300) return "ERROR";
		this.#readTimeout = readTimeout;
		if (this.#cfg.requestheader === 1) return "ERROR"; // custom GETs go through AT+QHTTPPOST
		if (!this.#url) return "+CME ERROR: 712";
		if (this.#inFlight) return "+CME ERROR: 703";
		const target = parseUrl(this.#url);
		if (!target) return "+CME ERROR: 711";
		let head = `GET ${target.path} HTTP/1.1\r\nHost: ${this.#hostHeader(target)}\r\nAccept: */*\r\nUser-Agent: QUECTEL_MODULE\r\nConnection: Keep-Alive\r\n`;
		if (range) {
			const start = Number(m[2]);
			const length = Number(m[3]);
			if (length < 1) return "ERROR";
			head += `Range: bytes=${start}-${start + length - 1}\r\n`;
		}
		const name = range ? this.#options.rangeUrc ?? "QHTTPGETEX" : "QHTTPGET";
		this.#reply("OK", late);
		this.#request(name, Buffer.from(`${head}\r\n`, "latin1"), rsptime, urcFault);
		return undefined;
	}

	#post(args: string, promptFault: Fault | undefined, urcFault: number): string | undefined {
		if (args === "=?") return "+QHTTPPOST: (1-2048),(1-300),(1-300),(0,1),(1-300)\r\n\r\nOK";
		const m = /^=(\d+)(?:,(\d+),(\d+)(?:,([01])(?:,(\d+))?)?)?$/.exec(args);
		if (!m) return "ERROR";
		const length = Number(m[1]);
		const input = m[2] === undefined ? 60 : Number(m[2]);
		const rsptime = m[3] === undefined ? 60 : Number(m[3]);
		const flag = m[4] === undefined ? 0 : Number(m[4]);
		this.#readTimeout = Number(m[5] ?? 60);
		if (this.#readTimeout < 1 || this.#readTimeout > 300) return "ERROR";
		if (length < 1 || length > 2048 || input < 1 || input > 300 || rsptime < 1 || rsptime > 300) return "ERROR";
		if (!this.#url) return "+CME ERROR: 712";
		if (this.#inFlight) return "+CME ERROR: 703";
		this.#urcFault = urcFault;
		this.#startData({ kind: "post", length, bytes: [], flag, deadline: undefined, rsptime }, input, promptFault);
		return undefined;
	}

	#urcFault = 0;

	#read(args: string): string | undefined {
		if (args === "=?") return "+QHTTPREAD: (1-1024)\r\n\r\nOK";
		const m = /^=(\d+)$/.exec(args);
		if (!m) return "ERROR";
		const want = Number(m[1]);
		if (want < 1 || want > 1024) return "ERROR";
		if (this.#inFlight) return "+CME ERROR: 703";
		if (!this.#requestDone || !this.#response) return "+CME ERROR: 705";
		const response = this.#response;
		const n = Math.min(want, response.length - this.#readAt);
		const data = response.subarray(this.#readAt, this.#readAt + n);
		this.#readAt += n;
		const tail = this.#cfg.readformat === 1 ? "\r\n" : "";
		this.#trace(`< +QHTTPREAD: ${n},${response.length - this.#readAt} (${n} bytes)`);
		this.#emit(`\r\n+QHTTPREAD: ${n},${response.length - this.#readAt}\r\n`, this.#turnaround());
		this.#emitCounted(data, `${tail}${this.#pad()}\r\nOK\r\n`);
		return undefined;
	}

	#hostHeader(target: { host: string; port: number; secure: boolean }): string {
		return target.port === (target.secure ? 443 : 80) ? target.host : `${target.host}:${target.port}`;
	}

	// ---- data mode ----

	#startData(target: DataTarget, seconds: number, promptFault: Fault | undefined): void {
		if (promptFault?.kind === "noprompt") return;
		const delay = this.#turnaround() + (promptFault?.kind === "prompt-late" ? promptFault.value : 0);
		this.#emit(this.#options.promptSpace ? "\r\n> " : "\r\n>", delay);
		this.#data = target;
		// The switch is counted from the moment the module sent `>` (its last byte left the UART: #busyUntil
		// right after queueing it), not from when the host read it: the manual's 500 ms is the module's.
		this.#dataFrom = this.#busyUntil + (this.#options.dataModeDelay ?? 500) * this.#random();
		target.deadline = this.#clock.setTimeout(() => {
			if (this.#data !== target) return;
			this.#data = undefined;
			this.#reply(target.kind === "cacert" ? "+CME ERROR: 726" : "ERROR");
		}, delay + seconds * 1000);
	}

	#endData(): void {
		const data = this.#data!;
		this.#data = undefined;
		this.#clock.clearTimeout(data.deadline);
		const text = Buffer.from(data.bytes).toString("latin1");
		this.#trace(`> <${data.bytes.length} bytes of data>`);
		switch (data.kind) {
			case "url":
				if (!/^https?:\/\//i.test(text)) {
					this.#reply("+CME ERROR: 711");
					return;
				}
				this.#url = text;
				this.#requestBytes = []; // a new URL starts a new request: packets of an unfinished one go
				this.#reply("OK");
				return;
			case "cacert":
				this.#ssl.cacert = text;
				this.#reply(`+QSSLCFG: 0,0,"cacert",${data.bytes.length}\r\n\r\nOK`);
				return;
			case "post": {
				for (const b of data.bytes) this.#requestBytes.push(b);
				this.#reply("OK");
				if (data.flag === 1) return; // more packets follow
				const target = parseUrl(this.#url)!;
				let request: Buffer;
				const body = Buffer.from(this.#requestBytes);
				this.#requestBytes = [];
				if (this.#cfg.requestheader === 1) request = body;
				else {
					request = Buffer.concat([Buffer.from(`POST ${target.path} HTTP/1.1\r\nHost: ${this.#hostHeader(target)}\r\nAccept: */*\r\n`
						+ `User-Agent: QUECTEL_MODULE\r\nConnection: Keep-Alive\r\nContent-Type: ${CONTENT_TYPES[this.#cfg.contenttype]}\r\n`
						+ `Content-Length: ${body.length}\r\n\r\n`, "latin1"), body]);
				}
				const fault = this.#urcFault;
				this.#urcFault = 0;
				this.#request("QHTTPPOST", request, data.rsptime, fault);
			}
		}
	}

	// ---- the network ----

	#request(name: string, request: Buffer, rsptime: number, urcFault: number): void {
		const target = parseUrl(this.#url);
		this.#inFlight = true;
		this.#response = undefined;
		this.#readAt = 0;
		const started = this.#clock.now();
		if (urcFault) {
			this.#clock.setTimeout(() => this.#result(name, `${urcFault}`), this.#latency());
			return;
		}
		if (!target || (target.secure && !this.#cfg.ssl)) {
			this.#clock.setTimeout(() => this.#result(name, target ? "701" : "711"), this.#latency());
			return;
		}
		this.#pendingIo++;
		const truncate = this.#faults.find((f) => f.kind === "truncate")?.value;
		const stall = this.#faults.some((f) => f.kind === "stall");
		// The module waits <rsptime> for the whole response; then it reports a timeout and is free again,
		// whatever the server still sends (a stalled server, a body that never ends).
		const exchangeToken = {};
		this.#exchange = exchangeToken;
		const giveUp = this.#clock.setTimeout(() => {
			if (this.#exchange !== exchangeToken) return;
			this.#exchange = undefined;
			this.#result(name, "702");
		}, rsptime * 1000);
		const io = exchange(target, request, {
			ca: this.#ssl.cacert, verify: target.secure && this.#ssl.secllevel > 0, timeoutMs: stall ? 300 : 10000, truncate, stall,
		}).then(({ result, response }) => {
			this.#pendingIo--;
			if (this.#closed || stall || this.#exchange !== exchangeToken) return;
			const at = Math.max(0, started + this.#latency() + response.length * this.#networkByteMs() - this.#clock.now());
			this.#clock.setTimeout(() => {
				if (this.#exchange !== exchangeToken) return;
				this.#exchange = undefined;
				this.#clock.clearTimeout(giveUp);
				if (result !== 0) this.#result(name, `${result}`);
				else this.#respond(name, response);
			}, at);
		});
		this.#ioDone.push(io);
		void io.finally(() => this.#ioDone.splice(this.#ioDone.indexOf(io), 1));
	}

	/** The network exchange the module is waiting on, if any. */
	#exchange: object | undefined;

	// <read_timeout>: the response is released that many seconds after the result, read or not.
	#readTimeout = 60;
	#release: unknown;

	#respond(name: string, response: Buffer): void {
		if (this.#release !== undefined) this.#clock.clearTimeout(this.#release);
		this.#release = this.#clock.setTimeout(() => {
			this.#release = undefined;
			this.#response = undefined;
		}, this.#readTimeout * 1000);
		const head = response.indexOf("\r\n\r\n");
		const headers = response.subarray(0, head < 0 ? response.length : head).toString("latin1");
		const status = /^HTTP\/\d\.\d (\d{3})/.exec(headers)?.[1];
		if (!status) return this.#result(name, "723");
		const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1];
		this.#response = this.#cfg.responseheader ? response : response.subarray(head < 0 ? response.length : head + 4);
		const withLength = length !== undefined && !(this.#field.noLength && this.#random() < 0.5);
		this.#result(name, `0,${status}${withLength ? `,${length}` : ""}`);
	}

	#result(name: string, text: string): void {
		this.#inFlight = false;
		this.#requestDone = true;
		if (!text.startsWith("0,")) this.#response = undefined;
		if (this.#data) {
			this.#trace(`-- URC lost in data mode: +${name}: ${text}`);
			return;
		}
		this.#trace(`< +${RESULT_NAMES[name] ?? name}: ${text}`);
		const urc = `${this.#pad()}\r\n+${name}: ${text}\r\n`;
		if (!this.#field.lateUrcs) return this.#emit(urc);
		this.#lateUrc = urc;
		const late = 1500 * this.#random();
		this.fieldStats.lateUrcMs += late;
		this.#lateUrcTimer = this.#clock.setTimeout(() => this.#flushLateUrc(), late);
	}

	#lateUrc = "";
	#lateUrcTimer: unknown;

	#flushLateUrc(): void {
		if (!this.#lateUrc) return;
		this.#clock.clearTimeout(this.#lateUrcTimer);
		const urc = this.#lateUrc;
		this.#lateUrc = "";
		this.#emit(urc);
	}

	#latency(): number {
		return this.#options.network === "nbiot" ? 100 + this.#random() * 7900 : 5;
	}

	#networkByteMs(): number {
		return this.#options.network === "nbiot" ? 8 / 40 : 0; // ~40 kbit/s
	}

	// ---- module → host ----

	#reply(text: string, late = 0): void {
		this.#trace(`< ${text.replace(/\r\n/g, " | ")}`);
		this.#emit(`${this.#pad()}\r\n${text}\r\n`, this.#turnaround() + late);
	}

	#turnaround(): number {
		return this.#options.turnaround ?? 20;
	}

	// Text output; with the urcs fault a URC may go out before it, between whole lines, as a module does
	// (never inside a counted payload, nor between a payload and its OK).
	#emit(text: string, delay = 0): void {
		if (this.#fault("urcs") && this.#random() < this.#rate("urcs")) this.#emitBytes(Buffer.from("\r\n+CEREG: 1\r\n"), delay);
		if (this.#field.foreignUrcs && this.#random() < 0.1) {
			const urc = Buffer.from(`${this.#pad()}\r\n${FOREIGN_URCS[Math.floor(this.#random() * FOREIGN_URCS.length)]}\r\n`);
			this.fieldStats.extraBytes += urc.length;
			this.#emitBytes(urc, delay);
		}
		if (this.#fault("noise") && this.#random() < this.#rate("noise")) {
			const junk = [13, 10];
			for (let n = 1 + Math.floor(this.#random() * 8); n > 0; n--) junk.push([0x00, 0xff, 0x1b, 0x3e, 0x80, 0x7f, 0x2b, 0x41][Math.floor(this.#random() * 8)]!);
			junk.push(13, 10);
			this.#emitBytes(Uint8Array.from(junk), delay);
		}
		this.#emitBytes(Buffer.from(text, "latin1"), delay);
	}

	// A read's payload and what ends it (blank lines, OK) as one burst: nothing is spliced into it, and
	// drop-rx/dup-rx change its length at most once (two changes can cancel out in the counts: README, limits).
	// With readPauses the payload may stop part-way for a while (two bursts sharing one fault record).
	#emitCounted(payload: Uint8Array, trailer: string): void {
		const end = Buffer.from(trailer, "latin1");
		const bytes = new Uint8Array(payload.length + end.length);
		bytes.set(payload);
		bytes.set(end, payload.length);
		const faults = { changed: false };
		if (this.#field.readPauses && payload.length > 1 && this.#random() < 1 / 64) {
			const cut = 1 + Math.floor(this.#random() * (payload.length - 1));
			const pause = 100 + 700 * this.#random();
			this.fieldStats.pausedMs += pause;
			this.#emitBytes(bytes.subarray(0, cut), 0, faults);
			this.#emitBytes(bytes.subarray(cut), pause, faults, true);
			return;
		}
		this.#emitBytes(bytes, 0, faults);
	}

	// `counted`: the bursts of one read answer share this record (drop-rx/dup-rx at most once per read).
	// `pause`: the delay counts from the end of what is queued (a pause inside an answer).
	#emitBytes(bytes: Uint8Array, delay = 0, counted?: { changed: boolean }, pause = false): void {
		if (this.#closed || !bytes.length) return;
		const start = pause ? this.#busyUntil + delay : Math.max(this.#busyUntil, this.#clock.now() + delay);
		this.#out.push({ data: Uint8Array.from(bytes), start, at: 0, counted });
		this.#busyUntil = start + bytes.length * this.#byteMs;
		if (!this.#pumping) this.#schedulePump();
	}

	// The next chunk (up to 256 bytes of one burst) is delivered when the UART has carried its last byte.
	#schedulePump(): void {
		const head = this.#out[0];
		if (!head) {
			this.#pumping = false;
			return;
		}
		this.#pumping = true;
		const count = Math.min(256, head.data.length - head.at);
		const due = head.start + (head.at + count) * this.#byteMs;
		this.#clock.setTimeout(() => this.#pump(), Math.max(0, due - this.#clock.now()));
	}

	#pump(): void {
		const head = this.#out[0];
		if (!head) return this.#schedulePump();
		const count = Math.min(256, head.data.length - head.at);
		const chunk = head.data.slice(head.at, head.at + count);
		head.at += count;
		if (head.at >= head.data.length) this.#out.shift();
		this.#schedulePump();
		this.#deliver(chunk, head);
	}

	#deliver(chunk: Uint8Array, burst: { counted: { changed: boolean } | undefined }): void {
		if (this.#closed || !chunk.length) return;
		const out: number[] = [];
		for (const b of chunk) {
			if (this.#fault("drop-rx") && this.#random() < this.#rate("drop-rx") && !burst.counted?.changed) {
				if (burst.counted) burst.counted.changed = true;
				continue;
			}
			if (this.#fault("corrupt-rx") && this.#random() < this.#rate("corrupt-rx")) {
				out.push(b ^ (1 << Math.floor(this.#random() * 8)));
				continue;
			}
			out.push(b);
			if (this.#fault("dup-rx") && this.#random() < this.#rate("dup-rx") && !burst.counted?.changed) {
				if (burst.counted) burst.counted.changed = true;
				out.push(b);
			}
		}
		this.#touch();
		this.onOutput?.(Uint8Array.from(out));
	}

	// ---- sleep ----

	#touch(): void {
		if (this.#sleep !== 1) return;
		if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
		this.#idleTimer = this.#clock.setTimeout(() => {
			this.#idleTimer = undefined;
			if (this.#sleep === 1 && !this.#data && !this.#inFlight && !this.#pumping) {
				this.#asleep = true;
				this.#trace("-- sleep");
			}
		}, this.#options.sleepAfter ?? 5000);
	}

	// ---- faults ----

	#takeFault(command: string, count: number): Fault | undefined {
		const i = this.#faults.findIndex((f) => f.command === command && (f.nth === 0 || f.nth === count));
		if (i < 0) return undefined;
		const fault = this.#faults[i]!;
		if (fault.nth !== 0) this.#faults.splice(i, 1);
		return fault;
	}

	#fault(kind: string): boolean {
		return this.#faults.some((f) => f.kind === kind);
	}

	#rate(kind: string): number {
		return this.#faults.find((f) => f.kind === kind)?.value ?? 0;
	}

	#virtual(): VirtualClock {
		if (!(this.#clock instanceof VirtualClock)) throw new Error("runFor/runUntil need a VirtualClock");
		return this.#clock;
	}

	#trace(line: string): void {
		this.#options.trace?.(line);
	}
}
