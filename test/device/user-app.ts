// A user's own device module, as the README shows it: compiled against the library's .d.ts (build/
// modules, under the "nbiot/" prefix that modules/manifest.json and its options register) and @moddable/typings,
// with the tsconfig the package ships (device/tsconfig.json, which test/device/tsconfig.json extends as
// a user's would). test/device/typecheck.test.ts compiles it; nothing runs it. Each @ts-expect-error is
// a mistake the types must catch: the build fails if one compiles.
import Serial from "embedded:io/serial";
import Timer from "timer";
import { Modem } from "nbiot/quectel/modem";
import { HTTPClient } from "nbiot/http/client";
import { ModemError } from "nbiot/quectel/errors";
import { createFetch } from "nbiot/http/fetch";

const modem = new Modem({ serial: { io: Serial, port: 2, transmit: 17, receive: 16, baud: 115200 }, timer: Timer, sleep: true });
const client = new HTTPClient({ modem, host: "example.com", onError: (error) => trace(`${error.message}\n`) });

client.request({
	path: "/reading",
	method: "POST",
	headers: new Map([["content-type", "application/json"], ["content-length", "11"]]),
	onWritable() {
		this.write(ArrayBuffer.fromString('{"t":21.5}\n'));
		this.write();
	},
	onHeaders(status) {
		trace(`status ${status}\n`);
	},
	onReadable(count) {
		this.read(count);
	},
	onDone(error) {
		if (error instanceof ModemError) trace(`${error.code}: ${error.message}\n`);
		if (error) trace(`${error.code} at ${error.step}\n`); // every failure is a ModemError
		modem.sleep();
	},
});

// The client's plumbing is private: only request() and close() are public.
// @ts-expect-error packet is private
client.packet;
// @ts-expect-error urlBuffer is private
client.urlBuffer;
// @ts-expect-error onData is the modem's, not the user's
client.onData;
// @ts-expect-error afterRead is the modem's, not the user's
client.afterRead;

// Serial options are checked per host: a misspelled or unknown key is a type error.
// @ts-expect-error "prot" is not a serial option
new Modem({ serial: { io: Serial, prot: 2, transmit: 17, receive: 16, baud: 115200 }, timer: Timer });
// Linux: the tty as device
new Modem({ serial: { io: Serial, device: "/dev/ttyUSB0", baud: 115200 }, timer: Timer });

const fetch = createFetch({ modem });
fetch("http://example.com/data.json").then((response) => response.json()).then((json) => trace(`${JSON.stringify(json)}\n`));
