// Runs inside the XS worker: every cell of the fault matrix (test/reliability/matrix.ts).
import { installWorld } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { cells, runCell } from "../test/reliability/matrix.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

serveCommands(async () => {
	const all = cells();
	const failures: string[] = [];
	for (const cell of all) {
		const why = await runCell(cell);
		if (why) failures.push(`${cell.name}: ${why}`);
	}
	return { cells: all.length, failed: failures.length, failures };
});
