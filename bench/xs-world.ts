// What the world benchmarks share: an XS worker whose world (emulator, servers, virtual clock) is served
// by a WorldHost in this process, one file of theirs imported into it, and both closed afterwards.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "../hosts/xs/worker.js";
import { WorldHost } from "../test/support/node-world.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Runs `fn` with a worker that has imported bench/<file> (or several, in order). */
export async function withXsWorld<T>(name: string, file: string | string[], fn: (worker: XsWorker) => Promise<T>): Promise<T> {
	const host = new WorldHost();
	const worker = new XsWorker({ name, onCommand: (m) => host.handle(m.subarray(1)) });
	try {
		for (const one of typeof file === "string" ? [file] : file) await worker.import(join(here, one));
		return await fn(worker);
	} finally {
		await worker.close();
		await host.close();
	}
}
