// The package as npm and Moddable users expect it: a license, exports and types, a pack that holds the
// library sources, manifests, built types, the emulator, the README and docs (and no tests), and a lock
// file in step with package.json. Moddable's mcpack (SDK tools/mcpack.js) includes an installed
// package's root manifest.json in the app it builds, and resolves only exports without a `*` (8.2.3's
// pattern branch calls PACKAGE_TARGET_RESOLVE without `this.` and throws): so the pack has no root
// manifest.json (the repository's is the demo app's), the stack the library needs comes from
// package.json's moddable.manifest, and every public module has an export of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

test("package.json: MIT with its LICENSE, not private, exports, types, files, bin and engines", () => {
	assert.equal(manifest.license, "MIT");
	assert.match(readFileSync(join(root, "LICENSE"), "utf8"), /^MIT License/);
	assert.equal(manifest.private, undefined);
	assert.equal(manifest.types, "./build/modules/http/client.d.ts");
	for (const key of [".", "./http/*", "./quectel/*", "./at/*", "./emulator", "./manifest.json", "./device/tsconfig.json"]) assert.ok(manifest.exports[key], key);
	assert.ok(Array.isArray(manifest.files) && manifest.files.length > 0);
	assert.ok(manifest.engines.node);
});

test("for mcpack: the library's stack in moddable.manifest, and an export without `*` for each public module", () => {
	const library = JSON.parse(readFileSync(join(root, "modules", "manifest.json"), "utf8"));
	assert.deepEqual(manifest.moddable, { manifest: { creation: { stack: library.creation.stack } } });
	for (const path of ["quectel/modem", "quectel/errors", "http/client", "http/fetch", "http/download", "http/update", "quectel/bg95/profile", "remedies"]) {
		assert.equal(manifest.exports[`./${path}`]?.default, `./build/modules/${path}.js`, path);
	}
});

test("the exports resolve to the built modules (a package importing itself by name)", async () => {
	const { createFetch } = await import("nbiot-http/http/fetch" as string);
	assert.equal(typeof createFetch, "function");
	const { HTTPClient } = await import("nbiot-http" as string);
	assert.equal(typeof HTTPClient, "function");
	const { Emulator } = await import("nbiot-http/emulator" as string);
	assert.equal(typeof Emulator, "function");
	for (const key of ["./manifest.json", "./manifest_fetch.json", "./manifest_download.json", "./manifest_update.json", "./manifest_bg95.json", "./manifest_remedies.json", "./device/tsconfig.json"]) assert.ok(existsSync(join(root, manifest.exports[key])), key);
});

test("npm pack holds the sources, manifests, built types, the emulator and the README, and no tests", () => {
	const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
	const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
	for (const path of ["README.md", "LICENSE", "package.json", "modules/manifest.json", "modules/manifest_update.json", "modules/http/client.ts", "modules/quectel/modem.ts",
		"build/modules/http/client.d.ts", "build/modules/http/client.js", "build/emulator/cli.js", "build/emulator/index.js", "build/emulator/servers-cli.js", "bin/bc660k-emulator.js", "bin/nbiot-servers.js", "bin/launch.js",
		"device/tsconfig.json", "device/moddable.d.ts", "hosts/board.ts", "emulator/README.md", "docs/api.md"]) {
		assert.ok(files.includes(path), `${path} is not in the pack`);
	}
	for (const path of ["manifest.json", "main.ts", "hosts/lin/main.ts"]) assert.ok(!files.includes(path), `${path}, the demo app's, would land in a user's app through mcpack`);
	assert.deepEqual(files.filter((p) => p.startsWith("test/") || p.startsWith("build/test/") || p.startsWith("bench/") || p.endsWith(".map")), []);
	assert.ok(files.length < 300, `${files.length} files`); // about three a module (source, code, types), the emulator's many small ones: a bound on what slips in
});

test("the lock file's root is in step with package.json", () => {
	const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
	const own = lock.packages[""];
	assert.equal(lock.name, manifest.name);
	assert.equal(own.version, manifest.version);
	assert.deepEqual(own.bin, manifest.bin);
	assert.deepEqual(own.engines, manifest.engines);
	assert.equal(own.license, manifest.license);
	assert.deepEqual(own.devDependencies, manifest.devDependencies);
	assert.deepEqual(own.dependencies, manifest.dependencies);
});
