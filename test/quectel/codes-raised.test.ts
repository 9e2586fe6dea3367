// Every code of the library's own (900 and up) that a table or the docs list is raised somewhere in
// modules/ (its constant used beyond its definition, its import and its table row), or is listed here as
// reserved with the reason; every code docs/errors.md lists has a row. The module's 7xx come from
// the module itself and are not checked here.
import { test } from "node:test";
import { deepEqual, ok } from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CORE_CODES } from "../../modules/quectel/codes.js";
import { CODES } from "../../modules/quectel/bc660k/codes.js";
import { CODES as BG95_CODES } from "../../modules/quectel/bg95/codes.js";
import { HTTP_CODES } from "../../modules/http/codes.js";
import { DOWNLOAD_CODES } from "../../modules/http/download.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Codes with a row that nothing raises, and why. */
const RESERVED = new Map<number, string>();

function sources(folder: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) found.push(...sources(path));
		else if (path.endsWith(".ts")) found.push(readFileSync(join(root, path), "utf8"));
	}
	return found;
}

// The module sources without their import statements: what is left of a constant is its definition,
// its table row and its uses.
const modules = sources("modules").map((text) => text.replace(/^import [^;]*;$/gm, ""));
const ours = [...new Set([...CODES, ...BG95_CODES, ...CORE_CODES, ...HTTP_CODES, ...DOWNLOAD_CODES].map((row) => row[0]))].filter((code) => code >= 900);

test("each of our codes is raised somewhere, or reserved with a reason", () => {
	const unraised: number[] = [];
	for (const code of ours) {
		const names = modules.flatMap((text) => [...text.matchAll(new RegExp(`^(?:export )?const (\\w+) = ${code};`, "gm"))].map((m) => m[1]!));
		ok(names.length > 0, `${code}: a constant names it`);
		const uses = modules.reduce((n, text) => n + text.split("\n").filter((line) => names.some((name) =>
			new RegExp(`\\b${name}\\b`).test(line) && !/^(export )?const /.test(line) && !new RegExp(`^\\s*${name}, "`).test(line))).length, 0);
		if (uses === 0) unraised.push(code);
	}
	deepEqual(unraised, [...RESERVED.keys()]);
	for (const reason of RESERVED.values()) ok(reason.length > 20);
});

test("every code docs/errors.md lists has a row", () => {
	const page = readFileSync(join(root, "docs", "errors.md"), "utf8");
	const listed = [...page.matchAll(/^\| (9\d\d) \|/gm)].map((m) => Number(m[1]));
	ok(listed.length > 20, `${listed.length} codes listed`);
	for (const code of listed) ok(ours.includes(code), `${code} is on the errors page but in no table`);
});
