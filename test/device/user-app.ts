// A user's own device module, as the README shows it: compiled against the library's .d.ts (build/
// modules, under the "nbiot/" prefix that modules/manifest.json registers) and @moddable/typings.
// test/device/typecheck.test.ts compiles it; nothing runs it.
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
		modem.sleep();
	},
});

const fetch = createFetch({ modem });
fetch("http://example.com/data.json").then((response) => response.json()).then((json) => trace(`${JSON.stringify(json)}\n`));
