// Each Moddable host entry imports only what its platform provides: a module a platform lacks links
// without complaint and aborts the app at startup (Moddable's Linux io set has no embedded:io/digital).
// Walks the import graph of every entry from the TypeScript sources and checks every non-relative
// specifier against the platform's list (test/hosts/provides/<platform>.txt, from the SDK's manifests).
import { test } from "node:test";
import { deepEqual, equal } from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function provided(platform: string): Set<string> {
	const text = readFileSync(join(root, "test/hosts/provides", `${platform}.txt`), "utf8");
	return new Set(text.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#")));
}

// Value imports only: `import type` and `export type` vanish when compiled.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm;

/** Every non-relative specifier reachable from `entry`, with the file that imports it. */
export function externalImports(entry: string): Map<string, string> {
	const found = new Map<string, string>();
	const seen = new Set<string>();
	const walk = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		const source = readFileSync(file, "utf8");
		for (const match of source.matchAll(IMPORT)) {
			const specifier = match[1]!;
			if (specifier.startsWith(".")) {
				const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
				if (!existsSync(target)) throw new Error(`${relative(root, file)}: ${specifier} not found`);
				walk(target);
			} else if (!found.has(specifier)) found.set(specifier, relative(root, file));
		}
	};
	walk(join(root, entry));
	return found;
}

for (const [platform, entry] of [["lin", "hosts/lin/main.ts"], ["esp32", "hosts/esp32/main.ts"]] as const) {
	test(`${entry} imports only what Moddable's ${platform} platform provides`, () => {
		const have = provided(platform);
		const missing = [...externalImports(entry)].filter(([specifier]) => !have.has(specifier)).map(([s, file]) => `${s} (in ${file})`);
		deepEqual(missing, []);
	});
}

test("the walk sees the platform imports (it is not vacuous)", () => {
	const lin = externalImports("hosts/lin/main.ts");
	equal(lin.has("embedded:io/serial") && lin.has("timer") && lin.has("mc/config"), true);
	equal(lin.has("embedded:io/digital"), false);
	equal(externalImports("hosts/esp32/main.ts").has("embedded:io/digital"), true);
	// The library itself imports no Moddable built-in: it runs in Node and xsnap too.
	for (const module of ["modules/http/client.ts", "modules/http/fetch.ts", "modules/http/download.ts", "modules/http/update.ts", "hosts/board.ts"]) {
		deepEqual([...externalImports(module).keys()], [], module);
	}
});

test("Moddable's Linux io set has no Digital: the list would catch today's mistake", () => {
	equal(provided("lin").has("embedded:io/digital"), false);
	equal(provided("esp32").has("embedded:io/digital"), true);
});

// The optional modules in the provides lists exist only because manifest.json includes the SDK manifest
// that brings them, for that platform: embedded:update's manifest errors "unsupported target" on lin.
const OPTIONAL: [specifier: string, include: string][] = [
	["crypt", "$(MODDABLE)/modules/crypt/digest/manifest.json"],
	["embedded:update", "$(MODDABLE)/modules/io/update/manifest.json"],
	["embedded:storage/flash", "$(MODDABLE)/modules/io/update/manifest.json"], // update's manifest includes flash's on esp32
];

function includes(platform: string): string[] {
	const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
	const own = manifest.platforms[platform]?.include ?? [];
	return [...manifest.include, ...(typeof own === "string" ? [own] : own)];
}

for (const platform of ["lin", "esp32"]) {
	test(`every optional module in provides/${platform}.txt comes with the manifest include that provides it, and only then`, () => {
		const have = provided(platform);
		const included = includes(platform);
		for (const [specifier, include] of OPTIONAL) equal(have.has(specifier), included.includes(include), `${specifier} on ${platform}`);
	});
}

test("embedded:update is the ESP32's only: its manifest is included for esp32 alone, and only the ESP32 entry imports it", () => {
	const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
	equal(manifest.include.includes(OPTIONAL[1]![1]), false);
	equal(provided("lin").has("embedded:update"), false);
	equal(externalImports("hosts/esp32/main.ts").has("embedded:update"), true);
	equal(externalImports("hosts/lin/main.ts").has("embedded:update"), false);
	// the native digest on both; the update module itself imports neither
	equal(externalImports("hosts/lin/main.ts").has("crypt"), true);
	deepEqual([...externalImports("modules/http/update.ts").keys()], []);
	equal(manifest.platforms.esp32.defines?.ota?.autosplit, 1, "OTA partitions for embedded:update");
});
