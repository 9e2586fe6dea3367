// Which Moddable host the tests play (the runner sets it per XS run: `xs/lin`, `xs/esp32`), and the
// Timer and serial that host would hand the library. "plain" is the project's own strict timer
// (hosts/xs/timer.ts) and the serial as given.
import { ClockTimer, type ClockLike } from "../../hosts/xs/timer.js";
import type { SerialClass, TimerApi } from "../../modules/at/io.js";
import { esp32Serial, linuxSerial } from "./host-serial.js";
import { Esp32Timer, LinuxTimer } from "./host-timers.js";

export type HostModel = "plain" | "lin" | "esp32";

export const HOST_MODELS: readonly HostModel[] = ["plain", "lin", "esp32"];

export function hostModel(): HostModel {
	const model = (globalThis as { hostModel?: HostModel }).hostModel;
	return model === "lin" || model === "esp32" ? model : "plain";
}

export type HostTimer = TimerApi & { readonly clock: ClockLike; readonly live: number };

export function hostTimer(clock: ClockLike, model: HostModel = hostModel()): HostTimer {
	if (model === "lin") return new LinuxTimer(clock);
	if (model === "esp32") return new Esp32Timer(clock);
	return new ClockTimer(clock);
}

export function hostSerial(io: SerialClass, clock: ClockLike, baud = 115200, model: HostModel = hostModel()): SerialClass {
	if (model === "lin") return linuxSerial(io, clock, baud);
	if (model === "esp32") return esp32Serial(io, clock, baud);
	return io;
}
