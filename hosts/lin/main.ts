// The Linux entry (the manifest's main for lin): the module, a USB-UART adapter or the emulator's pty on
// a tty from manifest config, overridable as `mcconfig -m -p lin ./manifest.json modemDevice=/dev/ttyUSB0`.
// Moddable's Linux serial takes the path as `device` (not in the typings) and has no read(buffer): the
// ring falls back to read().
import Serial from "embedded:io/serial";
import app from "../../main.js";
import { runApp, settings } from "../moddable.js";
import type { SerialClass } from "../../modules/at/io.js";

export default function main(): void {
	const device = settings.modemDevice;
	if (typeof device !== "string" || !device) throw new Error("config modemDevice: the tty the module is on");
	runApp(app, { io: Serial as unknown as SerialClass, device });
}
