// The desktop host, XS side: the app runs in real XS (xsnap) with its serial and clock bridged to the
// Node process that launched it (start.ts), which holds the emulator or a real serial port. The board is
// built exactly as on a device (board.ts); only the serial class, the Timer's clock and log differ.
import { Bridge, call } from "./bridge.js";
import { ClockTimer } from "./timer.js";
import { boardFromConfig, installProviders, type Host } from "../board.js";
import type { SerialClass } from "../../modules/at/io.js";
import type { UpdateTarget, UpdateTargetProvider } from "../../modules/http/update.js";

// The desktop has no flash: an update is fetched and verified as on a device (the portable SHA-256
// stands in for crypt's Digest), its bytes counted and dropped.
const discardTarget: UpdateTargetProvider = {
	open({ byteLength }): UpdateTarget {
		let written = 0;
		return {
			write(bytes) {
				written += bytes.length;
				if (written > byteLength) throw new Error(`write past the ${byteLength} bytes opened`);
			},
			complete() {},
			close() {},
		};
	},
};

export function openHost(bridge: Bridge): Host {
	const { config } = call("config").header;
	const log = (line: string) => {
		call("print", { line });
	};
	const board = boardFromConfig(config, {
		serial: { io: bridge.serialClass() as unknown as SerialClass },
		timer: new ClockTimer(bridge),
		onTrace: (message) => log(`  modem: ${message}`),
	});
	installProviders(board);
	return { ...board, config, log, now: () => bridge.now(), update: discardTarget };
}
