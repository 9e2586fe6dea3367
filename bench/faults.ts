// The fault matrix as a figure: every cell run in XS on the emulator; failures are printed.
import { withXsWorld } from "./xs-world.js";

export async function run(): Promise<object[]> {
	return withXsWorld("bench-faults", "faults-xs.js", async (worker) => {
		const { reply } = await worker.command("run");
		const value = JSON.parse(new TextDecoder().decode(reply));
		if (value.error) throw new Error(`faults bench: ${value.error}`);
		for (const failure of value.failures) console.error(`fault cell failed: ${failure}`);
		return [{ bench: "faults", engine: "xs", cells: value.cells, failed: value.failed }];
	});
}
