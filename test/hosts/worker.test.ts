// The XS engine's worker is found where @agoric/xsnap builds it for the OS it runs on (Moddable's
// platform names: lin, mac), and its absence is a message that says what to do, not a spawn ENOENT.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkerMissing, workerBinary } from "../../hosts/xs/worker.js";

function fakePackage(platform: string): string {
	const dir = mkdtempSync(join(tmpdir(), "xsnap-"));
	const bin = join(dir, "xsnap-native", "xsnap", "build", "bin", platform, "release");
	mkdirSync(bin, { recursive: true });
	writeFileSync(join(bin, "xsnap-worker"), "");
	return dir;
}

test("Linux finds the lin build and macOS the mac build", (t) => {
	for (const [os, platform] of [["Linux", "lin"], ["Darwin", "mac"]] as const) {
		const dir = fakePackage(platform);
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		assert.equal(workerBinary(os, dir), join(dir, "xsnap-native", "xsnap", "build", "bin", platform, "release", "xsnap-worker"));
	}
});

test("a worker that was not built: how to build it", (t) => {
	const dir = fakePackage("lin");
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	assert.throws(() => workerBinary("Darwin", dir), (error: Error) => error instanceof WorkerMissing && /bin\/mac\/release\/xsnap-worker is missing.*npm rebuild @agoric\/xsnap/.test(error.message));
});

test("an OS xsnap does not build for is named", () => {
	assert.throws(() => workerBinary("Windows_NT", join(tmpdir(), "no-such-package")), (error: Error) => error instanceof WorkerMissing && /Linux and macOS only, not for Windows_NT/.test(error.message));
});

test("on this machine the installed worker is found", () => {
	assert.ok(existsSync(workerBinary()));
});
