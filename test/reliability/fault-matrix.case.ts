// The fault matrix (matrix.ts), every cell in both engines, grouped by fault so a failure names its cell.
import { test } from "../harness.js";
import { cells, runCell, type Cell } from "./matrix.js";

const groups = new Map<string, Cell[]>();
for (const cell of cells()) {
	const group = /^[a-z-]+/.exec(cell.fault)![0];
	groups.set(group, [...(groups.get(group) ?? []), cell]);
}

for (const profile of ["manual", "field"] as const) {
	for (const [group, members] of groups) {
		test(`fault matrix, ${profile} profile: ${group} (${members.length} cells)`, async () => {
			const failures: string[] = [];
			for (const cell of members) {
				const why = await runCell(cell, 1, profile);
				if (why) failures.push(`${cell.name}: ${why}`);
			}
			if (failures.length) throw new Error(`${failures.length} of ${members.length} cells failed:\n${failures.join("\n")}`);
		});
	}
}

test(`fault matrix covers ${cells().length} cells`, () => {
	if (cells().length < 300) throw new Error(`only ${cells().length} cells`);
});
