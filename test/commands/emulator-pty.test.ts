// bc660k-emulator --pty, what a user gets wrong: a path a running emulator holds is refused (the first
// keeps its link), a path in a missing folder or a file that is not a link is named, python3 missing is
// said with what to do; no Python traceback, no stack; `--network=fast` is the same as `--network fast`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { printed, runNode } from "./spawn.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "emulator", "cli.js");

const run = (args: string[], env = process.env) => runNode(cli, args, env);

const noTrace = (text: string) => assert.doesNotMatch(text, /Traceback|^\s+at /m, text);

test("a pty path a running emulator holds is refused, and the running one keeps it", async (t) => {
	const path = join(tmpdir(), `bc660k-taken-${process.pid}`);
	const first = spawn(process.execPath, [cli, "--pty", path, "--network=fast"], { stdio: ["ignore", "pipe", "inherit"] });
	t.after(() => first.kill("SIGTERM"));
	assert.match(await printed(first, "listening on"), /, fast network/);
	const target = readlinkSync(path);
	const second = await run(["--pty", path]);
	assert.equal(second.code, 2, second.err);
	assert.match(second.err, new RegExp(`--pty ${path}: is taken: it links to ${target}, a pty still open`));
	noTrace(second.err);
	assert.equal(readlinkSync(path), target, "the first emulator lost its link");
});

test("a path in a missing folder, or a file that is not a pty link: named, exit 2, nothing replaced", async (t) => {
	const missing = await run(["--pty", join(tmpdir(), "no-such-folder", "bc660k")]);
	assert.equal(missing.code, 2);
	assert.match(missing.err, /the folder .*no-such-folder does not exist/);
	noTrace(missing.err);
	const file = join(tmpdir(), `bc660k-file-${process.pid}`);
	writeFileSync(file, "mine");
	t.after(() => rmSync(file, { force: true }));
	const taken = await run(["--pty", file]);
	assert.equal(taken.code, 2);
	assert.match(taken.err, /exists and is not a pty link/);
	assert.ok(existsSync(file));
});

test("without python3 on the PATH: what it is for and what to do, exit 1", async () => {
	const { code, err } = await run(["--pty", join(tmpdir(), `bc660k-nopy-${process.pid}`)], { ...process.env, PATH: join(tmpdir(), "no-such-bin") });
	assert.equal(code, 1, err);
	assert.match(err, /--pty needs python3 on the PATH .*install python3 .*or use --tcp PORT/);
	noTrace(err);
});
