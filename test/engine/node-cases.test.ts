// Node side of "one suite, two engines": imports every portable case file and hands its cases
// to Node's own test runner, one describe() per file.
import { describe, it } from "node:test";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { runCase, takeCases } from "../harness.js";
import { findFiles, selected, testRoot } from "./files.js";
import { installWorld } from "../support/world.js";
import { openNodeWorld } from "../support/node-world.js";

installWorld(openNodeWorld);

for (const file of findFiles(".case.js").filter(selected)) {
	await import(pathToFileURL(file).href);
	const cases = takeCases();
	describe(relative(testRoot, file), () => {
		for (const c of cases) it(c.name, () => runCase(c));
	});
}
