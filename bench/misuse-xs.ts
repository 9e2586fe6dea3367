// Runs inside the XS worker: every cell of the caller-and-serial misbehaviour matrix
// (test/reliability/misuse.ts), under the host model the bench names.
import { cellName, cells, runCell } from "../test/reliability/misuse.js";
import { serveCommands } from "./xs-commands.js";

serveCommands(async () => {
	const all = cells();
	const failures: string[] = [];
	for (const cell of all) {
		const why = runCell(cell);
		if (why) failures.push(`${cellName(cell)}: ${why}`);
	}
	return { cells: all.length, failed: failures.length, failures };
});
