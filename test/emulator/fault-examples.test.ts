// Every `--fault` example of README.md and emulator/README.md runs: the emulator's command line starts
// with it and answers AT (a README cannot advertise a fault the language refuses).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliSession } from "./at.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function examples(file: string): string[] {
	const text = readFileSync(join(root, file), "utf8");
	return [...text.matchAll(/--fault ([a-z][^\s`|]*)/g)].map((m) => m[1]!); // not `--fault SPEC`
}

test("the READMEs show --fault examples, and each one runs", async () => {
	const specs = [...examples("README.md"), ...examples("emulator/README.md")];
	assert.ok(specs.length >= 6, specs.join(" "));
	assert.ok(specs.includes("searching"), "the registration faults are examples too");
	for (const spec of specs) assert.match(await cliSession(["--network", "fast", "--fault", spec], [["ATE0\r", /OK/]]), /OK/, `--fault ${spec}`);
});
