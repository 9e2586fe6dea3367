// The documentation as a user meets it: a front page of at most 300 lines; links that open (files of the
// repository, and of the package when the page is in it); no reference a user cannot follow (issue
// numbers, internal notes); every error code of the code tables on the errors page; JSON blocks that
// parse, with the manifest paths they name present in the package; shell blocks that are valid bash, whose
// npm scripts and commands exist, and that run (from the repository, without the Moddable SDK) unless
// tagged `no-run`, which only a block that needs the SDK, hardware or the install itself may be.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join, normalize } from "node:path";
import { tmpdir } from "node:os";
import { at, blocks, checkedPages, root, userPages, type Block } from "./markdown.js";
import { CODES } from "../../modules/quectel/bc660k/codes.js";
import { CODES as BG95_CODES } from "../../modules/quectel/bg95/codes.js";
import { CORE_CODES } from "../../modules/quectel/codes.js";
import { HTTP_CODES } from "../../modules/http/codes.js";
import { DOWNLOAD_CODES } from "../../modules/http/download.js";
import { remedy } from "../../modules/remedies.js";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; bin: Record<string, string>; files: string[] };
const read = (file: string) => readFileSync(join(root, file), "utf8");
const inPack = (path: string) => ["package.json", "README.md", "LICENSE"].includes(path) || pkg.files.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry));

test("the README is a front page of at most 300 lines, and every docs/ page is linked from it", () => {
	const readme = read("README.md");
	const lines = readme.split("\n").length - 1;
	assert.ok(lines <= 300, `README.md has ${lines} lines`);
	for (const page of userPages().filter((p) => p.startsWith("docs/"))) assert.ok(readme.includes(`](${page})`), `${page} is not linked from the README`);
});

test("links open: each relative link names a file of the repository, in the package too", () => {
	for (const page of checkedPages()) {
		for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
			if (/^[a-z]+:/.test(target!) || target!.startsWith("#")) continue;
			const path = normalize(join(dirname(page), target!.split("#")[0]!));
			assert.ok(existsSync(join(root, path)), `${page}: ${target} does not exist`);
			if (inPack(page)) assert.ok(inPack(path), `${page}: ${target} is not in the package the page ships in`);
		}
	}
});

test("no reference a user cannot open: issue numbers, internal notes, the specification folder", () => {
	for (const page of userPages()) {
		const text = read(page);
		for (const pattern of [/\bissues? #?\d+/i, /FIELD-NOTES/, /spec(ification)? folder/i, /\/work\//]) assert.doesNotMatch(text, pattern, page);
	}
});

test("the errors page has every code of the library's tables, with its meaning and remedy()'s text", () => {
	const page = read("docs/errors.md");
	const bg95 = page.slice(page.indexOf("## The BG95"));
	const bc660k = page.slice(0, page.indexOf("## The BG95"));
	for (const [code, meaning] of CODES) assert.ok(bc660k.includes(`| ${code} | ${meaning} | ${remedy(code)} |`), `${code} ${meaning}: ${remedy(code)}`);
	for (const [code, meaning] of [...CORE_CODES, ...HTTP_CODES, ...DOWNLOAD_CODES]) {
		assert.ok(page.includes(`| ${code} | ${meaning} | ${remedy(code)} |`), `${code} ${meaning}: ${remedy(code)}`);
	}
	for (const [code, meaning] of BG95_CODES) assert.ok(bg95.includes(`| ${code} | ${meaning} | ${remedy(code, "bg95")} |`), `BG95 ${code} ${meaning}`);
});

const all = checkedPages().flatMap(blocks);

test("JSON blocks parse; the manifests and configs they include are in the package", () => {
	const json = all.filter((b) => b.lang === "json");
	assert.ok(json.length >= 3);
	for (const block of json) {
		let data: { include?: string[]; extends?: string };
		try {
			data = JSON.parse(block.text);
		} catch (error) {
			assert.fail(`${at(block)}: ${(error as Error).message}`);
		}
		// An app's manifest names the package as ./node_modules/nbiot-http/…; a tsconfig extends nbiot-http/….
		const named = [...(data.include ?? []), ...(data.extends ? [data.extends] : [])].filter((p) => p.includes("nbiot-http/"));
		for (const path of named) {
			const inPackage = path.slice(path.indexOf("nbiot-http/") + "nbiot-http/".length);
			assert.ok(existsSync(join(root, inPackage)) && inPack(inPackage), `${at(block)}: ${path} is not in the package`);
		}
	}
});

const SHELL = ["sh", "bash", "shell"];
// What makes a block impossible to run in the tests: the Moddable SDK, hardware, installing or packing
// this package, its whole test suite, the full reliability runs (minutes to hours), or a server that runs
// until it is stopped.
const NEEDS = /\b(mcconfig|mcpack|mcrun|xvfb-run)\b|\$MODDABLE|\/dev\/tty|npm (install|ci|test|pack|rebuild)\b|npm run (fuzz|soak)\b|git clone|npx (bc660k-emulator --(pty|tcp)|nbiot-servers --(ca|http))/;

test("shell blocks are valid bash; npm scripts and npx commands they name exist; no-run only where needed", () => {
	const shell = all.filter((b) => SHELL.includes(b.lang));
	assert.ok(shell.length >= 5);
	for (const block of shell) {
		execFileSync("bash", ["-n"], { input: block.text });
		for (const [, script] of block.text.matchAll(/\bnpm run ([\w:-]+)/g)) assert.ok(pkg.scripts[script!], `${at(block)}: no npm script ${script}`);
		for (const [, command] of block.text.matchAll(/\bnpx (?:--\S+ )*([\w-]+)/g)) assert.ok(pkg.bin[command!], `${at(block)}: npx ${command} is not this package's command`);
		if (block.tags.includes("no-run")) assert.match(block.text, NEEDS, `${at(block)} is tagged no-run but needs neither the SDK nor hardware: let it run`);
	}
});

// This package's commands on the PATH, as they are for a user who installed it: npx inside the package
// itself finds its own bins only in some npm states.
const bins = mkdtempSync(join(tmpdir(), "nbiot-bin-"));
for (const [name, file] of Object.entries(pkg.bin as Record<string, string>)) symlinkSync(join(root, file), join(bins, name));
const env = { ...process.env, PATH: `${bins}${delimiter}${process.env.PATH}` };

function runBlock(block: Block): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		// its own process group, so that what it leaves in the background is stopped with it
		const child = spawn("bash", ["-euo", "pipefail", "-c", block.text], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		child.stdout.on("data", (d: Buffer) => (output += d));
		child.stderr.on("data", (d: Buffer) => (output += d));
		const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 180_000);
		child.on("exit", (code) => {
			clearTimeout(timer);
			try {
				process.kill(-child.pid!, "SIGTERM");
			} catch {
				// the group is gone already
			}
			resolve({ code, output });
		});
	});
}

for (const block of all.filter((b) => SHELL.includes(b.lang) && !b.tags.includes("no-run"))) {
	test(`${at(block)} runs: ${block.text.split("\n")[0]}`, async () => {
		const { code, output } = await runBlock(block);
		assert.equal(code, 0, `${at(block)}\n${block.text}\n--- output:\n${output.slice(-3000)}`);
	});
}
