// What the library needs from its host: an ECMA-419 serial class and Moddable's Timer, and the one way
// of using that Timer that is right on every Moddable host (hosts import these types from here).
//
// Moddable's hosts disagree on reused timers (see MODDABLE-NOTES): on the ESP32 a timer whose repeat
// interval is 0 dies after it fires, whatever its callback did; on Linux (GLib) a repeating timer whose
// delay differs from its interval, rescheduled inside its own callback, leaves an orphan timeout that
// fires at the old deadline and that no later schedule/clear can cancel. So an Alarm is created
// repeating and parked, and every schedule gives delay === interval (never 0): on both hosts the timer
// then stays alive and each schedule replaces the one timeout there is. Firing parks it again before
// the callback runs, so a repeat never comes unasked.

/** The ECMA-419 serial, as the library uses it (`format: "buffer"`). */
export interface SerialPort {
	read(buffer?: number | ArrayBuffer | ArrayBufferView): number | ArrayBuffer | undefined;
	write(data: ArrayBuffer): void;
	close(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SerialClass = new (options: any) => SerialPort;

// The options the modem passes to `new io(…)`, per host (the callbacks and `format` are the library's).
// Types only: nothing here imports a Moddable module at run time.
type Own = "onReadable" | "onWritable" | "format" | "target";
type Without<T> = T extends unknown ? { [K in keyof T as K extends Own ? never : K]: T[K] } : never; // per union member
type Esp32Serial = Without<ConstructorParameters<typeof import("embedded:io/serial").default>[0]>;

/** Moddable's ESP32 UART (embedded:io/serial's typings): port 1 or 2, the TX/RX pins, baud. */
export type Esp32SerialOptions = Esp32Serial & { io: SerialClass };
/** Moddable's Linux serial: the tty as `device` (not in the typings), baud. */
export type LinuxSerialOptions = { io: SerialClass; device: string; baud?: number };
/** A serial that needs nothing but its class (the desktop host's bridge, a test's mock). */
export type BridgedSerialOptions = { io: SerialClass; baud?: number };
/** `serial` for new Modem(): the class to construct and its options; any other key is a type error. */
export type SerialOptions = Esp32SerialOptions | LinuxSerialOptions | BridgedSerialOptions;

/** Moddable's Timer, or anything with its set/schedule/clear. */
export interface TimerApi {
	set(callback: () => void, ms?: number, interval?: number): unknown;
	schedule(id: unknown, ms?: number, interval?: number): void;
	clear(id: unknown): void;
}

/** Whether an error a serial's write() threw means "not now" (its output is full: wait for onWritable)
 *  rather than a failure of the port. Moddable's serials say so in these words: "would overflow" (Linux,
 *  macOS) and "output full" (ESP32, ESP8266); anything else (an errno from a port whose other end went
 *  away, a TypeError) is a failure. */
export function isBackpressure(error: unknown): boolean {
	const message = String((error as Error | undefined)?.message ?? error);
	return message.includes("would overflow") || message.includes("output full");
}

const PARK = 0x7fffffff; // about 24 days: a parked alarm never comes due

/** One reusable timer: arm(ms) replaces any pending deadline, stop() cancels it, close() frees it. */
export class Alarm {
	#timer: TimerApi;
	#id: unknown;
	#callback: () => void;
	#armed = false;

	constructor(timer: TimerApi, callback: () => void) {
		this.#timer = timer;
		this.#callback = callback;
		this.#id = timer.set(() => this.#fire(), PARK, PARK);
	}

	get armed(): boolean {
		return this.#armed;
	}

	/** Calls back once, `ms` from now (at least 1 ms: a 0 interval would make a one-shot). */
	arm(ms: number): void {
		if (this.#id === undefined) return;
		const delay = ms >= 1 ? Math.ceil(ms) : 1;
		this.#armed = true;
		this.#timer.schedule(this.#id, delay, delay);
	}

	stop(): void {
		if (!this.#armed || this.#id === undefined) return;
		this.#armed = false;
		this.#timer.schedule(this.#id, PARK, PARK);
	}

	/** Idempotent; the alarm never fires again. */
	close(): void {
		const id = this.#id;
		if (id === undefined) return;
		this.#id = undefined;
		this.#armed = false;
		this.#timer.clear(id);
	}

	#fire(): void {
		if (this.#id === undefined) return;
		this.#armed = false;
		this.#timer.schedule(this.#id, PARK, PARK);
		this.#callback();
	}
}
