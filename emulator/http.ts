// The HTTP(S) stack behind the QHTTP commands, whichever dialect prints them: the URL, one request at a
// time over the real network (network.ts) with NB-IoT latency, the response kept for reading until its
// <read_timeout>, and the result URC `+<NAME>: <err>[,<status>[,<length>]]` (late in the field profile).
import type { Module } from "./module.js";
import { exchange, parseUrl, type Target, type TlsVersion } from "./network.js";

/** How a request reaches its server: whether the data bearer is up, and for https its TLS settings
 *  (undefined: TLS not configured, 701). */
export interface Link {
	bearer: boolean;
	tls: Tls | undefined;
}

/** A TLS context as the module uses it: the CA it verifies with (when `verify`), the versions it offers. */
export interface Tls {
	ca: string | undefined;
	verify: boolean;
	min: TlsVersion;
	max: TlsVersion;
}

export class Http {
	/** AT+QHTTPURL's URL. */
	url = "";
	/** A request is under way (703). */
	inFlight = false;
	/** A request has finished since power-on (705 otherwise). */
	done = false;
	/** The bytes a read gives (the body, or the whole response with "responseheader" 1), and how far
	 *  reads have gone. */
	response: Buffer | undefined;
	readAt = 0;
	/** <read_timeout> in s: the response is released that long after its result, read or not. */
	readTimeout = 60;
	/** "responseheader" 1: reads give the status line and headers too. */
	withHead = false;
	/** The field profile's late result URCs, for benchmarks. */
	lateUrcMs = 0;
	#m: Module;
	#onRadio = false; // the request under way went on the radio: its result is the last packet
	#closed = false;
	#release: unknown;
	/** The network exchange the module is waiting on; `lost`: the registration went (702 at <rsptime>). */
	#exchange: { lost?: boolean } | undefined;
	#pendingIo = 0;
	#ioDone: Promise<void>[] = [];
	#lateUrc = "";
	#lateUrcTimer: unknown;

	constructor(m: Module) {
		this.#m = m;
	}

	close(): void {
		this.#closed = true;
	}

	/** A reboot: the URL, the request and its response are gone. */
	reset(): void {
		this.url = "";
		this.response = undefined;
		this.done = false;
		this.inFlight = false;
		this.withHead = false;
		this.#onRadio = false;
		this.#exchange = undefined;
		this.#lateUrc = "";
	}

	/** AT+QHTTPSTOP: the request under way is dropped, without a result. */
	stop(): void {
		this.#exchange = undefined;
		this.inFlight = false;
		if (!this.#onRadio) return;
		this.#onRadio = false;
		this.#m.radio.lastPacket();
	}

	/** The registration went: the request under way gets no answer. */
	lost(): void {
		if (this.#exchange) this.#exchange.lost = true;
	}

	/** Resolves when real network I/O has finished, or made no progress for a short real time. */
	async settle(): Promise<void> {
		for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
		if (!this.#pendingIo) return;
		await Promise.race([Promise.all(this.#ioDone), new Promise((r) => setTimeout(r, 200))]);
		for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
	}

	get pendingIo(): number {
		return this.#pendingIo;
	}

	/** The module's own request head (the HTTP(S) note's 1.1.1 example), ending with its blank line; `Host:`
	 *  has the port only when it is not the scheme's. */
	static head(method: string, target: Target, extra = ""): string {
		const host = target.port === (target.secure ? 443 : 80) ? target.host : `${target.host}:${target.port}`;
		return `${method} ${target.path} HTTP/1.1\r\nHost: ${host}\r\nAccept: */*\r\nUser-Agent: QUECTEL_MODULE\r\nConnection: Keep-Alive\r\n${extra}\r\n`;
	}

	/** Sends `request` to the URL's server; the result URC `+<name>: …` follows. `urcFault`: the result
	 *  code a `urc=` fault forces. */
	request(name: string, request: Buffer, rsptime: number, urcFault: number, link: Link): void {
		const m = this.#m;
		const target = parseUrl(this.url);
		this.inFlight = true;
		this.response = undefined;
		this.readAt = 0;
		const started = m.clock.now();
		if (urcFault) return this.#later(name, `${urcFault}`, this.#latency());
		if (!target || (target.secure && !link.tls)) return this.#later(name, target ? "701" : "711", this.#latency());
		// Not registered (searching, denied, no coverage, CFUN 0/4, detached) or no bearer: no PDP context.
		if (!link.bearer) return this.#later(name, "709", m.uart.turnaround());
		m.radio.connect();
		this.#onRadio = true;
		this.#pendingIo++;
		const truncate = m.faults.has("truncate") ? m.faults.rate("truncate") : undefined;
		const stall = m.faults.has("stall");
		// The module waits <rsptime> for the whole response; then it reports a timeout and is free again,
		// whatever the server still sends (a stalled server, a body that never ends).
		const token: { lost?: boolean } = {};
		this.#exchange = token;
		const giveUp = m.clock.setTimeout(() => {
			if (this.#exchange !== token) return;
			this.#exchange = undefined;
			this.#result(name, "702");
		}, rsptime * 1000);
		const tls = link.tls;
		const io = exchange(target, request, {
			ca: tls?.ca, verify: target.secure && !!tls?.verify, versions: tls && [tls.min, tls.max], timeoutMs: stall ? 300 : 10000, truncate, stall,
		}).then(({ result, response }) => {
			this.#pendingIo--;
			if (this.#closed || stall || this.#exchange !== token || token.lost) return;
			const at = Math.max(0, started + this.#latency() + response.length * this.#networkByteMs() - m.clock.now());
			m.clock.setTimeout(() => {
				if (this.#exchange !== token || token.lost) return;
				this.#exchange = undefined;
				m.clock.clearTimeout(giveUp);
				if (result !== 0) this.#result(name, `${result}`);
				else this.#respond(name, response);
			}, at);
		});
		this.#ioDone.push(io);
		void io.finally(() => this.#ioDone.splice(this.#ioDone.indexOf(io), 1));
	}

	#later(name: string, text: string, ms: number): void {
		this.#m.clock.setTimeout(() => this.#result(name, text), ms);
	}

	// The response is kept (the body only unless `withHead`) until <read_timeout> after the result.
	#respond(name: string, response: Buffer): void {
		const m = this.#m;
		if (this.#release !== undefined) m.clock.clearTimeout(this.#release);
		this.#release = m.clock.setTimeout(() => {
			this.#release = undefined;
			this.response = undefined;
		}, this.readTimeout * 1000);
		const head = response.indexOf("\r\n\r\n");
		const headers = response.subarray(0, head < 0 ? response.length : head).toString("latin1");
		const status = /^HTTP\/\d\.\d (\d{3})/.exec(headers)?.[1];
		if (!status) return this.#result(name, "723");
		const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1];
		this.response = this.withHead ? response : response.subarray(head < 0 ? response.length : head + 4);
		const withLength = length !== undefined && !(m.field.noLength && m.random() < 0.5);
		this.#result(name, `0,${status}${withLength ? `,${length}` : ""}`);
	}

	#result(name: string, text: string): void {
		const m = this.#m;
		this.inFlight = false;
		if (this.#onRadio) {
			this.#onRadio = false;
			m.radio.lastPacket();
		}
		this.done = true;
		if (!text.startsWith("0,")) this.response = undefined;
		if (m.uart.inData) {
			m.trace(`-- URC lost in data mode: +${name}: ${text}`);
			return;
		}
		m.trace(`< +${name}: ${text}`);
		const urc = `${m.uart.pad()}\r\n+${name}: ${text}\r\n`;
		if (!m.field.lateUrcs) return m.uart.emit(urc);
		this.#lateUrc = urc;
		const late = 1500 * m.random();
		this.lateUrcMs += late;
		this.#lateUrcTimer = m.clock.setTimeout(() => this.flushLateUrc(), late);
	}

	/** A late result URC goes out now (the field profile puts it right after the next command's echo). */
	flushLateUrc(): void {
		if (!this.#lateUrc) return;
		this.#m.clock.clearTimeout(this.#lateUrcTimer);
		const urc = this.#lateUrc;
		this.#lateUrc = "";
		this.#m.uart.emit(urc);
	}

	#latency(): number {
		return this.#m.options.network === "nbiot" ? 100 + this.#m.random() * 7900 : 5;
	}

	#networkByteMs(): number {
		return this.#m.options.network === "nbiot" ? 8 / 40 : 0; // ~40 kbit/s
	}
}
