// What new Modem() takes (types only).
import type { SerialOptions, TimerApi } from "../at/io.js";
import type { ModemError } from "./errors.js";
import type { NetworkState } from "./network.js";
import type { Profile } from "./profile.js";

export interface ModemOptions {
	/** The serial: `io` is the ECMA-419 class to construct, the rest its options, typed per host
	 *  (ESP32: port, transmit, receive, baud; Linux: device, baud). */
	serial: SerialOptions;
	/** Moddable's Timer (or anything with its set/schedule/clear). */
	timer: TimerApi;
	/** Which module is wired: "bc660k" (the BC660K-GL and BC950K-GL, the default), or a profile object. */
	module?: string | Profile;
	/** Let the module sleep (AT+QSCLK=1) when idle, and wake it before each request. Default false. */
	sleep?: boolean;
	/** Milliseconds the MCU waits after the module's prompt before sending data. Default: the module's
	 *  (BC660K: 600, the manual's 500 ms counted from when the module sent `>`, plus the UART, the parse
	 *  and a timer that may fire a tick early). */
	promptDelay?: number;
	/** Seconds for the URL and POST input (1–300). Default 60. */
	inputTime?: number;
	/** Seconds the module keeps a response for reading (<read_timeout>, 1–300). Default 300: at 115200
	 *  baud a 1 MiB body takes about 2 minutes to read; larger bodies belong in ranged GETs. */
	readTime?: number;
	/** Milliseconds without progress before a read is given up. Default 60000. */
	readTimeout?: number;
	/** The last step of the recovery ladder: a hardware reset of the module (RESET or PWRKEY pin). */
	reset?: () => void;
	/** Told about every failure the modem recovers from by itself, for logs. */
	onTrace?: (message: string) => void;
	/** The serial failed (904: its device went away, or a write was refused with an error): the modem has
	 *  closed itself, every request and network job has settled with the error, and the serial is left
	 *  alone. Make a new Modem (after a delay) to go on. */
	onError?: (error: ModemError) => void;
	/** Told each registration change the module reports (+CEREG, on once start() or status() ran). */
	onNetwork?: (state: NetworkState) => void;
	/** After the last read of a request, when nothing else is queued, ask the network to release the radio
	 *  connection at once (release assistance) instead of after its inactivity timer (typically 10–20 s
	 *  connected). A refusal (no connection left) never fails the request. Default false. */
	releaseAssistance?: boolean;
}
