// The library stays in modules a newcomer reads in one sitting: none over 450 lines, the job runner (the
// core's one machine) at most 350.
import { test } from "node:test";
import { ok } from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function sources(folder: string): string[] {
	return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
		const path = `${folder}/${entry.name}`;
		return entry.isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
	});
}

const lines = (path: string) => readFileSync(join(root, path), "utf8").split("\n").length - 1;

test("no library module is over 450 lines, and the runner is at most 350", () => {
	const found = sources("modules");
	ok(found.length > 30, `${found.length} modules`);
	for (const path of found) ok(lines(path) <= 450, `${path}: ${lines(path)} lines`);
	ok(lines("modules/quectel/runner.ts") <= 350, `runner.ts: ${lines("modules/quectel/runner.ts")} lines`);
});
