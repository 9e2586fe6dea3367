// What every host shares (hosts/board.ts), without hardware: manifest config as mcconfig hands it over
// (numbers as strings from the command line), the RESET/PWRKEY pulse, Moddable's provider global, and
// a request through a board whose serial behaves like the ESP32's (a 128-byte FIFO; a write that does
// not fit throws; onWritable when it drains; undefined from read() when empty).
import { test } from "../harness.js";
import { deepEqual, equal, ok, throws } from "../assert.js";
import { boardFromConfig, configFlag, configNumber, installProviders, openBoard, type DigitalClass } from "../../hosts/board.js";
import { ModemError } from "../../modules/quectel/errors.js";
import { ClockTimer } from "../../hosts/xs/timer.js";
import { ManualClock } from "../support/virtual-timer.js";
import { openWorld, type World } from "../support/world.js";
import { fetchOnce, sameBytes } from "../e2e/rig.js";
import type { SerialClass } from "../../modules/at/io.js";

function fakeDigital(log: string[], clock: { now(): number }): DigitalClass {
	return class {
		static readonly Output = 8;
		#pin: number;
		constructor(options: { pin: number; mode: number }) {
			this.#pin = options.pin;
			log.push(`open ${options.pin} mode ${options.mode}`);
		}
		write(value: number) {
			log.push(`${clock.now()} pin ${this.#pin} = ${value}`);
		}
		close() {
			log.push(`close ${this.#pin}`);
		}
	};
}

// A serial that never answers: enough for boards that are only built and closed.
class Quiet {
	constructor(_options: object) {}
	read() {
		return undefined;
	}
	write() {}
	close() {}
}

test("config values from mcconfig's command line are strings: numbers and flags are parsed, garbage refused", () => {
	const config = { modemPort: "1", modemBaud: 9600, modemSleep: "false", empty: "", odd: "2x" };
	equal(configNumber(config, "modemPort", 2), 1);
	equal(configNumber(config, "modemBaud", 115200), 9600);
	equal(configNumber(config, "missing", 7), 7);
	equal(configNumber(config, "empty", 7), 7);
	throws(() => configNumber(config, "odd", 0), RangeError);
	equal(configFlag(config, "modemSleep", true), false);
	equal(configFlag({ x: "1" }, "x", false), true);
	equal(configFlag({}, "x", true), true);
	throws(() => configFlag({ x: "maybe" }, "x", true), RangeError);
});

test("a RESET pin is held inactive, then pulsed 100 ms when the ladder's last step asks", () => {
	const clock = new ManualClock();
	const timer = new ClockTimer(clock);
	const log: string[] = [];
	const board = boardFromConfig({ modemReset: "5" }, { serial: { io: Quiet as unknown as SerialClass }, timer, Digital: fakeDigital(log, clock) });
	deepEqual(log, ["open 5 mode 8", "0 pin 5 = 1"]);
	equal(board.reset(), true);
	clock.advance(99);
	deepEqual(log.slice(2), ["0 pin 5 = 0"]);
	clock.advance(1);
	deepEqual(log.slice(2), ["0 pin 5 = 0", "100 pin 5 = 1"]);
	board.close();
	equal(log[log.length - 1], "close 5");
	equal(timer.live, 0, "the pulse timer and the modem's timers are cleared by close()");
});

test("PWRKEY stands in when no RESET is wired (600 ms), active high through a transistor", () => {
	const clock = new ManualClock();
	const log: string[] = [];
	const board = boardFromConfig({ modemPowerKey: 4, modemPinActive: "1" }, { serial: { io: Quiet as unknown as SerialClass }, timer: new ClockTimer(clock), Digital: fakeDigital(log, clock) });
	board.reset();
	clock.advance(600);
	deepEqual(log, ["open 4 mode 8", "0 pin 4 = 0", "0 pin 4 = 1", "600 pin 4 = 0"]);
	board.close();
});

test("no pins wired: reset() says so; pins without Digital or a bad active level are refused", () => {
	const timer = new ClockTimer(new ManualClock());
	const board = boardFromConfig({}, { serial: { io: Quiet as unknown as SerialClass }, timer });
	equal(board.reset(), false);
	board.close();
	throws(() => boardFromConfig({ modemReset: 5 }, { serial: { io: Quiet as unknown as SerialClass }, timer }), Error);
	throws(() => boardFromConfig({ modemPinActive: 2 }, { serial: { io: Quiet as unknown as SerialClass }, timer }), RangeError);
});

test("installProviders replaces a frozen device global with a copy that has network.http and .https", () => {
	const board = openBoard({ serial: { io: Quiet as unknown as SerialClass }, timer: new ClockTimer(new ManualClock()), ca: "PEM" });
	const global: Record<string, any> = { device: Object.freeze({ io: { Serial: 1 }, network: Object.freeze({ dns: 2 }) }) };
	equal(installProviders(board, global), true);
	equal(global.device.io.Serial, 1);
	equal(global.device.network.dns, 2);
	equal(global.device.network.http.modem, board.modem);
	equal(global.device.network.https.secure.ca, "PEM");
	const sealed: Record<string, any> = {};
	Object.defineProperty(sealed, "device", { value: Object.freeze({}), writable: false });
	equal(installProviders(board, sealed), false);
	board.close();
});

// The ESP32's UART as Moddable's driver presents it, in front of the world's serial.
function esp32Serial(world: World): SerialClass {
	const Inner = world.serial.io;
	const FIFO = 128;
	return class {
		#inner: InstanceType<SerialClass>;
		#free = FIFO;
		#self = this;
		#options: any;
		constructor(options: any) {
			this.#options = options;
			this.#inner = new Inner({
				...options,
				onReadable: (count: number) => options.onReadable.call(this.#self, count),
				onWritable: () => {},
			});
		}
		read(buffer?: any) {
			if (buffer === 0) throw new RangeError("read(0)");
			return (this.#inner as any).read(buffer);
		}
		write(data: ArrayBuffer) {
			if (data.byteLength > this.#free) throw new Error("would overflow");
			this.#free -= data.byteLength;
			(this.#inner as any).write(data);
			// Drains at the line rate: 10 bits a byte.
			world.timer.set(() => {
				this.#free += data.byteLength;
				this.#options.onWritable.call(this.#self, this.#free);
			}, Math.ceil((data.byteLength * 10 * 1000) / world.serial.baud));
		}
		close() {
			(this.#inner as any).close();
		}
	} as unknown as SerialClass;
}

test("a board on an ESP32-shaped UART (128-byte FIFO, throwing writes) GETs and POSTs bit-exact", async () => {
	const world = await openWorld({});
	const board = openBoard({ serial: { io: esp32Serial(world), baud: 115200, port: 2, transmit: 17, receive: 16 }, timer: world.timer });
	try {
		const client = new board.http.io({ ...board.http, host: "127.0.0.1", port: world.servers.http });
		const get = await fetchOnce(world, client, "/bytes/3000?seed=9");
		equal(get.error, null);
		ok(sameBytes(get.body, world.expectedBytes(3000, 9)), "GET body differs");
		const body = world.expectedBytes(5000, 4);
		const post = await fetchOnce(world, client, "/echo", { method: "PUT", body, headers: new Map([["content-length", "5000"]]) });
		equal(post.error, null);
		const echo = JSON.parse(String.fromCharCode(...post.body));
		equal(echo.bodyLength, 5000);
		const seen = await world.requests();
		equal(seen[seen.length - 1]!.sha256, echo.sha256);
	} finally {
		board.close();
		await world.close();
	}
});
