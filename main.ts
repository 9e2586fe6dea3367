// The device app: what a user copies to start. The host (hosts/esp32, hosts/lin, or hosts/xs on the
// desktop) opens the modem and calls this with it. First the network: bring-up (SIM, APN, the
// registration, the address) with a sensor's PSM profile, release assistance on, and the module's status;
// then five steps, each reported with its status, headers and body size, or with the error's code and remedy:
//   1. GET JSON over HTTP (fetch)
//   2. POST a reading as JSON (fetch)
//   3. GET over HTTPS, the server verified against a CA (the ECMA-419 client)
//   4. a longer download in GETEX ranges, resumable, with progress
//   5. a firmware update: the manifest {"version","size","sha256","url"} by fetch, then the image into
//      the host's update target (the ESP32's OTA partition), verified, completed only when it matches
// then the module is put to sleep (and, after a completed update, the device restarts into it).
// Settings come from host.config (manifest config on a device): `http` and `https` are the servers'
// origins, `ca` the PEM of the CA that signs the HTTPS server, `update` the update manifest's URL
// (empty: no update step), `apn` the operator's APN (empty: the module's own).
//
// The PSM profile: a sensor that reports every 15 minutes to an hour and is never called. T3412 (the
// periodic TAU) 1 h: longer than the reporting interval, so while readings flow no TAU is spent (each
// request restarts it), and a silent device is still heard from hourly. T3324 (the active time) 10 s:
// reachable for a late answer or a command right after a reading, then PSM (about 3 µA) instead of
// minutes of paging. No eDRX: with PSM it only matters during those 10 s.
import type { Host } from "./hosts/board.js";
import { ModemError } from "./modules/quectel/errors.js";
import { remedy } from "./modules/remedies.js";
import { Download } from "./modules/http/download.js";
import { Update, readManifest } from "./modules/http/update.js";
import type { PsmOptions } from "./modules/quectel/network.js";

const SENSOR_PSM: PsmOptions = { periodicTau: 3600, activeTime: 10 };

export default async function main(host: Host): Promise<number> {
	const { config, log } = host;
	const http = String(config.http ?? "");
	const https = String(config.https ?? "");
	const stamp = () => `[${(host.now() / 1000).toFixed(1).padStart(6)} s]`;
	let failed = 0;

	// Host and port of a configured origin ("http" or "https" names both the setting and the scheme).
	function originOf(scheme: "http" | "https", origin: string): { host: string; port: number | undefined } {
		const parts = new RegExp(`^${scheme}://([^/:]+)(?::(\\d+))?$`).exec(origin);
		if (!parts) throw new TypeError(`config ${scheme}: "${origin}" is not an ${scheme}:// origin`);
		return { host: parts[1]!, port: parts[2] ? Number(parts[2]) : undefined };
	}

	async function step(title: string, run: () => Promise<void>): Promise<void> {
		log(`${stamp()} ${title}`);
		try {
			await run();
		} catch (error) {
			failed++;
			// A ModemError's message names its step, meaning and code; what to do is the module's manual's.
			if (error instanceof ModemError) log(`  failed: ${error.message}. ${remedy(error.code, String(config.modemModel ?? ""))}`);
			else log(`  failed: ${(error as Error)?.message ?? error}`);
		}
	}

	const modem = host.modem;
	modem.releaseAssistance = true; // the radio released after each request's last read, not 10–20 s later
	modem.onNetwork = (state) => log(`${stamp()} network: ${state.registered ? (state.roaming ? "registered, roaming" : "registered") : `not registered (stat ${state.stat}${state.cause ? `, cause ${state.cause}` : ""})`}`);
	await step("bring-up: SIM, registration, address; PSM requested (T3412 1 h, T3324 10 s)", async () => {
		const apn = typeof config.apn === "string" && config.apn ? config.apn : undefined;
		const up = await modem.start({ apn, psm: SENSOR_PSM, timeout: 180000 });
		log(`  ${up.roaming ? "roaming" : "home network"}, address ${up.address}`);
		const s = await modem.status();
		const figure = (value: number, unit: string) => (Number.isNaN(value) ? "n/a" : `${value} ${unit}`);
		log(`  signal: RSRP ${figure(s.rsrp, "dBm")}, RSRQ ${figure(s.rsrq, "dB")}, SNR ${figure(s.snr, "dB")}`);
		log(`  IMEI ${s.imei}, ICCID ${s.iccid}, IMSI ${s.imsi}, firmware ${s.revision}`);
		log(`  PSM granted: ${s.psm ? `T3324 ${s.psm.activeTime} s, T3412 ${s.psm.periodicTau} s` : "no"}; eDRX: ${s.edrx ? `${s.edrx.cycle} ms` : "off"}; AT+QSCLK=${s.sleep}`);
	});

	await step(`GET ${http}/json`, async () => {
		const response = await host.fetch(`${http}/json`);
		log(`  ${response.status} ${response.statusText}, ${response.headers.get("content-type")}`);
		const json = (await response.json()) as Record<string, unknown>;
		log(`  ${JSON.stringify(json).length} bytes of JSON, keys: ${Object.keys(json).join(", ")}`);
	});

	await step(`POST ${http}/post`, async () => {
		const reading = { sensor: "t1", celsius: 21.5, battery: 3.61 };
		const response = await host.fetch(`${http}/post`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(reading),
		});
		const echo = (await response.json()) as { json?: unknown; data?: unknown };
		log(`  ${response.status} ${response.statusText}, the server got ${JSON.stringify(echo.json ?? echo.data)}`);
	});

	await step(`GET ${https}/get (HTTPS, CA verified)`, () => new Promise<void>((resolve, reject) => {
		const origin = originOf("https", https);
		if (!config.ca) throw new TypeError("config ca: the PEM of the CA that signs the HTTPS server");
		const client = new host.https.io({ ...host.https, ...origin });
		let size = 0;
		client.request({
			path: "/get",
			onHeaders(status, headers, statusText) {
				log(`  ${status} ${statusText}`);
				for (const [name, value] of headers) log(`  ${name}: ${value}`);
			},
			onReadable(count) {
				size += (this.read(count) as ArrayBuffer).byteLength;
			},
			onDone(error) {
				client.close();
				if (error) return reject(error);
				log(`  ${size} bytes of body`);
				resolve();
			},
		});
	}));

	const path = String(config.download ?? "/range/65536");
	await step(`download ${http}${path} in ranges`, () => new Promise<void>((resolve, reject) => {
		const client = new host.http.io({ ...host.http, ...originOf("http", http) });
		let shown = -1;
		let sum = 0;
		new Download({
			client,
			path,
			timer: host.modem.timer,
			sink: {
				write(bytes) {
					for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) & 0xffff;
					return bytes.length;
				},
			},
			onProgress(received, total) {
				const percent = total > 0 ? Math.floor((received * 100) / total) : 0;
				if (percent >= shown + 25 || received === total) {
					shown = percent;
					log(`${stamp()}   ${received} / ${total} bytes (${percent}%)`);
				}
			},
			onDone(error, total) {
				client.close();
				if (error) return reject(error);
				log(`  ${total} bytes, checksum ${sum}`);
				resolve();
			},
		});
	}));

	let updated = false;
	const manifestUrl = typeof config.update === "string" ? config.update : "";
	if (manifestUrl && host.update) {
		await step(`firmware update from ${manifestUrl}`, async () => {
			const image = readManifest(await (await host.fetch(manifestUrl)).json(), manifestUrl);
			log(`  version ${image.version}, ${image.size} bytes, sha256 ${image.sha256.slice(0, 16)}…`);
			await new Promise<void>((resolve, reject) => {
				let shown = -1;
				new Update({
					modem: host.modem,
					image,
					target: host.update!,
					digest: host.digest, // crypt's native Digest on a device; the portable SHA-256 without it
					secure: config.ca ? { ca: String(config.ca) } : undefined,
					rangeSize: 32768,
					responseTime: 30,
					onProgress(received, size) {
						const percent = Math.floor((received * 100) / size);
						if (percent >= shown + 25) log(`${stamp()}   ${received} / ${size} bytes (${(shown = percent)}%)`);
					},
					onDone(error) {
						if (error) return reject(error); // not completed: the running firmware stays
						log(`  verified (size and SHA-256) and completed: the next boot runs ${image.version}`);
						updated = true;
						resolve();
					},
				});
			});
		});
	} else log(`${stamp()} firmware update: ${manifestUrl ? "this host has no update target" : "no manifest configured (config update)"}`);

	host.modem.sleep();
	log(`${stamp()} ${failed ? `${failed} step(s) failed` : "all steps done"}; the module may sleep`);
	if (updated && host.restart) {
		log("restarting into the new firmware");
		host.restart();
	}
	return failed;
}
