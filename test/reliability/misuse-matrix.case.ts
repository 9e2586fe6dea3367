// The caller-and-serial misbehaviour matrix (misuse.ts): one case per misbehaviour, each running every
// phase it can happen in, in Node, in XS and under each Moddable host model.
import { test } from "../harness.js";
import { cellName, cells, runCell } from "./misuse.js";

const all = cells();
const misuses: string[] = [];
for (const cell of all) if (!misuses.includes(cell.misuse)) misuses.push(cell.misuse);
for (const misuse of misuses) {
	const mine = all.filter((cell) => cell.misuse === misuse);
	test(`${misuse}: ${mine.map((cell) => cell.phase).join(", ")}`, () => {
		const failures: string[] = [];
		for (const cell of mine) {
			const problem = runCell(cell);
			if (problem) failures.push(`${cellName(cell)}: ${problem}`);
		}
		if (failures.length) throw new Error(failures.join("\n"));
	});
}
