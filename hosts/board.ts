// What every host builds from what its platform hands it (a serial class and its options, the Timer,
// optional output pins): the Modem, Moddable-style http/https providers and a fetch. Hosts differ only
// in where those come from (esp32/, lin/, xs/), so this file holds everything they share and imports
// no Moddable built-in: it runs, and is tested, in Node and xsnap as well.
import { Modem } from "../modules/quectel/modem.js";
import { HTTPClient, type SecureOptions } from "../modules/http/client.js";
import { createFetch, type Fetch } from "../modules/http/fetch.js";
import { Alarm, type SerialOptions, type TimerApi } from "../modules/at/io.js";
import type { UpdateTargetProvider } from "../modules/http/update.js";
import type { DigestClass } from "../modules/http/sha256.js";
// The BG95 profile names itself when it loads, so that module: "bg95" works (a device build has it
// through manifest_bg95.json).
import "../modules/quectel/bg95/profile.js";

/** ECMA-419 Digital, as far as a pulse needs it. */
export interface DigitalClass {
	new (options: { pin: number; mode: number }): { write(value: number): void; close(): void };
	readonly Output: number;
}

export interface PinOptions {
	io: DigitalClass;
	pin: number;
	/** The level the MCU drives to assert the pin. Default 0: the module's RESET_N and PWRKEY are
	 *  active low; boards that drive them through an NPN transistor assert with 1. */
	active?: 0 | 1;
	/** Milliseconds the pin is held asserted. */
	pulse?: number;
}

export interface BoardOptions {
	serial: SerialOptions;
	timer: TimerApi;
	/** The module wired: "bc660k" (default), "bg95" (also "bg77", "bg96"). */
	module?: string;
	/** Let the module sleep between requests (AT+QSCLK=1). */
	sleep?: boolean;
	/** The CA for the https provider and for fetch's https: URLs (PEM). */
	ca?: string;
	/** RESET_N: the recovery ladder's last step pulses it (100 ms by default). */
	reset?: PinOptions;
	/** PWRKEY: pulsed (600 ms by default) as the last step when there is no RESET_N wired. */
	powerKey?: PinOptions;
	/** What the modem recovers from by itself, for the log. */
	onTrace?(message: string): void;
	/** Release assistance (AT+QNBIOTRAI=1) after each request's last read. */
	releaseAssistance?: boolean;
}

export interface Board {
	modem: Modem;
	/** Moddable's host provider shape: `new board.http.io({ ...board.http, host, port })`. */
	http: { io: typeof HTTPClient; modem: Modem };
	https: { io: typeof HTTPClient; modem: Modem; secure: SecureOptions };
	/** Closed with the board. */
	fetch: Fetch;
	/** Pulses RESET_N (or PWRKEY); false when neither is wired. */
	reset(): boolean;
	close(): void;
}

/** What main.ts gets from whichever host runs it. */
export interface Host extends Board {
	/** The app's settings: manifest config on a device, the launcher's on the desktop. */
	config: Record<string, unknown>;
	log(line: string): void;
	/** Milliseconds since the host started (virtual time against the emulator). */
	now(): number;
	/** Where a firmware image goes (the ESP32's OTA partition through embedded:update); absent where
	 *  the host has no place for one. */
	update?: UpdateTargetProvider;
	/** The digest class for image checks: crypt's native Digest on a device; absent: the portable SHA256. */
	digest?: DigestClass;
	/** Restarts the device (into a completed update); absent where the host cannot. */
	restart?(): void;
}

/** The app a host runs: main.ts's default export. Resolves to the number of steps that failed. */
export type App = (host: Host) => Promise<number>;

// An output pin held inactive, asserted for `pulse` ms on demand, with one reusable timer.
class Pulse {
	#pin: InstanceType<DigitalClass>;
	#active: number;
	#pulse: number;
	#alarm: Alarm;

	constructor(options: PinOptions, pulse: number, timer: TimerApi) {
		if (!(Number.isInteger(options.pin) && options.pin >= 0)) throw new RangeError(`bad pin ${options.pin}`);
		this.#active = options.active ?? 0;
		this.#pulse = options.pulse ?? pulse;
		this.#pin = new options.io({ pin: options.pin, mode: options.io.Output });
		this.#pin.write(this.#active ^ 1);
		this.#alarm = new Alarm(timer, () => this.#release());
	}

	assert(): void {
		this.#pin.write(this.#active);
		this.#alarm.arm(this.#pulse);
	}

	#release(): void {
		this.#pin.write(this.#active ^ 1);
	}

	close(): void {
		this.#alarm.close();
		this.#pin.close();
	}
}

export function openBoard(options: BoardOptions): Board {
	const { timer } = options;
	const reset = options.reset ? new Pulse(options.reset, 100, timer) : options.powerKey ? new Pulse(options.powerKey, 600, timer) : undefined;
	const modem = new Modem({
		serial: options.serial,
		timer,
		module: options.module,
		sleep: options.sleep,
		reset: reset && (() => reset.assert()),
		onTrace: options.onTrace,
		releaseAssistance: options.releaseAssistance,
	});
	const secure: SecureOptions = options.ca ? { ca: options.ca } : {};
	const fetch = createFetch({ modem, secure: options.ca ? secure : undefined });
	return {
		modem,
		http: { io: HTTPClient, modem },
		https: { io: HTTPClient, modem, secure },
		fetch,
		reset() {
			reset?.assert();
			return !!reset;
		},
		close() {
			fetch.close();
			modem.close();
			reset?.close();
		},
	};
}

/** Where a host's platform pieces come from; the rest is read from manifest config. */
export interface Platform {
	serial: SerialOptions;
	timer: TimerApi;
	Digital?: DigitalClass;
	onTrace?(message: string): void;
}

/**
 * A board from manifest `config` (mc/config on a device): modemModel ("bc660k", "bg95"…), modemBaud, modemSleep,
 * modemReleaseAssistance, modemReset and modemPowerKey (GPIO numbers, -1 for none), modemPinActive (0 or 1) and ca (PEM).
 */
export function boardFromConfig(config: Record<string, unknown>, platform: Platform): Board {
	const active = configNumber(config, "modemPinActive", 0);
	if (active !== 0 && active !== 1) throw new RangeError("config modemPinActive: 0 or 1");
	const pin = (name: string): PinOptions | undefined => {
		const number = configNumber(config, name, -1);
		if (number < 0) return undefined;
		if (!platform.Digital) throw new Error(`config ${name}: this host has no Digital pins`);
		return { io: platform.Digital, pin: number, active };
	};
	const model = config.modemModel;
	return openBoard({
		module: typeof model === "string" && model ? model : undefined,
		serial: { ...platform.serial, baud: configNumber(config, "modemBaud", 115200) },
		timer: platform.timer,
		sleep: configFlag(config, "modemSleep", true),
		releaseAssistance: configFlag(config, "modemReleaseAssistance", false),
		ca: typeof config.ca === "string" && config.ca ? config.ca : undefined,
		reset: pin("modemReset"),
		powerKey: pin("modemPowerKey"),
		onTrace: platform.onTrace,
	});
}

/**
 * Makes the board Moddable's host provider: device.network.http and .https, which Moddable's own
 * fetch and HTTP examples use unchanged. A device object preloaded into flash is frozen, so the
 * global is replaced by a copy with the network added. Returns false when the global cannot be set.
 */
export function installProviders(board: Board, global: Record<string, any> = globalThis): boolean {
	const device = global.device ?? {};
	const network = { ...device.network, http: board.http, https: board.https };
	try {
		global.device = { ...device, network };
		return global.device.network === network;
	} catch {
		return false;
	}
}

/** A number from manifest config, which `mcconfig name=value` turns into a string. */
export function configNumber(config: Record<string, unknown>, name: string, fallback: number): number {
	const value = config[name];
	if (value === undefined || value === "") return fallback;
	const number = Number(value);
	if (!Number.isInteger(number)) throw new RangeError(`config ${name}: "${value}" is not a whole number`);
	return number;
}

/** A yes/no from manifest config ("true"/"false"/"1"/"0" from the command line). */
export function configFlag(config: Record<string, unknown>, name: string, fallback: boolean): boolean {
	const value = config[name];
	if (value === undefined || value === "") return fallback;
	if (value === true || value === "true" || value === "1" || value === 1) return true;
	if (value === false || value === "false" || value === "0" || value === 0) return false;
	throw new RangeError(`config ${name}: "${value}" is not true or false`);
}
