// The device side compiles against @moddable/typings: the ESP32 and Linux hosts (hosts/tsconfig.json)
// and a user's module that imports the library by its manifest names through the emitted .d.ts
// (test/device/tsconfig.json). mcconfig's own tsc pass is the same check on a machine with the SDK.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

test("a user's module compiles against the library's .d.ts under the nbiot/ names, with the shipped device/tsconfig.json", () => {
	assert.equal(compile("test/device/tsconfig.json"), "");
});

test("the .d.ts users compile against shows only what they call: HTTPClient's constructor, request() and close()", () => {
	const dts = readFileSync(join(root, "build", "modules", "http", "client.d.ts"), "utf8");
	const body = /export declare class HTTPClient \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? "";
	const members = body.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("/**") && !line.startsWith("*"));
	assert.deepEqual(members.map((line) => /^(#private|constructor|\w+)/.exec(line)?.[1]), ["#private", "constructor", "request", "close"], body);
	assert.match(dts, /onDone\?\(this: HTTPRequest, error: ModemError \| null\): void;/);
});
