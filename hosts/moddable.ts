// What the ESP32 and Linux hosts share: Moddable's Timer and the manifest config, around the serial
// (and, where the platform has them, the Digital pins) the host names; then it runs the app. Compiled
// by mcconfig only (it imports Moddable built-ins); its logic lives in board.ts, which the tests run
// in both engines. It imports only what every platform it serves provides: Moddable's Linux io set
// has no embedded:io/digital and no embedded:update, so Digital and the update target come from the
// ESP32 entry (test/hosts/imports.test.ts). crypt's native Digest is on both (the manifest includes it).
import Timer from "timer";
import config from "mc/config";
import { Digest } from "crypt";
import { boardFromConfig, installProviders, type App, type Host, type Platform } from "./board.js";
import type { DigestClass } from "../modules/http/sha256.js";

export const settings = config as Record<string, unknown>;

/** What only some platforms have (the ESP32: an OTA partition and a restart). */
export type Extras = Pick<Host, "update" | "restart">;

export function runApp(app: App, serial: Platform["serial"], Digital?: Platform["Digital"], extras: Extras = {}): void {
	const log = (line: string) => trace(`${line}\n`);
	const start = Date.now();
	const board = boardFromConfig(settings, {
		serial,
		timer: Timer,
		Digital,
		onTrace: (message) => log(`modem: ${message}`),
	});
	if (!installProviders(board)) log("host: device.network could not be set; use host.http and host.https");
	// The SDK's typings say write(string | ArrayBuffer); the native write takes any buffer or view
	// (xsmcGetBufferReadable in modules/crypt/digest/modCrypt.c), which is how the update feeds it.
	const digest = Digest as unknown as DigestClass;
	const host: Host = { ...board, ...extras, digest, config: settings, log, now: () => Date.now() - start };
	// A rejection would be silent on a device: say it.
	app(host).then(
		(failed) => log(failed ? `app: ${failed} step(s) failed` : "app: done"),
		(error) => log(`app: ${(error as Error)?.stack ?? error}`),
	);
}
