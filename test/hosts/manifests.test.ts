// The manifests mcconfig builds from: every library module is listed by name and preloaded (mcconfig's
// preload wildcards match .js modules only, so "nbiot/at/*" would preload none of these .ts files), in
// the library's own manifest (what a user's app includes) and in the app's.
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
			else if (folder && name.endsWith(".ts") && !name.endsWith(".d.ts")) found.push(name.slice(0, -3));
		}
	};
	walk("");
	return found.sort();
}

for (const [path, prefix, base] of [["modules/manifest.json", "nbiot/", "./"], ["manifest.json", "modules/", "./modules/"]] as const) {
	test(`${path} names and preloads every library module, with no wildcard`, () => {
		const manifest = read(path);
		const expected = libraryModules().map((m) => `${prefix}${m}`);
		const modules = Object.keys(manifest.modules).filter((name) => name.startsWith(prefix));
		deepEqual(modules.sort(), expected);
		for (const m of libraryModules()) equal(manifest.modules[`${prefix}${m}`], `${base}${m}`);
		deepEqual(manifest.preload.filter((name: string) => name.startsWith(prefix)).sort(), expected);
		equal(manifest.preload.some((name: string) => name.includes("*")), false);
	});
}

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
