// What the world benchmarks share: an XS worker whose world (emulator, servers, virtual clock) is served
// by a WorldHost in this process, one file of theirs imported into it, and both closed afterwards; and
// the modules a benchmark runs against, chosen as the test runner chooses them (the worker's global
// moduleModel, which test/support/world.ts's openWorld reads).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "../hosts/xs/worker.js";
import { WorldHost } from "../test/support/node-world.js";
import { MODULE_NAMES, type ModuleName } from "../emulator/models.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Runs `fn` with a worker that has imported bench/<file> (or several, in order), its worlds `module`'s. */
export async function withXsWorld<T>(name: string, file: string | string[], fn: (worker: XsWorker) => Promise<T>, module: ModuleName = "bc660k"): Promise<T> {
	const host = new WorldHost();
	const worker = new XsWorker({ name, onCommand: (m) => host.handle(m.subarray(1)) });
	try {
		if (module !== "bc660k") await worker.evaluate(`globalThis.moduleModel = ${JSON.stringify(module)}`);
		for (const one of typeof file === "string" ? [file] : file) await worker.import(join(here, one));
		return await fn(worker);
	} finally {
		await worker.close();
		await host.close();
	}
}

/** A benchmark's lines for every module the emulator can be, each with its `module` after `engine`. */
export async function perModule(run: (module: ModuleName) => Promise<object[]>): Promise<object[]> {
	const lines: object[] = [];
	for (const module of MODULE_NAMES) {
		for (const line of await run(module)) {
			const { bench, engine, ...figures } = line as { bench: string; engine: string };
			lines.push({ bench, engine, module, ...figures });
		}
	}
	return lines;
}
