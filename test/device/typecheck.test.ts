// The device side compiles against @moddable/typings: the ESP32 and Linux hosts (hosts/tsconfig.json)
// and a user's module that imports the library by its manifest names through the emitted .d.ts
// (test/device/tsconfig.json). mcconfig's own tsc pass is the same check on a machine with the SDK.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function compile(project: string): string {
	try {
		execFileSync(process.execPath, [tsc, "-p", join(root, project)], { encoding: "utf8", stdio: "pipe" });
		return "";
	} catch (error) {
		return String((error as { stdout?: string }).stdout ?? error);
	}
}

test("hosts/esp32 and hosts/lin type-check against Moddable's typings", () => {
	assert.equal(compile("hosts/tsconfig.json"), "");
});

test("a user's module compiles against the library's .d.ts under the nbiot/ names", () => {
	assert.equal(compile("test/device/tsconfig.json"), "");
});
