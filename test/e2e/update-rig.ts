// Runs an Update end to end: the update manifest from the local server (/ota/manifest.json), the image
// into a FakeUpdate target, and what came of it.
import { Update, readManifest, type UpdateImage, type UpdateOptions } from "../../modules/http/update.js";
import type { Modem } from "../../modules/quectel/modem.js";
import { FakeUpdate, type FakeUpdateOptions } from "../support/fake-update.js";
import type { ModemOptions } from "../../modules/quectel/modem.js";
import { client, fetchOnce, withWorld } from "./rig.js";
import type { World, WorldOptions } from "../support/world.js";

/** Issue 16's fault case, shared with the ota bench: a 1 MiB image over the nbiot network with a
 *  module reboot in a read, a 702 (the module's timeout, as GETEX's result URC), a 717 at a read, a
 *  stall (the module goes silent in the middle of a read: the modem gives the read up after
 *  UPDATE_MODEM.readTimeout), and a server that cuts a range short at OTA_CUT. */
export const OTA_FAULTS = ["reboot@QHTTPREAD#40", "urc=702@QHTTPGETEX#12", "cme=717@QHTTPREAD#300", "silent@QHTTPREAD#600"];
/** The same faults on a BG95, whose read is a whole range (GETs in custom heads, one read each). */
export const OTA_FAULTS_BG95 = ["reboot@QHTTPREAD#4", "urc=702@QHTTPGET#12", "cme=717@QHTTPREAD#10", "silent@QHTTPREAD#20"];

/** The faults for `module`: the reboot, the 717, the stall and the cut each end a range partway (a resume). */
export function otaFaults(module: string): string[] {
	return module === "bg95" ? OTA_FAULTS_BG95 : OTA_FAULTS;
}
export const OTA_SIZE = 1 << 20;
export const OTA_SEED = 16;
export const OTA_CUT = 800 * 1024 + 5000;
/** What the update app (main.ts) uses: 32 KB ranges, a 30 s rsptime. */
export const OTA_OPTIONS = { rangeSize: 32768, responseTime: 30 };

/** Range requests the server saw for images that start inside the previous one: the resumes after
 *  a range that ended early (a fault the module reports before any byte, like a 702, retries the same
 *  range and is not counted). */
export async function resumesSeen(world: World): Promise<number> {
	let resumes = 0;
	let end = -1;
	for (const r of await world.requests()) {
		const range = /^bytes=(\d+)-(\d+)$/.exec(r.path.startsWith("/ota/image/") ? String(r.headers.range ?? "") : "");
		if (!range) continue;
		const start = Number(range[1]);
		if (end >= 0 && start !== end + 1) resumes++;
		end = Number(range[2]);
	}
	return resumes;
}

/** What an update app sets on its modem: a read that brings nothing for 10 s is given up (and the
 *  update resumes) instead of after the default minute. */
export const UPDATE_MODEM: Partial<ModemOptions> = { readTimeout: 10000 };

/** rig.ts's withWorld, with the modem an update app makes (UPDATE_MODEM). */
export function withUpdateWorld(options: WorldOptions, fn: (world: World, modem: Modem) => Promise<void>): Promise<void> {
	return withWorld(options, fn, UPDATE_MODEM);
}

export interface UpdateRun {
	error: (Error & { code?: number; step?: string; cause?: unknown }) | null | undefined;
	dones: number;
	fake: FakeUpdate;
	image: UpdateImage;
	update: Update;
	progress: number;
	ms: number;
}

/** The manifest for `query` (size=&seed=…) from the HTTP server, or the HTTPS one with secure. */
export async function manifest(world: World, modem: Modem, query: string, secure = false): Promise<UpdateImage> {
	const c = client(world, modem, secure ? { ca: world.servers.caPem } : undefined);
	const result = await fetchOnce(world, c, `/ota/manifest.json?${query}`);
	c.close();
	if (result.error) throw result.error;
	let text = "";
	for (let i = 0; i < result.body.length; i++) text += String.fromCharCode(result.body[i]!);
	return readManifest(JSON.parse(text), `${secure ? "https" : "http"}://127.0.0.1:${secure ? world.servers.https : world.servers.http}/`);
}

export async function runUpdate(world: World, modem: Modem, image: UpdateImage, options: Partial<UpdateOptions> & { fake?: FakeUpdateOptions; limit?: number; during?: (update: Update, received: number) => void } = {}): Promise<UpdateRun> {
	const fake = new FakeUpdate(options.fake);
	const started = world.now();
	const run = { error: undefined, dones: 0, fake, image, progress: 0, ms: 0 } as unknown as UpdateRun;
	run.update = new Update({
		modem, image, target: fake, timer: world.timer, retryDelay: 100, ...options,
		onProgress(received, size) {
			run.progress++;
			if (received > size) throw new Error(`progress ${received} past ${size}`);
			options.during?.(run.update, received);
		},
		onDone(error) {
			run.error = error;
			run.dones++;
		},
	});
	await world.runUntil(() => run.dones > 0, options.limit ?? 3600000);
	run.ms = world.now() - started;
	// Nothing more comes: a second onDone would show here.
	await world.runUntil(() => false, 5000);
	return run;
}
