// The manifests mcconfig builds from: every library module is listed by name and preloaded (mcconfig's
// preload wildcards match .js modules only, so "nbiot/at/*" would preload none of these .ts files), in
// the library's own manifests (what a user's app includes: the core and its options) and in the app's.
import { test } from "node:test";
import { deepEqual, equal, match } from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const read = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));

// Every .ts below modules/, profiles' folders (quectel/bc660k/…) included.
function libraryModules(): string[] {
	const found: string[] = [];
	const walk = (folder: string) => {
		for (const entry of readdirSync(join(root, "modules", folder), { withFileTypes: true })) {
			const name = folder ? `${folder}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(name);
			else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) found.push(name.slice(0, -3));
		}
	};
	walk("");
	return found.sort();
}

test("manifest.json (the app's) names and preloads every library module, with no wildcard", () => {
	const manifest = read("manifest.json");
	const expected = libraryModules().map((m) => `modules/${m}`);
	deepEqual(Object.keys(manifest.modules).filter((name) => name.startsWith("modules/")).sort(), expected);
	for (const m of libraryModules()) equal(manifest.modules[`modules/${m}`], `./modules/${m}`);
	deepEqual(manifest.preload.filter((name: string) => name.startsWith("modules/")).sort(), expected);
	equal(manifest.preload.some((name: string) => name.includes("*")), false);
});

// The library's manifests: the core (modules/manifest.json) and the optional features an app includes
// only if it uses them, each including what it builds on.
const LIBRARY = ["manifest.json", "manifest_fetch.json", "manifest_download.json", "manifest_update.json", "manifest_bg95.json", "manifest_remedies.json"];

/** The modules (without "nbiot/") a library manifest brings, its includes' too. */
function brought(file: string): string[] {
	const manifest = read(`modules/${file}`);
	const own = Object.keys(manifest.modules).map((name) => name.slice("nbiot/".length));
	const included = ((manifest.include ?? []) as string[]).flatMap((path) => brought(path.replace(/^\.\//, "")));
	return [...new Set([...included, ...own])].sort();
}

/** The library modules a module's source imports, as module names. */
function importsOf(module: string): string[] {
	const source = readFileSync(join(root, "modules", `${module}.ts`), "utf8");
	const found: string[] = [];
	for (const [, spec] of source.matchAll(/^(?:import|export)[^"']*from "(\.[^"]+)\.js";/gm)) {
		found.push(join(dirname(module), spec!).replaceAll("\\", "/"));
	}
	return found;
}

test("the library's manifests name each module once, by path, preloaded, with no wildcard", () => {
	const named: string[] = [];
	for (const file of LIBRARY) {
		const manifest = read(`modules/${file}`);
		for (const [name, path] of Object.entries(manifest.modules)) {
			match(name, /^nbiot\//);
			equal(path, `./${name.slice("nbiot/".length)}`);
			named.push(name.slice("nbiot/".length));
		}
		deepEqual([...manifest.preload].sort(), Object.keys(manifest.modules).sort(), file);
	}
	deepEqual(named.sort(), libraryModules());
});

test("each library manifest brings every module its modules import: the core builds alone, an option with what it includes", () => {
	for (const file of LIBRARY) {
		const modules = brought(file);
		for (const m of modules) for (const dependency of importsOf(m)) equal(modules.includes(dependency), true, `${file}: ${m} imports ${dependency}`);
	}
	// The options are options: the core carries none of them.
	const core = brought("manifest.json");
	for (const option of ["http/fetch", "http/download", "http/sha256", "http/update", "quectel/bg95/profile", "remedies"]) equal(core.includes(option), false, option);
	deepEqual(brought("manifest_update.json").filter((m) => !core.includes(m)), ["http/download", "http/sha256", "http/update"]);
	// Another module's profile is its own manifest: the core has the BC660K's only.
	deepEqual(brought("manifest_bg95.json").filter((m) => !core.includes(m)), ["quectel/bg95/codes", "quectel/bg95/profile"]);
	equal(core.includes("quectel/bc660k/profile"), true);
});

test("manifest.json refuses platforms it cannot run on, naming the ones it can", () => {
	const platforms = read("manifest.json").platforms;
	deepEqual(Object.keys(platforms).sort(), ["...", "esp32", "lin"]);
	const message: string = platforms["..."].error;
	match(message, /esp32 and lin only/);
	match(message, /not x-cli-lin/);
});

test("the app's and the library's manifests raise the XS stack above Moddable's default of 384 slots", () => {
	// Measured on Moddable's Linux runtime: main.ts's first fetch (a client made inside an async step)
	// aborted with "JavaScript stack overflow" at 384 slots and ran at 448; 640 leaves room for the
	// caller's own depth. A user app that sets a smaller stack overrides it.
	for (const path of ["manifest.json", "modules/manifest.json"]) equal(read(path).creation.stack >= 640, true, path);
});

test("the apps that take modemModel=bg95 (the demo, the fetch example) carry the BG95's profile", () => {
	const demo = read("manifest.json");
	equal(demo.preload.includes("modules/quectel/bg95/profile"), true);
	const example = read("examples/moddable-fetch/manifest.json");
	equal(example.config.modemModel, "bc660k");
	equal((example.include as string[]).includes("../../modules/manifest_bg95.json"), true, "the example includes manifest_bg95.json");
});
