// The module's UART: bytes paced at the baud rate both ways (8N1, 10 bits a byte), per-byte faults,
// command lines and their echo, data mode after a prompt, output in bursts delivered in chunks of up to
// 256 bytes once carried, and sleep (AT+QSCLK): after `sleepAfter` ms without traffic the UART sleeps and
// the byte that wakes it is lost.
import type { Clock } from "./clock.js";
import type { Fault, FaultSet } from "./faults.js";
import type { EmulatorOptions, FieldSwitches } from "./options.js";

/** Data after a prompt: counted (exactly `length` bytes) or, with no length, ended by Ctrl+Z (ESC cancels). */
export interface DataTarget {
	length: number | undefined;
	/** After each byte of counted data (AT+QFUPL's acknowledgements). */
	progress?(received: number): void;
	done(bytes: Uint8Array): void;
	/** ESC, or the data was not whole within its time; `bytes`: what came. */
	failed(why: "cancel" | "timeout", bytes: Uint8Array): void;
}

/** What the UART asks of the rest of the module. */
export interface UartHooks {
	/** A command line arrived (CR): its echo, and what comes right after an echo (a late result URC). */
	echoed(line: string): void;
	/** The command line to interpret (not blank). */
	command(line: string): void;
	/** Lines spliced in before an output burst (URC faults, noise, foreign URCs). */
	extras(): Uint8Array[];
	/** Before a power-state change: the time so far goes to the old state. */
	account(): void;
	/** Nothing is under way that keeps the module awake. */
	idle(): boolean;
	slept(): void;
	woke(): void;
	trace(line: string): void;
}

const STRICT_PROMPT_MS = 500; // the manual's 1.4: data mode "in 500 ms after the > response"

interface OpenData {
	target: DataTarget;
	bytes: number[];
	/** Bytes that arrive before this time are lost (strictPrompt). */
	from: number;
	deadline: unknown;
}

interface Burst {
	data: Uint8Array;
	start: number;
	at: number;
	/** The bursts of one read answer share this record: drop-rx/dup-rx change it at most once. */
	counted: { changed: boolean } | undefined;
}

export class Uart {
	onOutput: ((bytes: Uint8Array) => void) | undefined;
	/** AT+QSCLK: 0 awake, 1 light and deep sleep, 2 light sleep only. */
	sleep = 0;
	bytesIn = 0;
	bytesOut = 0;
	#clock: Clock;
	#options: EmulatorOptions;
	#field: FieldSwitches;
	#random: () => number;
	#faults: FaultSet;
	#hooks: UartHooks;
	#fieldStats: { pausedMs: number; extraBytes: number };
	#byteMs: number;
	#closed = false;

	#line: number[] = [];
	#txBusyUntil = 0;
	#inbound: Uint8Array[] = []; // host bytes on the wire, oldest first
	#data: OpenData | undefined;
	#out: Burst[] = [];
	#pumping = false;
	#busyUntil = 0;
	#asleep = false;
	#lostWake = false;
	#idleTimer: unknown;

	constructor(clock: Clock, options: EmulatorOptions, field: FieldSwitches, random: () => number, faults: FaultSet,
		fieldStats: { pausedMs: number; extraBytes: number }, hooks: UartHooks) {
		this.#clock = clock;
		this.#options = options;
		this.#field = field;
		this.#random = random;
		this.#faults = faults;
		this.#fieldStats = fieldStats;
		this.#hooks = hooks;
		this.#byteMs = 10000 / (options.baud ?? 115200);
	}

	/** ms a byte takes on the wire. */
	get byteMs(): number {
		return this.#byteMs;
	}

	set baud(rate: number) {
		this.#byteMs = 10000 / rate;
	}

	/** When the output queued so far has left the UART. */
	get busyUntil(): number {
		return this.#busyUntil;
	}

	get asleep(): boolean {
		return this.#asleep;
	}

	get inData(): boolean {
		return this.#data !== undefined;
	}

	close(): void {
		this.#closed = true;
		this.onOutput = undefined;
	}

	/** A reboot: the line, data mode and pending output are gone; the UART is awake. */
	reset(): void {
		if (this.#data) this.#clock.clearTimeout(this.#data.deadline);
		this.#data = undefined;
		this.#line = [];
		this.#out = [];
		this.#asleep = false;
	}

	// ---- host → module ----

	input(bytes: Uint8Array): void {
		if (this.#closed || !bytes.length) return;
		this.bytesIn += bytes.length;
		// The bytes reach the module when the UART has carried them.
		const at = Math.max(this.#clock.now(), this.#txBusyUntil) + bytes.length * this.#byteMs;
		this.#txBusyUntil = at;
		// In order, whatever order the timers fire in: Node's timers run on a clock of their own, so on real
		// time a chunk due a fraction of a millisecond after another may fire first. A timer delivers every
		// chunk queued before its own.
		const chunk = bytes.slice();
		this.#inbound.push(chunk);
		this.#clock.setTimeout(() => {
			while (this.#inbound.includes(chunk)) this.#receive(this.#inbound.shift()!);
		}, at - this.#clock.now());
	}

	#receive(bytes: Uint8Array): void {
		if (this.#closed) return;
		const faults = this.#faults;
		for (const byte of bytes) {
			if (faults.has("drop-tx") && this.#random() < faults.rate("drop-tx")) continue;
			if (faults.has("corrupt-tx") && this.#random() < faults.rate("corrupt-tx")) {
				this.#byte(byte ^ (1 << Math.floor(this.#random() * 8)));
				continue;
			}
			this.#byte(byte);
			if (faults.has("dup-tx") && this.#random() < faults.rate("dup-tx")) this.#byte(byte);
		}
	}

	#byte(byte: number): void {
		if (this.#asleep) {
			// The byte that wakes the module is lost; the command it began gets a late answer.
			this.#hooks.account();
			this.#asleep = false;
			this.#hooks.woke();
			this.#line = [];
			this.#lostWake = true;
			this.#hooks.trace("-- wake (first byte lost)");
			return;
		}
		this.touch();
		const data = this.#data;
		if (data) return this.#dataByte(data, byte);
		if (byte === 0x0a) return;
		if (byte !== 0x0d) {
			this.#line.push(byte);
			return;
		}
		const line = Buffer.from(this.#line).toString("latin1");
		this.#line = [];
		this.#hooks.echoed(line);
		if (this.#lostWake) {
			this.#lostWake = false;
			const ok = this.#options.wakeAnswerOk ?? this.#field.wakeLost;
			const after = this.#options.wakeAnswerAfter ?? (this.#field.wakeLost ? 1800 + 600 * this.#random() : 1800);
			this.emit(ok ? "\r\nOK\r\n" : "\r\n", after);
			return;
		}
		if (line.trim()) this.#hooks.command(line);
	}

	// ESC cancels where the data's end is a terminator (a PEM); counted data (URL, body) is taken
	// verbatim, so a binary body may hold 0x1B.
	#dataByte(data: OpenData, byte: number): void {
		if (this.#clock.now() < data.from) return; // before the switch to data mode (strictPrompt): lost
		const counted = data.target.length !== undefined;
		if (!counted && (byte === 0x1b || byte === 0x1a)) {
			this.#endData(data);
			if (byte === 0x1b) {
				this.#hooks.trace("> <ESC>");
				data.target.failed("cancel", Uint8Array.from(data.bytes));
			} else data.target.done(Uint8Array.from(data.bytes));
			return;
		}
		data.bytes.push(byte);
		data.target.progress?.(data.bytes.length);
		if (counted && data.bytes.length >= data.target.length!) {
			this.#endData(data);
			data.target.done(Uint8Array.from(data.bytes));
		}
	}

	#endData(data: OpenData): void {
		this.#data = undefined;
		this.#clock.clearTimeout(data.deadline);
		this.#hooks.trace(`> <${data.bytes.length} bytes of data>`);
	}

	/** Sends the prompt (after the turnaround, later with `prompt-late`, never with `noprompt`) and takes
	 *  what follows as data for `target`, for up to `seconds`. The switch is counted from the moment the
	 *  prompt's last byte left the UART, not from when the host read it: the manual's 500 ms is the module's. */
	openData(prompt: string, target: DataTarget, seconds: number, fault: Fault | undefined): void {
		if (fault?.kind === "noprompt") return;
		const delay = this.turnaround() + (fault?.kind === "prompt-late" ? fault.value : 0);
		this.emit(prompt, delay);
		const data: OpenData = { target, bytes: [], from: this.#busyUntil + (this.#options.strictPrompt ? STRICT_PROMPT_MS : 0), deadline: undefined };
		data.deadline = this.#clock.setTimeout(() => {
			if (this.#data !== data) return;
			this.#data = undefined;
			target.failed("timeout", Uint8Array.from(data.bytes));
		}, delay + seconds * 1000);
		this.#data = data;
	}

	turnaround(): number {
		return this.#options.turnaround ?? 20;
	}

	// ---- module → host ----

	/** FIELD-NOTES: the number of blank lines before a line varies from answer to answer. */
	pad(): string {
		if (!this.#field.blankLines) return "";
		const count = Math.floor(this.#random() * 4);
		this.#fieldStats.extraBytes += 2 * count;
		return "\r\n".repeat(count);
	}

	/** Text output; what the module splices in (a URC, noise) may go before it, between whole lines, as a
	 *  module does (never inside a counted payload, nor between a payload and its OK). */
	emit(text: string, delay = 0): void {
		for (const extra of this.#hooks.extras()) this.#emitBytes(extra, delay);
		this.#emitBytes(Buffer.from(text, "latin1"), delay);
	}

	/** A read's payload and what ends it (blank lines, OK) as one burst: nothing is spliced into it, and
	 *  drop-rx/dup-rx change its length at most once (two changes can cancel out in the counts: README,
	 *  limits). With readPauses the payload may stop part-way for a while (two bursts, one fault record). */
	emitCounted(payload: Uint8Array, trailer: string): void {
		const end = Buffer.from(trailer, "latin1");
		const bytes = new Uint8Array(payload.length + end.length);
		bytes.set(payload);
		bytes.set(end, payload.length);
		const counted = { changed: false };
		if (this.#field.readPauses && payload.length > 1 && this.#random() < 1 / 64) {
			const cut = 1 + Math.floor(this.#random() * (payload.length - 1));
			const pause = 100 + 700 * this.#random();
			this.#fieldStats.pausedMs += pause;
			this.#emitBytes(bytes.subarray(0, cut), 0, counted);
			this.#emitBytes(bytes.subarray(cut), pause, counted, true);
			return;
		}
		this.#emitBytes(bytes, 0, counted);
	}

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

	#deliver(chunk: Uint8Array, burst: Burst): void {
		if (this.#closed || !chunk.length) return;
		const faults = this.#faults;
		const out: number[] = [];
		for (const b of chunk) {
			if (faults.has("drop-rx") && this.#random() < faults.rate("drop-rx") && !burst.counted?.changed) {
				if (burst.counted) burst.counted.changed = true;
				continue;
			}
			if (faults.has("corrupt-rx") && this.#random() < faults.rate("corrupt-rx")) {
				out.push(b ^ (1 << Math.floor(this.#random() * 8)));
				continue;
			}
			out.push(b);
			if (faults.has("dup-rx") && this.#random() < faults.rate("dup-rx") && !burst.counted?.changed) {
				if (burst.counted) burst.counted.changed = true;
				out.push(b);
			}
		}
		this.bytesOut += chunk.length;
		this.touch();
		this.onOutput?.(Uint8Array.from(out));
	}

	// ---- sleep ----

	/** Traffic: with AT+QSCLK=1 or 2 the UART sleeps after `sleepAfter` ms without it. */
	touch(): void {
		if (this.sleep === 0) return;
		if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
		this.#idleTimer = this.#clock.setTimeout(() => {
			this.#idleTimer = undefined;
			if (this.sleep !== 0 && !this.#asleep && !this.#data && !this.#pumping && this.#hooks.idle()) {
				this.#hooks.account();
				this.#asleep = true;
				this.#hooks.trace("-- sleep");
				this.#hooks.slept();
			}
		}, this.#options.sleepAfter ?? 5000);
	}
}
