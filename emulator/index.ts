// A BC660K-GL / BC950K-GL as the HTTP(S) application note describes it: the AT interpreter of its
// chapter 2 and the general commands of chapters 3 and 4, data mode, result URCs and codes, real
// HTTP(S) behind it, UART pacing and network latency on a real or virtual clock, and faults.
// Written from the manual alone: it shares no code with the client library.
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import { parseFaults, type Fault } from "./faults.js";
import { exchange, parseUrl } from "./network.js";
import { EDRX_MS, encodeT3324, encodeT3412, isTimerBits, t3324Seconds, t3412Seconds } from "./timers.js";

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

	// ---- network and power (README, "Network and power"; every timing here is an assumption unless
	// it names the manual) ----
	/** ms from AT+CFUN=1, AT+CGATT=1, coverage back or a registration fault cleared, to registration
	 *  (+CEREG stat 2 meanwhile). Default 2000. */
	searchMs?: number;
	/** ms from power-on (or a reboot) to registration. Default 0: registered as the boot URCs end (`+IP:`
	 *  is one of them), which every host so far assumes. */
	bootSearchMs?: number;
	/** Registered roaming (+CEREG stat 5) instead of home (1). */
	roaming?: boolean;
	/** The APN the network serves. Default "CMNBIOT" (the manual's AT+CGDCONT? example). A module whose
	 *  AT+QCGDEFCONT APN (taken at boot) is another non-empty one is denied with EMM cause 19. */
	apn?: string;
	/** ms the network keeps the RRC connection after the last packet without release assistance.
	 *  Default 20000. */
	rrcInactivityMs?: number;
	/** ms from the last packet (or from AT+QNBIOTRAI=1 once the exchange is over) to the release when
	 *  release assistance is asked for. Default 100. */
	raiReleaseMs?: number;
	/** ms a tracking area update (periodic, or for new PSM/eDRX settings) holds the RRC connection.
	 *  Default 1000. */
	tauMs?: number;
	/** T3412 in ms when no extended T3412 is granted. Default 3 240 000 (54 min, the 3GPP TS 24.301
	 *  default). */
	periodicTauMs?: number;
	/** The idle-mode DRX cycle in ms. Default 1280 (the manual's AT+QDRX? example). */
	drxMs?: number;
	/** What the network grants; by default what the module asks for (bit strings as AT+CPSMS and
	 *  AT+CEDRXS write them). */
	grant?: { psm?: boolean; activeTime?: string; periodicTau?: string; edrx?: boolean; edrxValue?: string; ptw?: string };
	/** What AT+CSQ and AT+CESQ report while the module has a cell. Defaults: the manual's examples
	 *  (rssi 22, ber 0, rsrq 25, rsrp 61). */
	signal?: { rssi?: number; ber?: number; rsrq?: number; rsrp?: number };
	/** Identities. Defaults: the manual's examples. */
	imei?: string;
	iccid?: string;
	imsi?: string;
}

/** Time in each power state since the last reset (virtual or real ms), and the UART's traffic. */
export interface PowerStats {
	/** RRC connected: the radio is on (a request, the inactivity time after it, an attach, a TAU). */
	connectedMs: number;
	/** Awake without an RRC connection: RRC idle with the UART awake, searching, CFUN 0/4. */
	idleMs: number;
	/** Light sleep (AT+QSCLK=1 or 2, the UART idle for `sleepAfter`), RRC idle. */
	lightSleepMs: number;
	/** PSM (deep sleep): T3324 expired, AT+QSCLK=1, the UART idle. */
	psmMs: number;
	/** connectedMs + idleMs: the time outside light sleep and PSM. */
	awakeMs: number;
	uartBytesIn: number;
	uartBytesOut: number;
	/** Paging occasions the module listened to in RRC idle (one per DRX or eDRX cycle). */
	pagings: number;
}

export type PowerState = "connected" | "idle" | "lightSleep" | "psm";

// The manual's examples: the serving cell of AT+QENG's example, the identities of chapters 2 and 8.
const TAC = "4C10";
const CELL = "05C4EF33";
const ADDRESS = "10.64.2.17";
const BAUDS = [2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800];
const PDP_TYPES = ["IP", "IPV6", "IPV4V6", "Non-IP"];
// AT+CPSMS=2 and the power-on defaults: PSM off; the manual's example timers (T3412 30 h, T3324 18 min).
const PSM_DEFAULT = { mode: 0, tau: "01000011", active: "01000011" };
// AT+CEDRXS=3 and the power-on defaults: eDRX off; the manual's AT+QEDRXCFG? example values.
const EDRX_DEFAULT = { mode: 0, value: "0011", ptw: "0011" };
const DENIED_CAUSE = 11; // EMM cause #11, PLMN not allowed (3GPP TS 24.301), for `denied` without a cause

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

	// Saved to NVRAM (the manual's "saved to NVRAM automatically"): a reboot keeps these.
	#nv = {
		cereg: 0, cscon: 0, event: 0, baud: 115200,
		psm: { ...PSM_DEFAULT }, edrx: { ...EDRX_DEFAULT },
		apn: { type: "IP", apn: "", user: "", password: "", auth: 0 },
		contexts: new Map<number, { type: string; apn: string }>(),
	};
	#psm = { ...PSM_DEFAULT }; // in use: AT+CPSMS writes it and #nv, AT+QPSMS (not saved) only this
	#apnInUse = ""; // AT+QCGDEFCONT's APN as of the last boot

	// Registration (+CEREG) and what the network granted.
	#stat = 0;
	#rejectCause = 0;
	#attach = true; // AT+CGATT
	#coverage = true;
	#stuck = false; // fault `searching`
	#denyCause: number | undefined; // fault `denied`
	#searchTimer: unknown;
	#faultTimers: unknown[] = [];
	#granted = { psm: false, active: "", tau: "", edrx: false, edrxValue: "", ptw: "" };

	// Power: the RRC connection, PSM, and the time in each state.
	#rrc = false;
	#rai = false;
	#releaseTimer: unknown;
	#t3324Timer: unknown;
	#t3412Timer: unknown;
	#t3324Expired = false;
	#inPsm = false;
	#requestRadio = false; // the request in flight holds the RRC connection
	#stats = { connectedMs: 0, idleMs: 0, lightSleepMs: 0, psmMs: 0, uartBytesIn: 0, uartBytesOut: 0, pagings: 0 };
	#statsAt = 0;

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
		this.#nv.baud = options.baud ?? 115200;
		this.#byteMs = 10000 / this.#nv.baud;
		this.#statsAt = this.#clock.now();
		this.#faults = this.#networkFaults(parseFaults(options.faults), false);
		let seed = (options.seed ?? 1) >>> 0 || 1;
		this.#random = () => {
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return (seed >>> 0) / 4294967296;
		};
		this.#echo = options.echo ?? true;
		if (this.#field.wakeLost) this.#sleep = 1;
		this.#powerOn(0, options.boot ?? true);
	}

	// Power-on and reboots: the boot URCs, and registration (at once by default: bootSearchMs).
	#powerOn(delay: number, print: boolean): void {
		this.#apnInUse = this.#nv.apn.apn;
		const search = this.#options.bootSearchMs ?? 0;
		const now = this.#functionality === 1 && this.#coverage && !this.#stuck && this.#denial() === undefined && search === 0;
		if (now) this.#register(false);
		if (print) this.#emit(this.#bootText(now), delay);
		if (!now && this.#functionality === 1) {
			if (!this.#coverage) this.#setStat(4);
			else this.#startSearch(search);
		}
	}

	#bootText(registered: boolean): string {
		const more = this.#field.bootUrcs ? "\r\n+CEREG: 1\r\n\r\n+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"\r\n\r\n+QSCLK: 1\r\n" : "";
		if (this.#functionality === 0) return "\r\nRDY\r\n";
		const cereg = registered && this.#nv.cereg ? `\r\n+CEREG: ${this.#ceregFields(this.#nv.cereg)}\r\n` : "";
		const ip = registered ? `${cereg}\r\n+IP: ${ADDRESS}\r\n` : "";
		return `\r\nRDY\r\n\r\n+CFUN: ${this.#functionality}\r\n\r\n+CPIN: READY\r\n${ip}${more}`;
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
		if (spec === "clear") {
			this.#faults.length = 0;
			for (const timer of this.#faultTimers) this.#clock.clearTimeout(timer);
			this.#faultTimers = [];
			this.#coverage = true;
			this.#stuck = false;
			this.#denyCause = undefined;
			this.#evaluate();
		} else this.#faults.push(...this.#networkFaults(parseFaults(spec), true));
	}

	// The registration faults act on the network (README, fault language) and are not kept as faults.
	#networkFaults(faults: Fault[], now: boolean): Fault[] {
		const rest: Fault[] = [];
		for (const fault of faults) {
			if (fault.kind === "searching") this.#stuck = true;
			else if (fault.kind === "denied") this.#denyCause = fault.value || DENIED_CAUSE;
			else if (fault.kind === "coverage-lost" || fault.kind === "coverage-back") {
				const coverage = fault.kind === "coverage-back";
				if (fault.value) {
					this.#faultTimers.push(this.#clock.setTimeout(() => {
						this.#coverage = coverage;
						this.#evaluate();
					}, fault.value));
				} else this.#coverage = coverage;
			} else {
				rest.push(fault);
				continue;
			}
			this.#trace(`-- network: ${fault.kind}${fault.value ? `=${fault.value}` : ""}`);
		}
		if (now) this.#evaluate();
		return rest;
	}

	/** Restarts the module (`reboot@CMD`, AT+CFUN=<fun>,1): RDY, and the settings not saved to NVRAM
	 *  forgotten. */
	reboot(functionality = 1): void {
		this.#lostService();
		this.#clock.clearTimeout(this.#searchTimer);
		this.#searchTimer = undefined;
		this.#account();
		this.#stat = 0;
		this.#rejectCause = 0;
		this.#attach = true;
		this.#functionality = functionality;
		this.#psm = { ...this.#nv.psm };
		this.#granted = { psm: false, active: "", tau: "", edrx: false, edrxValue: "", ptw: "" };
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
		this.#powerOn(300, true);
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
		this.#stats.uartBytesIn += bytes.length;
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
			this.#account();
			this.#asleep = false;
			if (this.#inPsm) this.#leavePsm();
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
		const general = this.#general(cmd, body);
		if (general !== undefined) return general;
		if (cmd.startsWith("+QSSLCFG")) return this.#sslcfg(body.slice(8), promptFault);
		if (cmd.startsWith("+QHTTPCFG")) return this.#httpcfg(cmd.slice(9), body.slice(9));
		if (cmd.startsWith("+QHTTPURL")) return this.#httpurl(cmd.slice(9), promptFault);
		if (cmd.startsWith("+QHTTPGETEX")) return this.#get(cmd.slice(11), true, urcFault, late);
		if (cmd.startsWith("+QHTTPGET")) return this.#get(cmd.slice(9), false, urcFault, late);
		if (cmd.startsWith("+QHTTPPOST")) return this.#post(cmd.slice(10), promptFault, urcFault);
		if (cmd.startsWith("+QHTTPREAD")) return this.#read(cmd.slice(10));
		return "ERROR";
	}

	// ---- general, network, PDN, USIM and power commands (AT Commands Manual chapters 2–5, 8, 9) ----

	// Returns the answer, or undefined when `cmd` is none of these.
	#general(cmd: string, body: string): string | undefined {
		const m = /^\+([A-Z]+)(.*)$/.exec(cmd);
		if (!m) return undefined;
		const name = m[1]!;
		const args = m[2]!;
		const raw = body.slice(1 + name.length); // the arguments as typed (quoted strings keep their case)
		const ok = (line: string) => `${line}\r\n\r\nOK`;
		const o = this.#options;
		const imei = o.imei ?? "866818039921444";
		const svn = "01";
		const sim = this.#functionality !== 0; // CFUN=0 powers the (U)SIM down
		switch (name) {
			case "CGSN": // 2.5
				if (args === "=?") return ok("+CGSN: (0-3)");
				if (args === "" || args === "=0") return ok(imei);
				if (args === "=1") return ok(`+CGSN: ${imei}`);
				if (args === "=2") return ok(`+CGSN: ${imei.slice(0, 14)}${svn}`);
				if (args === "=3") return ok(`+CGSN: ${svn}`);
				return "ERROR";
			case "IPR": { // 3.2: OK at the old rate, then the new one
				if (args === "=?") return ok(`+IPR: (${BAUDS.join(",")})`);
				if (args === "?") return ok(`+IPR: ${this.#nv.baud}`);
				const rate = /^=(\d+)$/.exec(args) ? Number(args.slice(1)) : 0;
				if (!BAUDS.includes(rate)) return "ERROR";
				this.#nv.baud = rate;
				this.#afterAnswer(() => {
					this.#byteMs = 10000 / rate;
					this.#trace(`-- baud ${rate}`);
				});
				return "OK";
			}
			case "CEREG": { // 4.1
				if (args === "=?") return ok("+CEREG: (0-5)");
				if (args === "?") return ok(`+CEREG: ${this.#nv.cereg},${this.#ceregFields(this.#nv.cereg)}`);
				const n = /^=([0-5])$/.exec(args);
				if (!n) return "ERROR";
				this.#nv.cereg = Number(n[1]);
				return "OK";
			}
			case "CESQ": { // 4.2: rxlev, ber, rscp and ecno are not NB-IoT's (99, 99, 255, 255)
				if (args === "=?") return ok("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)");
				if (args !== "") return "ERROR";
				const cell = this.#hasCell();
				return ok(`+CESQ: 99,99,255,255,${cell ? o.signal?.rsrq ?? 25 : 255},${cell ? o.signal?.rsrp ?? 61 : 255}`);
			}
			case "CGATT": { // 4.3
				if (args === "=?") return ok("+CGATT: (0,1)");
				if (args === "?") return ok(`+CGATT: ${this.#registered() ? 1 : 0}`);
				const state = /^=([01])$/.exec(args);
				if (!state) return "ERROR";
				if (this.#functionality !== 1) return "+CME ERROR: 3";
				this.#attach = state[1] === "1";
				this.#clock.setTimeout(() => this.#evaluate(), 0); // URCs after the OK
				return "OK";
			}
			case "CGPADDR": // 4.4: context 0 is the data bearer; context 1 has no address (FIELD-NOTES)
				if (args === "=?") return ok("+CGPADDR: (0)");
				if (args === "" || args === "?" || args === "=0") return this.#registered() ? ok(`+CGPADDR: 0,"${ADDRESS}"`) : "OK";
				if (/^=([1-9]|10)$/.test(args)) return ok(`+CGPADDR: ${args.slice(1)}`);
				return "ERROR";
			case "CSCON": { // 4.6
				if (args === "=?") return ok("+CSCON: (0,1)");
				if (args === "?") return ok(`+CSCON: ${this.#nv.cscon},${this.#rrc ? 1 : 0}`);
				const n = /^=([01])$/.exec(args);
				if (!n) return "ERROR";
				this.#nv.cscon = Number(n[1]);
				return "OK";
			}
			case "CSQ": // 4.7
				if (args === "=?") return ok("+CSQ: (0-31,99),(0-7,99)");
				if (args !== "") return "ERROR";
				return ok(this.#hasCell() ? `+CSQ: ${o.signal?.rssi ?? 22},${o.signal?.ber ?? 0}` : "+CSQ: 99,99");
			case "CGDCONT": return this.#cgdcont(args, raw);
			case "QCGDEFCONT": return this.#qcgdefcont(args, raw);
			case "CIMI": // 8.4
				if (args === "=?") return "OK";
				if (args !== "") return "ERROR";
				return sim ? ok(o.imsi ?? "460001357924680") : "+CME ERROR: 13";
			case "CPIN": // 8.6: only the read form (no PIN is ever asked for)
				if (args === "=?") return "OK";
				if (args !== "?") return "+CME ERROR: 3";
				return sim ? ok("+CPIN: READY") : "+CME ERROR: 13";
			case "QCCID": // 8.11: an unreadable card gives no data
				if (args !== "") return "ERROR";
				return sim ? ok(`+QCCID: ${o.iccid ?? "89860446091891372008"}`) : "OK";
			case "QIDNSCFG":
				if (args === "?" || args === "") return ok("+QIDNSCFG: \"8.8.8.8\",\"8.8.4.4\"");
				return args.startsWith("=") ? "OK" : "ERROR";
			case "CEDRXS": case "QEDRXCFG": return this.#edrxCommand(name, args);
			case "CEDRXRDP": { // 9.2
				if (args === "=?") return "OK";
				if (args !== "") return "ERROR";
				const g = this.#granted;
				return ok(this.#registered() && g.edrx ? `+CEDRXRDP: 5,"${this.#nv.edrx.value}","${g.edrxValue}","${g.ptw}"` : "+CEDRXRDP: 0");
			}
			case "CFUN": return this.#cfun(args);
			case "CPSMS": case "QPSMS": return this.#psmCommand(name, args);
			case "QDRX": // 9.5 (the connected-mode figures are ours: nothing uses them)
				if (args === "=?") return "OK";
				if (args !== "?") return "ERROR";
				if (!this.#registered() || this.#inPsm) return ok("+QDRX: 3");
				return ok(this.#rrc ? "+QDRX: 2,8,4,0,4,2048,8" : `+QDRX: 1,${this.#cycleMs()}`);
			case "QNBIOTRAI": { // 9.7: only while RRC is connected; it asks for the release of this connection
				if (args === "=?") return ok("+QNBIOTRAI: (0,1)");
				const mode = /^=([01])$/.exec(args);
				if (!mode) return "ERROR";
				if (!this.#rrc) return "+CME ERROR: 602"; // No RRC connection (chapter 15)
				this.#rai = mode[1] === "1";
				if (this.#rai && !this.#inFlight) this.#lastPacket();
				return "OK";
			}
			case "QNBIOTEVENT": { // 9.8: event 1 (PSM) is the only one
				if (args === "=?") return "OK";
				if (args === "?") return ok(`+QNBIOTEVENT: ${this.#nv.event},1`);
				const e = /^=([01]),1$/.exec(args);
				if (!e) return "ERROR";
				this.#nv.event = Number(e[1]);
				return "OK";
			}
			case "QSCLK": { // 9.10
				if (args === "=?") return ok("+QSCLK: (0-2)");
				if (args === "?") return ok(`+QSCLK: ${this.#sleep}`);
				const n = /^=([0-2])$/.exec(args);
				if (!n) return "ERROR";
				this.#sleep = Number(n[1]);
				return "OK";
			}
		}
		return undefined;
	}

	#cfun(args: string): string | undefined {
		if (args === "=?") return "+CFUN: (0,1,4),(0,1)\r\n\r\nOK";
		if (args === "?") return `+CFUN: ${this.#functionality}\r\n\r\nOK`;
		const m = /^=([014])(?:,([01]))?$/.exec(args);
		if (!m) return "ERROR";
		const fun = Number(m[1]);
		if (m[2] === "1") { // reset into <fun> (the manual's example: AT+CFUN=0,1 gives OK, RDY, then +CFUN: 0)
			this.#afterAnswer(() => this.reboot(fun));
			return "OK";
		}
		const was = this.#functionality;
		if (fun === was) return "OK";
		this.#account();
		this.#functionality = fun;
		if (fun === 1) this.#attach = true;
		this.#clock.setTimeout(() => { // URCs after the OK
			if (was === 0) this.#urc("+CPIN: READY"); // the (U)SIM is powered again
			this.#evaluate();
		}, 0);
		return "OK";
	}

	// Runs `fn` when the answer being given has left the UART (1 ms later: after its delivery).
	#afterAnswer(fn: () => void): void {
		this.#clock.setTimeout(() => this.#clock.setTimeout(fn, this.#busyUntil - this.#clock.now() + 1), 0);
	}

	#psmCommand(name: string, args: string): string {
		if (name === "CPSMS") { // 9.4
			if (args === "=?") return "+CPSMS: (0-2),,,(\"00000000\"-\"11111111\"),(\"00000000\"-\"11111111\")\r\n\r\nOK";
			if (args === "?") return `+CPSMS: ${this.#psm.mode},,,"${this.#psm.tau}","${this.#psm.active}"\r\n\r\nOK`;
			const m = /^=([0-2])(?:,,,(?:"([01]{8})")?(?:,(?:"([01]{8})")?)?)?$/.exec(args);
			if (!m) return "ERROR";
			const mode = Number(m[1]);
			const psm = mode === 2 ? { ...PSM_DEFAULT } : { mode, tau: m[2] ?? this.#psm.tau, active: m[3] ?? this.#psm.active };
			this.#psm = psm;
			this.#nv.psm = { ...psm };
		} else { // 9.9 (its table writes AT+QSCLK=<T1>,<T2>: a misprint for AT+QPSMS)
			if (args === "=?") return "+QPSMS: (0-11160),(0-35712000)\r\n\r\nOK";
			if (args === "?") {
				const g = this.#granted;
				const t1 = g.psm ? t3324Seconds(g.active) ?? 1 : 1; // "If the value is 1, T3324 is disabled"
				const t2 = g.psm ? t3412Seconds(g.tau) ?? this.#t3412Ms() / 1000 : this.#t3412Ms() / 1000;
				return `+QPSMS: ${t1},${t2}\r\n\r\nOK`;
			}
			const m = /^=(\d+),(\d+)$/.exec(args);
			if (!m) return "ERROR";
			const t1 = Number(m[1]), t2 = Number(m[2]);
			if (t1 > 11160 || t2 > 35712000) return "ERROR";
			this.#psm = { mode: 1, tau: encodeT3412(t2), active: encodeT3324(t1) }; // not saved to NVRAM
		}
		this.#settingsChanged();
		return "OK";
	}

	#edrxCommand(name: string, args: string): string {
		const q = name === "QEDRXCFG";
		const e = this.#nv.edrx;
		if (args === "=?") return `+${name}: (0-3),(5),("0000"-"1111")${q ? ",(\"0000\"-\"1111\")" : ""}\r\n\r\nOK`;
		if (args === "?") return `+${name}: 5,"${e.value}"${q ? `,"${e.ptw}"` : ""}\r\n\r\nOK`;
		const m = q ? /^=([0-3])(?:,5(?:,"([01]{4})"(?:,"([01]{4})")?)?)?$/.exec(args) : /^=([0-3])(?:,5(?:,"([01]{4})")?)?$/.exec(args);
		if (!m) return "ERROR";
		if (m[2] !== undefined && EDRX_MS[m[2]] === undefined) return "ERROR"; // not in the manual's table
		const mode = Number(m[1]);
		this.#nv.edrx = mode === 3 ? { ...EDRX_DEFAULT } : { mode, value: m[2] ?? e.value, ptw: m[3] ?? e.ptw };
		this.#settingsChanged();
		return "OK";
	}

	#cgdcont(args: string, raw: string): string {
		if (args === "=?") {
			return "+CGDCONT: (0-10),(\"IP\",\"IPV6\",\"IPV4V6\",\"Non-IP\"),,,,,(0,1),(0-3),(0-2),(0,1),(0,1),(0,1),(0,1),(0,1),(0,1),(0,1)\r\n\r\nOK";
		}
		if (args === "?") {
			const apn = (this.#apnInUse || this.#networkApn()).toUpperCase(); // reads are upper case (note 1)
			let text = `+CGDCONT: 0,"${this.#nv.apn.type}","${apn}"${this.#registered() ? `,"${ADDRESS}"` : ""}\r\n`;
			for (const [cid, c] of [...this.#nv.contexts].sort((a, b) => a[0] - b[0])) text += `+CGDCONT: ${cid},"${c.type}","${c.apn.toUpperCase()}"\r\n`;
			return `${text}\r\nOK`;
		}
		const m = /^=(\d+)(?:,"([^"]*)"(?:,"([^"]*)"(?:,"[^"]*"(?:,\d+)*)?)?)?$/.exec(raw.trim());
		if (!m) return "ERROR";
		const cid = Number(m[1]);
		if (cid < 1 || cid > 10) return "ERROR"; // context 0 is AT+QCGDEFCONT's
		if (m[2] === undefined) {
			this.#nv.contexts.delete(cid);
			return "OK";
		}
		const type = PDP_TYPES.find((t) => t.toUpperCase() === m[2]!.toUpperCase());
		if (!type || (m[3]?.length ?? 0) > 99) return "ERROR";
		this.#nv.contexts.set(cid, { type, apn: m[3] ?? "" });
		return "OK";
	}

	#qcgdefcont(args: string, raw: string): string {
		if (args === "=?") return "+QCGDEFCONT: (\"IP\",\"IPV6\",\"IPV4V6\",\"Non-IP\")\r\n\r\nOK";
		const a = this.#nv.apn;
		if (args === "?") {
			let text = `+QCGDEFCONT: "${a.type}"`;
			if (a.user) text += `,"${a.apn}","${a.user}","${a.password}",${a.auth}`;
			else if (a.apn) text += `,"${a.apn}"`;
			return `${text}\r\n\r\nOK`;
		}
		const m = /^="([^"]*)"(?:,"([^"]*)"(?:,"([^"]*)","([^"]*)"(?:,(\d+))?)?)?$/.exec(raw.trim());
		if (!m) return "ERROR";
		const type = PDP_TYPES.find((t) => t.toUpperCase() === m[1]!.toUpperCase());
		const auth = m[5] === undefined ? (m[3] ? 1 : 0) : Number(m[5]);
		// <auth_type> 2 (CHAP) is "not supported currently": ERROR
		if (!type || (m[2]?.length ?? 0) > 99 || (m[3]?.length ?? 0) > 19 || (m[4]?.length ?? 0) > 19 || auth > 1) return "ERROR";
		this.#nv.apn = { type, apn: m[2] ?? "", user: m[3] ?? "", password: m[4] ?? "", auth };
		return "OK"; // takes effect at the next boot
	}

	// ---- registration ----

	#registered(): boolean {
		return this.#stat === 1 || this.#stat === 5; // #evaluate keeps stat 0 when CFUN is not 1
	}

	#hasCell(): boolean {
		return this.#functionality === 1 && (this.#stat === 1 || this.#stat === 3 || this.#stat === 5);
	}

	#networkApn(): string {
		return this.#options.apn ?? "CMNBIOT";
	}

	// Why the network would reject an attach now, as an EMM cause; undefined: it would accept.
	#denial(): number | undefined {
		if (this.#denyCause !== undefined) return this.#denyCause;
		if (this.#apnInUse && this.#apnInUse.toUpperCase() !== this.#networkApn().toUpperCase()) return 19; // ESM failure
		return undefined;
	}

	// Moves the registration to where the module's settings and the network (faults) put it.
	#evaluate(): void {
		if (this.#functionality !== 1 || !this.#attach) return this.#noService(0);
		if (!this.#coverage) return this.#noService(4);
		const deny = this.#denial();
		if (this.#registered()) {
			if (this.#stuck) this.#setStat(2);
			else if (deny !== undefined) this.#setStat(3, deny);
			return;
		}
		if (this.#searchTimer !== undefined) return;
		if (this.#stat === 3 && deny !== undefined) return;
		if (this.#stat === 2 && this.#stuck) return;
		this.#startSearch(this.#options.searchMs ?? 2000);
	}

	#noService(stat: number): void {
		this.#clock.clearTimeout(this.#searchTimer);
		this.#searchTimer = undefined;
		this.#setStat(stat);
	}

	#startSearch(ms: number): void {
		this.#setStat(2);
		if (this.#stuck) return;
		this.#searchTimer = this.#clock.setTimeout(() => {
			this.#searchTimer = undefined;
			if (this.#stuck) return;
			const deny = this.#denial();
			if (deny !== undefined) this.#setStat(3, deny);
			else this.#register(true);
		}, ms);
	}

	// The attach: the grant, +CEREG, the PDN (+IP:), and the radio connected as for any exchange.
	#register(urcs: boolean): void {
		this.#grantNow();
		this.#setStat(this.#options.roaming ? 5 : 1, 0, urcs);
		if (urcs) this.#urc(`+IP: ${ADDRESS}`);
		if (urcs && this.#nv.edrx.mode === 2) this.#cedrxp();
		this.#connect(urcs);
		this.#lastPacket();
	}

	#setStat(stat: number, cause = 0, urc = true): void {
		if (stat === this.#stat && cause === this.#rejectCause) return;
		const was = this.#registered();
		this.#account();
		this.#stat = stat;
		this.#rejectCause = cause;
		this.#trace(`-- registration ${stat}${cause ? ` (cause ${cause})` : ""}`);
		if (was && !this.#registered()) this.#lostService();
		if (urc && this.#nv.cereg) this.#urc(`+CEREG: ${this.#ceregFields(this.#nv.cereg)}`);
	}

	// What follows <n> in AT+CEREG? (and all of a +CEREG URC) for presentation mode n.
	#ceregFields(n: number): string {
		const stat = this.#stat;
		const registered = stat === 1 || stat === 5;
		const denied = stat === 3 && (n === 3 || n === 5);
		let text = `${stat}`;
		if (n < 2 || (!registered && !denied)) return text;
		text += registered ? `,"${TAC}","${CELL}",9` : ",,,";
		const cause = denied ? `,0,${this.#rejectCause}` : "";
		if (n === 2) return text;
		if (n === 3) return text + cause;
		const timers = registered && this.#granted.psm ? `,"${this.#granted.active}","${this.#granted.tau}"` : "";
		return text + (timers ? `${cause || ",,"}${timers}` : cause);
	}

	// What the network grants for the module's PSM and eDRX requests (option `grant`), at an attach or TAU.
	// Returns whether the PSM and eDRX grants changed.
	#grantNow(): { psm: boolean; edrx: boolean } {
		const g = this.#options.grant ?? {};
		const old = this.#granted;
		const psm = this.#psm.mode === 1 && (g.psm ?? true);
		const active = g.activeTime ?? this.#psm.active;
		const e = this.#nv.edrx;
		const edrx = e.mode !== 0 && e.mode !== 3 && (g.edrx ?? true);
		this.#account();
		this.#granted = {
			psm: psm && t3324Seconds(active) !== null, active: psm ? active : "", tau: psm ? g.periodicTau ?? this.#psm.tau : "",
			edrx, edrxValue: edrx ? g.edrxValue ?? e.value : "", ptw: edrx ? g.ptw ?? e.ptw : "",
		};
		const now = this.#granted;
		return { psm: now.psm !== old.psm || now.active !== old.active || now.tau !== old.tau, edrx: now.edrx !== old.edrx || now.edrxValue !== old.edrxValue || now.ptw !== old.ptw };
	}

	#cedrxp(): void {
		const g = this.#granted;
		this.#urc(g.edrx ? `+CEDRXP: 5,"${this.#nv.edrx.value}","${g.edrxValue}","${g.ptw}"` : "+CEDRXP: 5");
	}

	// New PSM or eDRX settings while registered: a TAU asks the network for them.
	#settingsChanged(): void {
		if (!this.#registered()) return;
		this.#clock.setTimeout(() => {
			if (this.#registered()) this.#tau();
		}, this.#turnaround() + 10);
	}

	#tau(): void {
		this.#connect();
		const changed = this.#grantNow();
		if (changed.psm && this.#nv.cereg >= 4) this.#urc(`+CEREG: ${this.#ceregFields(this.#nv.cereg)}`);
		if (changed.edrx && this.#nv.edrx.mode === 2) this.#cedrxp();
		if (this.#inFlight) return; // the request's last packet starts the inactivity time
		this.#clock.clearTimeout(this.#releaseTimer);
		this.#releaseTimer = this.#clock.setTimeout(() => this.#releaseRadio(), this.#options.tauMs ?? 1000);
	}

	// The registration is gone: no PDP context, no radio, no PSM; a request in flight gets no answer.
	#lostService(): void {
		if (this.#exchange) (this.#exchange as { lost?: boolean }).lost = true;
		for (const timer of [this.#releaseTimer, this.#t3324Timer, this.#t3412Timer]) this.#clock.clearTimeout(timer);
		this.#releaseTimer = this.#t3324Timer = this.#t3412Timer = undefined;
		this.#account();
		if (this.#inPsm) this.#leavePsm();
		if (this.#rrc) {
			this.#rrc = false;
			if (this.#nv.cscon) this.#urc("+CSCON: 0");
		}
		this.#rai = false;
		this.#t3324Expired = false;
	}

	// ---- the radio: RRC connected, idle, PSM ----

	#connect(urc = true): void {
		for (const timer of [this.#releaseTimer, this.#t3324Timer, this.#t3412Timer]) this.#clock.clearTimeout(timer);
		this.#releaseTimer = this.#t3324Timer = this.#t3412Timer = undefined;
		this.#t3324Expired = false;
		if (this.#rrc) return;
		this.#account();
		if (this.#inPsm) this.#leavePsm();
		this.#rrc = true;
		if (urc && this.#nv.cscon) this.#urc("+CSCON: 1");
	}

	// After the last packet the network releases the connection: after its inactivity time, or soon when
	// the module asked for it (AT+QNBIOTRAI=1).
	#lastPacket(): void {
		if (!this.#rrc) return;
		this.#clock.clearTimeout(this.#releaseTimer);
		const ms = this.#rai ? this.#options.raiReleaseMs ?? 100 : this.#options.rrcInactivityMs ?? 20000;
		this.#releaseTimer = this.#clock.setTimeout(() => this.#releaseRadio(), ms);
	}

	// RRC idle: T3324 (when PSM is granted) and T3412 run from here.
	#releaseRadio(): void {
		this.#releaseTimer = undefined;
		if (!this.#rrc) return;
		this.#account();
		this.#rrc = false;
		this.#rai = false;
		this.#trace("-- RRC released");
		if (this.#nv.cscon) this.#urc("+CSCON: 0");
		const active = this.#granted.psm ? t3324Seconds(this.#granted.active) : null;
		if (active !== null) {
			this.#t3324Timer = this.#clock.setTimeout(() => {
				this.#t3324Timer = undefined;
				this.#t3324Expired = true;
				this.#trace("-- T3324 expired");
				this.#maybeEnterPsm();
			}, active * 1000);
		}
		this.#t3412Timer = this.#clock.setTimeout(() => {
			this.#t3412Timer = undefined;
			if (this.#registered()) this.#tau();
		}, this.#t3412Ms());
	}

	#t3412Ms(): number {
		const tau = this.#granted.psm ? t3412Seconds(this.#granted.tau) : null;
		return tau !== null ? tau * 1000 : this.#options.periodicTauMs ?? 3240000;
	}

	#cycleMs(): number {
		const g = this.#granted;
		return g.edrx ? EDRX_MS[g.edrxValue] ?? 20480 : this.#options.drxMs ?? 1280;
	}

	#maybeEnterPsm(): void {
		if (!this.#t3324Expired || this.#rrc || this.#inPsm || !this.#asleep || this.#sleep !== 1 || !this.#registered()) return;
		this.#account();
		this.#inPsm = true;
		this.#trace("-- PSM");
		if (this.#nv.event) this.#urc("+QNBIOTEVENT: \"ENTER PSM\"");
	}

	#leavePsm(): void {
		this.#account();
		this.#inPsm = false;
		this.#trace("-- PSM left");
		if (this.#nv.event) this.#urc("+QNBIOTEVENT: \"EXIT PSM\"");
	}

	// A URC of the network or power commands (lost in data mode, as every URC).
	#urc(text: string): void {
		if (this.#data) {
			this.#trace(`-- URC lost in data mode: ${text}`);
			return;
		}
		this.#trace(`< ${text}`);
		this.#emit(`\r\n${text}\r\n`);
	}

	// ---- power accounting ----

	#powerState(): PowerState {
		if (this.#rrc) return "connected";
		if (this.#inPsm) return "psm";
		if (this.#asleep && this.#stat !== 2) return "lightSleep";
		return "idle";
	}

	// Adds the time since the last change to the state the module was in; called before every change.
	#account(): void {
		const now = this.#clock.now();
		const ms = now - this.#statsAt;
		this.#statsAt = now;
		if (ms <= 0) return;
		const state = this.#powerState();
		this.#stats[`${state}Ms`] += ms;
		if (state !== "connected" && state !== "psm" && this.#registered()) this.#stats.pagings += ms / this.#cycleMs();
	}

	/** The module's power state now. */
	get powerState(): PowerState {
		return this.#powerState();
	}

	/** The registration now: +CEREG's <stat> and reject cause, and what the network granted. */
	get registration(): { stat: number; cause: number; psm: boolean; activeTime: string; periodicTau: string; edrx: boolean; edrxValue: string; ptw: string } {
		const g = this.#granted;
		return { stat: this.#stat, cause: this.#rejectCause, psm: g.psm, activeTime: g.active, periodicTau: g.tau, edrx: g.edrx, edrxValue: g.edrxValue, ptw: g.ptw };
	}

	/** Time in each power state and UART bytes since power-on or the last reset. */
	powerStats(options: { reset?: boolean } = {}): PowerStats {
		this.#account();
		const s = this.#stats;
		const stats = { ...s, awakeMs: s.connectedMs + s.idleMs, pagings: Math.floor(s.pagings) };
		if (options.reset) this.resetPowerStats();
		return stats;
	}

	resetPowerStats(): void {
		this.#account();
		this.#stats = { connectedMs: 0, idleMs: 0, lightSleepMs: 0, psmMs: 0, uartBytesIn: 0, uartBytesOut: 0, pagings: 0 };
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
		// Not registered (searching, denied, no coverage, CFUN 0/4, detached): no PDP context (README).
		if (!this.#registered()) {
			this.#clock.setTimeout(() => this.#result(name, "709"), this.#turnaround());
			return;
		}
		this.#connect();
		this.#requestRadio = true;
		this.#pendingIo++;
		const truncate = this.#faults.find((f) => f.kind === "truncate")?.value;
		const stall = this.#faults.some((f) => f.kind === "stall");
		// The module waits <rsptime> for the whole response; then it reports a timeout and is free again,
		// whatever the server still sends (a stalled server, a body that never ends).
		const exchangeToken: { lost?: boolean } = {}; // lost: the radio went (no answer; 702 at <rsptime>)
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
			if (this.#closed || stall || this.#exchange !== exchangeToken || exchangeToken.lost) return;
			const at = Math.max(0, started + this.#latency() + response.length * this.#networkByteMs() - this.#clock.now());
			this.#clock.setTimeout(() => {
				if (this.#exchange !== exchangeToken || exchangeToken.lost) return;
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
		if (this.#requestRadio) {
			this.#requestRadio = false;
			this.#lastPacket();
		}
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
		this.#stats.uartBytesOut += chunk.length;
		this.#touch();
		this.onOutput?.(Uint8Array.from(out));
	}

	// ---- sleep ----

	// AT+QSCLK=1 (light and deep sleep) or 2 (light sleep only): after `sleepAfter` ms without UART
	// traffic the module sleeps; with 1 and T3324 expired that sleep is PSM.
	#touch(): void {
		if (this.#sleep === 0) return;
		if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
		this.#idleTimer = this.#clock.setTimeout(() => {
			this.#idleTimer = undefined;
			if (this.#sleep !== 0 && !this.#asleep && !this.#data && !this.#inFlight && !this.#pumping) {
				this.#account();
				this.#asleep = true;
				this.#trace("-- sleep");
				this.#maybeEnterPsm();
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
