// emulator/README.md's command tables (the BC660K's and the BG95's) against the emulator and the BC660K
// manual's table of contents: they name every command of the chapters claimed and every command the
// emulator knows, and each form answers as the table says (✓ or an example: not ERROR; –: ERROR), on a
// fresh module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MODELS } from "../../emulator/models.js";
import { commandTable, Terminal } from "./at.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readme = readFileSync(join(root, "emulator", "README.md"), "utf8");

/** The AT Commands Manual V1.4's contents: each chapter's commands in order (a URC keeps its `+`). */
const MANUAL: Record<number, string[]> = {
	2: ["ATI", "CGMI", "CGMM", "CGMR", "CGSN"],
	3: ["ATE", "IPR"],
	4: ["CEREG", "CESQ", "CGATT", "CGPADDR", "CREG", "CSCON", "CSQ", "QENG", "QESMC", "QEMMS", "QOOSAIND", "QEMMTIMER"],
	5: ["CGACT", "CGAPNRC", "CGAUTH", "CGDCONT", "CIPCA", "QCGDEFCONT"],
	6: ["CNMPSD", "QR14FEATURE", "QCFG"],
	7: ["CCIOTOPT", "COPS", "CRTDCP", "CSODCP", "QBAND", "QCSEARFCN", "QLOCKF", "QNBPARA", "QPLMNS", "QRHPLMNS", "QLAPI", "QLEDMODE", "QIPERF", "QBANDSCAN", "+RECVNONIP"],
	8: ["CCHO", "CCHC", "CGLA", "CIMI", "CLCK", "CPIN", "CPINR", "CPWD", "CRSM", "CSIM", "QCCID", "QSIMPOLL", "QSIMSLEEP"],
	9: ["CEDRXS", "CEDRXRDP", "CFUN", "CPSMS", "QDRX", "QEDRXCFG", "QNBIOTRAI", "QNBIOTEVENT", "QPSMS", "QSCLK"],
	10: ["CBC", "CMEE", "QADC", "QRST", "QRFSTAT"],
	11: ["QCFG"],
	12: ["CCLK", "CTZR"],
	13: ["CMGF", "CSCA", "CMGS", "+CMT"],
};

const rows = commandTable(readme, "| command | chapter | test | read | write | execute |");
const bg95Rows = commandTable(readme, "## BG95 (module \"bg95\")");

test("the README's table names every command of the manual's chapters it claims to cover", () => {
	const claim = /\*\*Documents and chapters covered\*\*: the AT Commands Manual V1\.4, chapters ([\d, ]+);/.exec(readme);
	assert.ok(claim, "the coverage line");
	const chapters = claim[1]!.split(",").map((c) => Number(c.trim()));
	assert.deepEqual(chapters, [2, 3, 4, 5, 7, 8, 9, 10]);
	for (const chapter of chapters) {
		for (const name of MANUAL[chapter]!.filter((n) => !n.startsWith("+"))) {
			const row = rows.find((r) => r.name === name);
			assert.ok(row, `${name} (chapter ${chapter}) is not in the table`);
			assert.ok(row.chapter.startsWith(`${chapter}.`), `${name}: chapter ${row.chapter}, the manual's is ${chapter}`);
		}
	}
});

for (const [module, table] of [["bc660k", rows], ["bg95", bg95Rows]] as const) {
	test(`${module}: the README's table and the emulator know the same commands, in the same chapters`, () => {
		const known = new Map(MODELS[module].commands.map((c) => [c.name, c.chapter]));
		assert.deepEqual(table.map((r) => r.name).sort(), [...known.keys()].sort());
		for (const row of table) assert.equal(row.chapter, known.get(row.name), row.name);
	});

	test(`${module}: every form of every command answers as the README's table says, on a fresh module`, async () => {
		const wrong: string[] = [];
		for (const row of table) {
			const forms: [string, boolean][] = [
				[`${row.line}=?`, row.forms.test], [`${row.line}?`, row.forms.read],
				[`${row.line}${row.forms.write ?? "=1"}`, row.forms.write !== undefined], [row.line, row.forms.execute],
			];
			for (const [line, answers] of forms) {
				const t = new Terminal({ module });
				const answer = await t.say(`${line}\r`);
				const refused = answer === "\r\nERROR\r\n";
				if (answers === refused || answer === "") wrong.push(`${line} → ${JSON.stringify(answer)}`);
			}
		}
		assert.deepEqual(wrong, []);
	});
}
