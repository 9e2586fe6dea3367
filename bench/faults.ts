// The fault matrix as a figure: every cell run in XS on the emulator; failures are printed.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "../hosts/xs/worker.js";
import { WorldHost } from "../test/support/node-world.js";

const here = dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<object[]> {
	const host = new WorldHost();
	const worker = new XsWorker({ name: "bench-faults", onCommand: (m) => host.handle(m.subarray(1)) });
	try {
		await worker.import(join(here, "faults-xs.js"));
		const { reply } = await worker.command("run");
		const value = JSON.parse(new TextDecoder().decode(reply));
		if (value.error) throw new Error(`faults bench: ${value.error}`);
		for (const failure of value.failures) console.error(`fault cell failed: ${failure}`);
		return [{ bench: "faults", engine: "xs", cells: value.cells, failed: value.failed }];
	} finally {
		await worker.close();
		await host.close();
	}
}
