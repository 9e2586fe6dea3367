// End-to-end: the library on the emulator and real local servers, the same in Node and in XS.
import { Modem, type ModemOptions } from "../../modules/quectel/modem.js";
import { HTTPClient, type SecureOptions } from "../../modules/http/client.js";
import { openWorld, type World, type WorldOptions } from "../support/world.js";

export interface Result {
	status: number;
	body: Uint8Array;
	length: number;
	error: Error | null | undefined;
	dones: number;
}

/** The emulator profiles every end-to-end case runs in: the manual's module, and what real modules do. */
export const PROFILES = ["manual", "field"] as const;

/** Runs fn in a fresh world, once per profile unless options.profile names one. */
/** Runs `fn` once per emulator profile (or in the one named), with a modem made with `modemOptions`. */
export async function withWorld(options: WorldOptions, fn: (world: World, modem: Modem) => Promise<void>, modemOptions: Partial<ModemOptions> = {}): Promise<void> {
	for (const profile of options.profile ? [options.profile] : PROFILES) {
		const world = await openWorld({ ...options, profile });
		const modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module, ...modemOptions });
		try {
			await fn(world, modem);
		} catch (error) {
			throw new Error(`${profile} profile: ${(error as Error)?.message ?? error}`);
		} finally {
			modem.close();
			await world.close();
		}
	}
}

export function client(world: World, modem: Modem, secure?: SecureOptions): HTTPClient {
	return new HTTPClient({ modem, host: "127.0.0.1", port: secure ? world.servers.https : world.servers.http, secure });
}

/** One request; keeps the body (up to `keep` bytes) and counts the rest. */
export async function fetchOnce(world: World, c: HTTPClient, path: string, options: { method?: string; headers?: Map<string, string>; body?: Uint8Array; keep?: number; limit?: number } = {}): Promise<Result> {
	const keep = options.keep ?? 1 << 21;
	const result: Result = { status: 0, body: new Uint8Array(keep), length: 0, error: undefined, dones: 0 };
	const body = options.body;
	let sent = 0;
	c.request({
		method: options.method ?? "GET",
		path,
		headers: options.headers,
		onHeaders(status) {
			result.status = status;
		},
		onWritable(count) {
			if (!body) return;
			const n = Math.min(count, body.length - sent);
			if (n > 0) this.write(body.subarray(sent, sent + n));
			sent += n;
			if (sent === body.length) this.write();
		},
		onReadable(count) {
			const data = new Uint8Array(this.read(count) as ArrayBuffer);
			if (result.length + data.length <= keep) result.body.set(data, result.length);
			result.length += data.length;
		},
		onDone(error) {
			result.error = error;
			result.dones++;
		},
	});
	await world.runUntil(() => result.dones > 0, options.limit ?? 600000);
	result.body = result.body.subarray(0, Math.min(result.length, keep));
	return result;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
