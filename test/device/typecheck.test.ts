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

// The members a declaration's body lists, doc comments aside.
function members(body: string): (string | undefined)[] {
	return body.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("/**") && !line.startsWith("*")).map((line) => /^(#private|constructor|\w+)/.exec(line)?.[1]);
}

test("the .d.ts users compile against shows only what they call: HTTPClient's constructor, request() and close(), a request's read() and write()", () => {
	const dts = readFileSync(join(root, "build", "modules", "http", "client.d.ts"), "utf8");
	const options = readFileSync(join(root, "build", "modules", "http", "options.d.ts"), "utf8"); // the types client.d.ts exports
	const body = /export declare class HTTPClient \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? "";
	assert.deepEqual(members(body), ["#private", "constructor", "request", "close"], body);
	assert.match(dts, /export type \{ HTTPClientOptions, HTTPRequest, RequestOptions, SecureOptions \} from "\.\/options\.js";/);
	assert.deepEqual([...new Set(members(/export interface HTTPRequest \{([^}]*)\}/.exec(options)?.[1] ?? ""))], ["read", "write"]);
	assert.match(options, /onDone\?\(this: HTTPRequest, error: ModemError \| null\): void;/);
	// none of the plumbing the modem drives
	for (const name of ["nextPacket", "packetSent", "onResult", "readRoom", "onData", "afterRead", "onFinish", "enqueue", "resume", "cancel", "buffers",
		"packet", "urlLength", "HttpJob", "Job", "Outgoing", "BodyRing", "limits"]) {
		assert.doesNotMatch(dts + options, new RegExp(`\\b${name}\\b`), name);
	}
});
