// The fault matrix (matrix.ts), every cell in both engines, grouped by fault so a failure names its cell.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { cells, commandsOf, moduleCodes, runCell, type Cell } from "./matrix.js";
import { moduleModel } from "../support/world.js";

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

// The matrix proves something only if a cell can fail: a fault that fires where a success was expected,
// and a success where a failure was, are both reported (a cell that passed without its fault firing
// would fail the second).
test("the matrix's checker fails a cell whose fault does not give the expected outcome", async () => {
	const fired = await runCell({ name: "get cme=714 expecting success", kind: "get", fault: "cme=714@QHTTPGET#1", codes: [] });
	equal(/^failed: /.test(fired) && fired.includes("714"), true, fired);
	const unfired = await runCell({ name: "get, no fault, expecting 714", kind: "get", fault: "", codes: [714] });
	equal(unfired, "succeeded, expected 714");
	const wrong = await runCell({ name: "get cme=714 expecting 711", kind: "get", fault: "cme=714@QHTTPGET#1", codes: [711] });
	equal(wrong.startsWith("code 714"), true, wrong);
});

test("every module code is injected as +CME ERROR at each of the 7 commands and as a result URC at each of 4, and each fault kind with its expected codes", () => {
	const all = cells(), codes = moduleCodes(), { range, putPacket, putLast } = commandsOf();
	for (const code of codes) {
		const mine = all.filter((cell) => cell.codes.length === 1 && cell.codes[0] === code);
		deepEqual(mine.map((cell) => `${cell.kind} ${cell.fault}`), [
			`get cme=${code}@QHTTPCFG#1`, `get cme=${code}@QHTTPURL#1`, `get cme=${code}@QHTTPGET#1`, `get cme=${code}@QHTTPREAD#1`,
			`getex cme=${code}@${range}`, `post cme=${code}@QHTTPPOST#1`, `put cme=${code}@${putPacket}`,
			`get urc=${code}@QHTTPGET#1`, `getex urc=${code}@${range}`, `post urc=${code}@QHTTPPOST#1`, `put urc=${code}@${putLast}`,
		], String(code));
	}
	// What each other kind of fault must end in: a silent module 901, a reboot 902 (absorbed before the
	// request is under way), a lost prompt 901, harmless ones succeed, lost or doubled bytes a framing code.
	const expected: Record<string, string> = {
		silent: "901", reboot: "902|902,0", noprompt: "901", "prompt-late": "", urcs: "", noise: "",
		"drop-rx": "903,911,912,913,914,915,916,901", "dup-rx": "903,911,912,913,914,915,916,901",
	};
	if (moduleModel() === "bg95") expected["drop-rx"] = expected["dup-rx"] = "903,911,912,913,914,915,916,901,0";
	const seen = new Map<string, Set<string>>();
	for (const cell of all) {
		const kind = /^[a-z-]+/.exec(cell.fault)![0];
		if (kind === "cme" || kind === "urc") continue;
		if (!seen.has(kind)) seen.set(kind, new Set());
		seen.get(kind)!.add(cell.codes.join(","));
	}
	deepEqual([...seen.keys()], Object.keys(expected));
	for (const [kind, codes] of seen) deepEqual([...codes].sort().join("|"), expected[kind], kind);
	equal(all.length, codes.length * 11 + 8 * 2 + 10);
});
