// A BC660K-GL / BC950K-GL as its manuals describe it, or a BG95 as its family's notes do (emulator/
// README.md): the AT interpreter with the module's command table, data mode, result URCs and codes, real
// HTTP(S) behind it, UART pacing and network latency on a real or virtual clock, and faults. Written from
// the manuals alone: it shares no code with the client library. This file is the interpreter and the
// public face; the UART, the radio, the (U)SIM, HTTP, the dialects and the command tables are beside it.
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import { withCmee, type CmeeMode } from "./errors.js";
import { FaultSet, lateMs, parseFaults, type Fault } from "./faults.js";
import { Http } from "./http.js";
import { CMEE } from "./commands/device.js";
import { ALL_BANDS, CIOTOPT_DEFAULT } from "./commands/operator.js";
import { EDRX_DEFAULT } from "./commands/power.js";
import { MODELS, type Model } from "./models.js";
import type { Command, Module, Nvram } from "./module.js";
import { FIELD_NONE, type EmulatorOptions, type FieldSwitches, type PowerState, type PowerStats } from "./options.js";
import { ADDRESS, CTZEU, PSM_DEFAULT, Radio } from "./radio.js";
import { Sim } from "./sim.js";
import { Uart } from "./uart.js";

export { RealClock, VirtualClock, type Clock };
export type { EmulatorOptions, FieldSwitches, PowerState, PowerStats };

const NETWORK_FAULTS = ["searching", "denied", "coverage-lost", "coverage-back"];

function nvram(options: EmulatorOptions): Nvram {
	return {
		cereg: 0, creg: 0, cscon: 0, event: 0, baud: options.baud ?? 115200, emmTimers: 0, attachWithoutPdn: 0,
		psm: { ...PSM_DEFAULT }, edrx: { ...EDRX_DEFAULT },
		apn: { type: "IP", apn: "", user: "", password: "", auth: 0 },
		contexts: new Map(), cops: { mode: 0, format: 2, oper: "" }, bands: [...ALL_BANDS],
		lock: { earfcn: -1, pci: -1, preferred: [] }, ciotopt: [...CIOTOPT_DEFAULT], certs: new Map(), files: new Map(),
		plain: new Map(options.cmee === undefined ? [] : [[CMEE.name, [options.cmee]]]),
	};
}

export class Emulator {
	#clock: Clock;
	#options: EmulatorOptions;
	#model: Model;
	#field: FieldSwitches;
	#faults = new FaultSet();
	#m: Module;
	#uart: Uart;
	#radio: Radio;
	#sim: Sim;
	#http: Http;
	#commands: Map<string, Command>;
	#closed = false;
	#fieldStats = { pausedMs: 0, extraBytes: 0 };

	constructor(options: EmulatorOptions = {}) {
		const model = (this.#model = MODELS[options.module ?? "bc660k"]);
		if (!model) throw new Error(`no module "${options.module}" (known: ${Object.keys(MODELS).join(", ")})`);
		const field = { ...(options.profile === "field" ? model.field : FIELD_NONE), ...options.field };
		if (field.promptSpace) options = { promptSpace: true, ...options };
		this.#options = options;
		this.#field = field;
		const clock = (this.#clock = options.clock ?? new RealClock());
		let seed = (options.seed ?? 1) >>> 0 || 1;
		const random = () => {
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return (seed >>> 0) / 4294967296;
		};
		const nv = nvram(options);
		const trace = (line: string) => options.trace?.(line);
		this.#sim = new Sim(options.imsi ?? "460001357924680", options.iccid ?? "89860446091891372008");
		this.#uart = new Uart(clock, options, field, random, this.#faults, this.#fieldStats, {
			echoed: (line) => {
				if (this.#m.echo) this.#uart.emit(`${line}\r`, 0);
				this.#http.flushLateUrc(); // a late result URC comes right after the next command's echo
			},
			command: (line) => this.#command(line),
			extras: () => this.#extras(),
			account: () => this.#radio.account(),
			idle: () => !this.#http.inFlight,
			slept: () => this.#radio.maybeEnterPsm(),
			woke: () => {
				if (this.#radio.inPsm) this.#radio.leavePsm();
			},
			trace,
		});
		this.#radio = new Radio(clock, options, nv, model.contexts.attach ? model.contexts.predefined : undefined, {
			urc: (text) => this.#m.urc(text),
			trace,
			asleep: () => this.#uart.asleep,
			sleepMode: () => this.#uart.sleep,
			busy: () => this.#http.inFlight,
			lost: () => this.#http.lost(),
			simReady: () => this.#sim.state === "READY",
			dropped: (cid) => model.dropped?.(this.#m, cid),
		});
		const self = this;
		this.#m = {
			model, options, field, clock, nv, volatile: new Map(), uart: this.#uart, radio: this.#radio, sim: this.#sim, faults: this.#faults,
			get http() {
				return self.#http;
			},
			echo: options.echo ?? true, random, trace,
			urc: (text) => {
				if (this.#uart.inData) return trace(`-- URC lost in data mode: ${text}`);
				trace(`< ${text}`);
				this.#uart.emit(`\r\n${text}\r\n`);
			},
			reply: (text, late = 0) => this.#reply(text, late),
			afterAnswer: (fn) => clock.setTimeout(() => clock.setTimeout(fn, this.#uart.busyUntil - clock.now() + 1), 0),
			reboot: (functionality) => this.reboot(functionality),
		};
		this.#http = new Http(this.#m);
		this.#commands = new Map(model.commands.map((c) => [c.name, c]));
		this.#faults.add(this.#networkFaults(parseFaults(options.faults), false));
		if (field.wakeLost) this.#uart.sleep = 1;
		this.#powerOn(0, options.boot ?? true);
	}

	// Power-on and reboots: the boot URCs, and registration (at once by default: bootSearchMs).
	#powerOn(delay: number, print: boolean): void {
		if (this.#radio.functionality !== 0) this.#sim.powerOn();
		const registered = this.#radio.powerOn();
		if (print) this.#uart.emit(this.#bootText(registered), delay);
		if (!registered) this.#radio.searchAfterBoot();
	}

	#bootText(registered: boolean): string {
		return `\r\nRDY\r\n${this.#model.boot(this.#m, registered)}`;
	}

	/** The field profile's own time on the line, for benchmarks: read pauses and late result URCs (ms),
	 *  and the bytes of its extra blank lines and foreign URCs. */
	get fieldStats(): { pausedMs: number; lateUrcMs: number; extraBytes: number } {
		return { pausedMs: this.#fieldStats.pausedMs, lateUrcMs: this.#http.lateUrcMs, extraBytes: this.#fieldStats.extraBytes };
	}

	get clock(): Clock {
		return this.#clock;
	}

	get onOutput(): ((bytes: Uint8Array) => void) | undefined {
		return this.#uart.onOutput;
	}

	set onOutput(fn: ((bytes: Uint8Array) => void) | undefined) {
		this.#uart.onOutput = fn;
	}

	/** Adds faults; "clear" removes every fault given so far. */
	inject(spec: string): void {
		if (spec !== "clear") return this.#faults.add(this.#networkFaults(parseFaults(spec), true));
		this.#faults.clear();
		this.#radio.clearFaults();
	}

	// The registration faults act on the network (README, fault language) and are not kept as faults.
	#networkFaults(faults: Fault[], now: boolean): Fault[] {
		const rest: Fault[] = [];
		for (const fault of faults) {
			if (!NETWORK_FAULTS.includes(fault.kind)) {
				rest.push(fault);
				continue;
			}
			this.#radio.fault(fault.kind, fault.value);
			this.#m.trace(`-- network: ${fault.kind}${fault.value ? `=${fault.value}` : ""}`);
		}
		if (now) this.#radio.evaluate();
		return rest;
	}

	/** Restarts the module (`reboot@CMD`, AT+CFUN=<fun>,1, AT+QRST=1): RDY, and the settings not saved to
	 *  NVRAM forgotten. */
	reboot(functionality = 1): void {
		this.#radio.restart(functionality);
		this.#m.echo = true;
		this.#m.volatile.clear();
		this.#http.reset();
		this.#uart.reset();
		this.#uart.sleep = this.#field.wakeLost ? 1 : 0;
		this.#m.trace("-- reboot");
		this.#powerOn(300, true);
	}

	close(): void {
		this.#closed = true;
		this.#uart.close();
		this.#http.close();
	}

	/** Resolves when real network I/O has finished, or made no progress for a short real time. */
	settle(): Promise<void> {
		return this.#http.settle();
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
				if (this.#http.pendingIo) continue;
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
				}, bytes.length * emulator.#uart.byteMs);
			}
			close(): void {
				this.#closed = true;
				if (emulator.onOutput) emulator.onOutput = undefined;
			}
		};
	}

	/** Bytes from the host. */
	input(bytes: Uint8Array): void {
		if (!this.#closed) this.#uart.input(bytes);
	}

	// ---- the interpreter ----

	// `AT`, a basic command (`ATE0`: ATE, then 0) or an extended one (`AT+CEREG=1`: CEREG, then =1).
	#command(line: string): void {
		const m = this.#m;
		m.trace(`> ${line}`);
		const upper = line.toUpperCase();
		if (!upper.startsWith("AT")) return this.#reply("ERROR");
		const extended = upper[2] === "+";
		const name = upper === "AT" ? "AT" : extended ? /^[A-Z0-9]*/.exec(upper.slice(3))![0] : upper.slice(0, 3);
		const at = extended ? 3 + name.length : name.length;
		const fault = this.#faults.take(name);
		if (fault?.kind === "silent") return;
		if (fault?.kind === "reboot") return this.reboot();
		if (fault?.kind === "cme") return this.#reply(`+CME ERROR: ${fault.value}`);
		const command = this.#commands.get(name);
		if (!command) return this.#reply("ERROR");
		const answer = command.run({ args: upper.slice(at), raw: line.slice(at), fault }, m);
		if (answer !== undefined) this.#reply(answer, lateMs(fault));
	}

	// A final answer: `+CME ERROR: <n>` as AT+CMEE says, after the turnaround (and `late` ms more).
	#reply(text: string, late = 0): void {
		const answer = withCmee(text, CMEE.value(this.#m)[0] as CmeeMode, this.#model.texts);
		this.#m.trace(`< ${answer.replace(/\r\n/g, " | ")}`);
		this.#uart.emit(`${this.#uart.pad()}\r\n${answer}\r\n`, this.#uart.turnaround() + late);
	}

	// What goes out before an output burst: a `urcs` fault's URC, the field profile's foreign URCs (+CEREG
	// only as AT+CEREG=<n> enables it), a `noise` fault's garbage line.
	#extras(): Uint8Array[] {
		const random = this.#m.random;
		const out: Uint8Array[] = [];
		const faults = this.#faults;
		if (faults.has("urcs") && random() < faults.rate("urcs")) out.push(Buffer.from("\r\n+CEREG: 1\r\n"));
		if (this.#field.foreignUrcs && random() < 0.1) {
			const n = this.#m.nv.cereg;
			const urcs = [CTZEU, ...(this.#radio.bearer(0) ? [`+IP: ${ADDRESS}`] : []), ...(n ? [`+CEREG: ${this.#radio.ceregFields(n)}`] : [])];
			const urc = Buffer.from(`${this.#uart.pad()}\r\n${urcs[Math.floor(random() * urcs.length)]}\r\n`);
			this.#fieldStats.extraBytes += urc.length;
			out.push(urc);
		}
		if (faults.has("noise") && random() < faults.rate("noise")) {
			const junk = [13, 10];
			for (let n = 1 + Math.floor(random() * 8); n > 0; n--) junk.push([0x00, 0xff, 0x1b, 0x3e, 0x80, 0x7f, 0x2b, 0x41][Math.floor(random() * 8)]!);
			junk.push(13, 10);
			out.push(Uint8Array.from(junk));
		}
		return out;
	}

	// ---- power ----

	/** The module's power state now. */
	get powerState(): PowerState {
		return this.#radio.powerState();
	}

	/** The registration now: +CEREG's <stat> and reject cause, and what the network granted. */
	get registration(): { stat: number; cause: number; psm: boolean; activeTime: string; periodicTau: string; edrx: boolean; edrxValue: string; ptw: string } {
		const g = this.#radio.granted;
		return { stat: this.#radio.stat, cause: this.#radio.rejectCause, psm: g.psm, activeTime: g.active, periodicTau: g.tau, edrx: g.edrx, edrxValue: g.edrxValue, ptw: g.ptw };
	}

	/** Time in each power state and UART bytes since power-on or the last reset. */
	powerStats(options: { reset?: boolean } = {}): PowerStats {
		const s = this.#radio.stats(false);
		const stats = { ...s, awakeMs: s.connectedMs + s.idleMs, uartBytesIn: this.#uart.bytesIn, uartBytesOut: this.#uart.bytesOut };
		if (options.reset) this.resetPowerStats();
		return stats;
	}

	resetPowerStats(): void {
		this.#radio.stats(true);
		this.#uart.bytesIn = this.#uart.bytesOut = 0;
	}

	#virtual(): VirtualClock {
		if (!(this.#clock instanceof VirtualClock)) throw new Error("runFor/runUntil need a VirtualClock");
		return this.#clock;
	}
}
