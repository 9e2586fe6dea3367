// A Modem and an HTTPClient on the stand-in module, and a request that records what the user sees.
import { Modem, type ModemOptions } from "../../modules/quectel/modem.js";
import { HTTPClient, type HTTPClientOptions, type RequestOptions } from "../../modules/http/client.js";
import { FakeModule } from "../quectel/fake-module.js";
// Loaded for its side effect: the BG95 profile names itself, so that module: "bg95" works.
import "../../modules/quectel/bg95/profile.js";

export interface Outcome {
	status?: number;
	headers?: Map<string, string>;
	body: string;
	error?: Error | null;
	dones: number;
}

export function get(module: FakeModule, client: HTTPClient, path: string, headers?: Map<string, string>, extra: Partial<RequestOptions> = {}): Outcome {
	const outcome = start(client, path, headers, extra);
	module.run(() => outcome.dones > 0);
	return outcome;
}

export function start(client: HTTPClient, path: string, headers?: Map<string, string>, extra: Partial<RequestOptions> = {}): Outcome {
	const outcome: Outcome = { body: "", dones: 0 };
	client.request({
		path,
		headers,
		...extra,
		onHeaders(status, h) {
			outcome.status = status;
			outcome.headers = h;
		},
		onReadable(count) {
			const data = new Uint8Array(this.read(count) as ArrayBuffer);
			for (const b of data) outcome.body += String.fromCharCode(b);
		},
		onDone(error) {
			outcome.error = error;
			outcome.dones++;
		},
	});
	return outcome;
}

export function setup(clientOptions: Partial<HTTPClientOptions> = {}, modemOptions: Partial<ModemOptions> = {}): { module: FakeModule; modem: Modem; client: HTTPClient } {
	const module = new FakeModule();
	const modem = new Modem({ serial: module.serial, timer: module.timer, ...modemOptions });
	const client = new HTTPClient({ modem, host: "example.com", ...clientOptions });
	return { module, modem, client };
}

