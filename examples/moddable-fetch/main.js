// Moddable's own fetch (examples/io/tcp/fetch, unmodified, from the SDK) and the request code of its
// httpclient example, over this library: the app installs the module as device.network.http and
// .https, exactly where those examples look for their HTTP client, and changes nothing else.
// Build and run: see "Moddable's own fetch over the module" in docs/emulator.md (it talks to the local
// servers of `npx nbiot-servers` by default).
import Serial from "embedded:io/serial";
import Timer from "timer";
import config from "mc/config";
import TextDecoder from "text/decoder";
import { fetch, Headers } from "fetch";
import { URLSearchParams } from "url";
import { Modem } from "nbiot/quectel/modem";
import { HTTPClient } from "nbiot/http/client";

const serial = config.modemDevice
	? { io: Serial, device: config.modemDevice, baud: Number(config.modemBaud) }
	: { io: Serial, port: Number(config.modemPort), transmit: Number(config.modemTransmit), receive: Number(config.modemReceive), baud: Number(config.modemBaud) };
const modem = new Modem({ serial, timer: Timer, module: config.modemModel, onTrace: (message) => trace(`modem: ${message}\n`) });

// Moddable's device object may be frozen in flash: replace it with a copy that has our providers.
const secure = config.ca ? { ca: config.ca } : { verify: false };
globalThis.device = {
	...globalThis.device,
	network: {
		...globalThis.device?.network,
		http: { io: HTTPClient, modem },
		https: { io: HTTPClient, modem, secure },
	},
};

let passed = 0, failed = 0;
async function step(title, run) {
	trace(`${title}\n`);
	try {
		const detail = await run();
		passed++;
		trace(`  ok: ${detail}\n`);
	} catch (error) {
		failed++;
		trace(`  FAILED: ${error?.code ? `${error.code} ` : ""}${error?.message ?? error}\n`);
	}
}

function check(condition, what) {
	if (!condition) throw new Error(what);
}

// Moddable's fetch never settles when a request fails before its headers (MODDABLE-NOTES): bound each.
function within(ms, promise) {
	return new Promise((resolve, reject) => {
		const timer = Timer.set(() => reject(new Error(`no answer in ${ms} ms`)), ms);
		promise.then((value) => { Timer.clear(timer); resolve(value); }, (error) => { Timer.clear(timer); reject(error); });
	});
}

async function fetchSteps() {
	const http = config.http, https = config.https;
	await step(`GET ${http}/json`, async () => {
		const response = await within(120000, fetch(`${http}/json`));
		const json = await response.json();
		check(response.status === 200 && json.slideshow?.title, `status ${response.status}`);
		return `${response.status}, "${json.slideshow.title}"`;
	});
	await step(`GET ${http}/bytes/1000 as arrayBuffer()`, async () => {
		const response = await within(120000, fetch(`${http}/bytes/1000`));
		const bytes = new Uint8Array(await response.arrayBuffer());
		check(response.status === 200 && bytes.length === 1000, `status ${response.status}, ${bytes.length} bytes`);
		return `${response.status}, ${bytes.length} bytes, content-type ${response.headers.get("content-type")}`;
	});
	await step(`POST ${http}/post with Headers and URLSearchParams`, async () => {
		const headers = new Headers([["Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"], ["User-Agent", "ecma-419 test"]]);
		const body = new URLSearchParams([["Input", "This is no input!"], ["Reading", "21.5"]]);
		const response = await within(120000, fetch(`${http}/post`, { method: "POST", headers, body }));
		const json = await response.json();
		check(response.status === 200 && json.data === body.toString(), `status ${response.status}, server saw ${json.data}`);
		return `${response.status}, server saw "${json.data}"`;
	});
	await step(`PUT ${http}/echo with a string body`, async () => {
		const response = await within(120000, fetch(`${http}/echo`, { method: "PUT", body: "This is no data!" }));
		const json = await response.json();
		check(response.status === 200 && json.method === "PUT" && json.bodyLength === 16, `status ${response.status}, ${json.method} ${json.bodyLength}`);
		return `${response.status}, ${json.method} of ${json.bodyLength} bytes`;
	});
	await step(`GET ${https}/json over HTTPS${config.ca ? ", the server verified against the CA" : " (no CA configured: not verified)"}`, async () => {
		const response = await within(180000, fetch(`${https}/json`));
		const json = await response.json();
		check(response.status === 200 && json.slideshow, `status ${response.status}`);
		return `${response.status}, "${json.slideshow.title}"`;
	});
}

// examples/io/tcp/httpclient/main.js, with the host and the end report changed.
function httpclientSteps() {
	return new Promise((resolve) => {
		const host = /^http:\/\/([^/:]+)(?::(\d+))?/.exec(config.http);
		const http = new device.network.http.io({
			...device.network.http,
			host: host[1],
			port: host[2] ? Number(host[2]) : 80,
		});
		let settled = 0;
		trace("httpclient: three requests queued at once\n");
		for (let i = 0; i < 3; i++) {
			http.request({
				path: `/get?${i}`,
				headers: new Map([
					["date", Date()],
					["user-agent", "ecma-419 test"],
				]),
				onHeaders(status, headers) {
					trace(`  ${i}: status ${status}, ${headers.get("content-length")} bytes\n`);
					this.status = status;
					this.decoder = new TextDecoder();
					this.text = "";
				},
				onReadable(count) {
					const buffer = this.read(count);
					this.text += this.decoder.decode(buffer, { stream: true });
				},
				onDone(error) {
					if (error || this.status !== 200 || !this.text.includes(`/get?${i}`)) {
						failed++;
						trace(`  ${i}: FAILED ${error ? `${error.code ?? ""} ${error.message}` : `status ${this.status}`}\n`);
					} else {
						passed++;
						trace(`  ${i}: ok, ${this.text.length} characters\n`);
					}
					if (++settled === 3) {
						http.close();
						resolve();
					}
				},
			});
		}
	});
}

fetchSteps()
	.then(httpclientSteps)
	.then(() => trace(`example: ${passed} passed, ${failed} failed\n`), (error) => trace(`example: ${error?.stack ?? error}\n`))
	.finally(() => modem.sleep());
