// The command line: a pty a serial program can open, answering AT; SIGTERM stops it and removes the link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, constants, existsSync, openSync, readSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "emulator", "cli.js");

test("bc660k-emulator --pty PATH answers AT over the pty and stops cleanly on SIGTERM", async () => {
	const path = join(tmpdir(), `bc660k-${process.pid}`);
	const child = spawn(process.execPath, [cli, "--pty", path], { stdio: ["ignore", "pipe", "inherit"] });
	const banner = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString())));
	assert.match(banner, /listening on/);
	const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
	try {
		writeSync(fd, "ATE0\r");
		let text = "";
		const buffer = Buffer.alloc(256);
		const deadline = Date.now() + 5000;
		while (!text.includes("OK\r\n") && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 50));
			try {
				const n = readSync(fd, buffer, 0, buffer.length, null);
				text += buffer.subarray(0, n).toString("latin1");
			} catch {
				// nothing yet (EAGAIN)
			}
		}
		assert.match(text, /OK\r\n/);
	} finally {
		closeSync(fd);
	}
	const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
	child.kill("SIGTERM");
	assert.equal(await exited, 0);
	assert.equal(existsSync(path), false);
});
