// Every `--fault` example of README.md, docs/ and emulator/README.md runs: the emulator's command line
// starts with it and answers AT (a page cannot advertise a fault the language refuses).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliSession } from "./at.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function examples(file: string): string[] {
	const text = readFileSync(join(root, file), "utf8");
	return [...text.matchAll(/--fault ([a-z][^\s`|]*)/g)].map((m) => m[1]!); // not `--fault SPEC`
}

test("the READMEs and docs/ show --fault examples, and each one runs", async () => {
	const docs = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
	const specs = [...new Set(["README.md", ...docs, "emulator/README.md"].flatMap(examples))];
	assert.ok(specs.length >= 6, specs.join(" "));
	assert.ok(specs.includes("searching"), "the registration faults are examples too");
	for (const spec of specs) assert.match(await cliSession(["--network", "fast", "--fault", spec], [["ATE0\r", /OK/]]), /OK/, `--fault ${spec}`);
});
