// The ESP32 entry (the manifest's main for esp32): the module on UART1 or UART2 (UART0 is xsbug's), with
// pins and baud from manifest config, overridable as
// `mcconfig -d -m -p esp32 ./manifest.json modemPort=1 modemTransmit=4 modemReceive=5`.
import Serial from "embedded:io/serial";
import Digital from "embedded:io/digital";
import System from "system";
import app from "../../main.js";
import { configNumber, type DigitalClass } from "../board.js";
import { runApp, settings } from "../moddable.js";
import type { SerialClass } from "../../modules/at/io.js";
import { otaTarget } from "./update.js";

export default function main(): void {
	const port = configNumber(settings, "modemPort", 2);
	if (port !== 1 && port !== 2) throw new RangeError("config modemPort: UART 1 or 2 (UART 0 belongs to xsbug)");
	runApp(app, {
		io: Serial as unknown as SerialClass,
		port,
		transmit: configNumber(settings, "modemTransmit", 17),
		receive: configNumber(settings, "modemReceive", 16),
	}, Digital as unknown as DigitalClass, { update: otaTarget, restart: () => System.restart() });
}
