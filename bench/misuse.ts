// The misbehaviour matrix as a figure: every cell run in XS, once under each Moddable host model (the
// project's own timer, Linux's, the ESP32's); failures are printed.
import { withXsWorld } from "./xs-world.js";
import { HOST_MODELS } from "../test/support/hosts.js";

export async function run(): Promise<object[]> {
	let cells = 0, failed = 0;
	for (const model of HOST_MODELS) {
		await withXsWorld(`bench-misuse-${model}`, [], async (worker) => {
			await worker.evaluate(`globalThis.hostModel = ${JSON.stringify(model)}`);
			await worker.import(new URL("./misuse-xs.js", import.meta.url).pathname);
			const { reply } = await worker.command("run");
			const value = JSON.parse(new TextDecoder().decode(reply));
			if (value.error) throw new Error(`misuse bench: ${value.error}`);
			for (const failure of value.failures) console.error(`misuse cell failed (${model}): ${failure}`);
			cells += value.cells;
			failed += value.failed;
		});
	}
	return [{ bench: "misuse", engine: "xs", hostModels: HOST_MODELS.length, cells, failed }];
}
