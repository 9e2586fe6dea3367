// Runs inside the XS worker: every cell of the fault matrix (test/reliability/matrix.ts).
import { installWorld } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { cells, runCell } from "../test/reliability/matrix.js";

installXsWorld(installWorld);

(globalThis as { handleCommand?: () => unknown }).handleCommand = () => {
	const answer: { result?: ArrayBuffer } = {};
	const work = async () => {
		const all = cells();
		const failures: string[] = [];
		for (const cell of all) {
			const why = await runCell(cell);
			if (why) failures.push(`${cell.name}: ${why}`);
		}
		return { cells: all.length, failed: failures.length, failures };
	};
	work().then(
		(value) => (answer.result = new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer),
		(e) => (answer.result = new TextEncoder().encode(JSON.stringify({ error: String(e) })).buffer as ArrayBuffer),
	);
	return answer;
};
