// Every TypeScript and JavaScript block of the documentation compiles, each as a module of its own:
// device code against the package's emitted .d.ts under the nbiot/ names and @moddable/typings, with
// the device/tsconfig.json a user extends; Node code (the emulator's API) against the package's own
// exports and Node's types. A sample that drifts from the API fails here with its page and line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { at, blocks, checkedPages, root, type Block } from "./markdown.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const CODE = ["ts", "typescript", "js", "javascript"];
// Node code imports the emulator or Node's modules; everything else runs on the device.
const isNode = (block: Block) => /from "(nbiot-http\/emulator|node:[^"]+)"/.test(block.text);

const samples = checkedPages().flatMap(blocks).filter((block) => CODE.includes(block.lang));

// Writes the blocks as files in a folder of the package (so "nbiot-http/…" resolves to the package
// itself), with a tsconfig, and compiles them; returns tsc's messages with each file's page and line.
function compile(kind: string, chosen: Block[], compilerOptions: object, extend?: string): string {
	const dir = join(root, "build", "docs-samples", kind);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const names = new Map<string, Block>();
	for (const block of chosen) {
		const name = `${block.file.replace(/[/.]/g, "_")}_${block.line}.${block.lang.startsWith("j") ? "js" : "ts"}`;
		writeFileSync(join(dir, name), `${block.text}\n`);
		names.set(name, block);
	}
	writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...(extend ? { extends: relative(dir, join(root, extend)) } : {}), compilerOptions, files: [...(extend ? [relative(dir, join(root, "device", "moddable.d.ts"))] : []), ...names.keys()] }));
	try {
		execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8", stdio: "pipe" });
		return "";
	} catch (error) {
		const out = String((error as { stdout?: string }).stdout ?? error);
		// file_md_12.ts(3,5): error … → docs/api.md:12 (+3): error …
		return out.replace(/^(?:\S*\/)?(\S+?)\((\d+),\d+\)/gm, (whole, name: string, line: string) => {
			const block = names.get(name);
			return block ? `${at(block)} (line ${line} of the block)` : whole;
		});
	}
}

test("the documentation has code samples on every page that promises them", () => {
	for (const page of ["README.md", "docs/api.md", "emulator/README.md"]) assert.ok(samples.some((b) => b.file === page), page);
});

test("device samples compile against the library's types and @moddable/typings (device/tsconfig.json)", () => {
	const device = samples.filter((block) => !isNode(block));
	assert.ok(device.length >= 5, `${device.length} device samples`);
	assert.equal(compile("device", device, { noEmit: true, allowJs: true, checkJs: true }, "device/tsconfig.json"), "");
});

test("Node samples (the emulator's API) compile against the package's exports and Node's types", () => {
	const node = samples.filter(isNode);
	assert.ok(node.length >= 1);
	const options = { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"], allowJs: true, checkJs: true };
	assert.equal(compile("node", node, options), "");
});
