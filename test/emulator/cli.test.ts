// The command line: a pty a serial program can open, answering AT; SIGTERM stops it and removes the link,
// also when it is sent to `npx` (which runs the command through a shell); arguments are checked (a
// message, the usage, exit 2); --help on stdout, exit 0; the committed launcher is executable after any
// build; the default network profile is the one npm start uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, constants, existsSync, openSync, readFileSync, readdirSync, readSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_NETWORK } from "../../emulator/args.js";
import { cliSession } from "./at.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cli = join(root, "build", "emulator", "cli.js");
const bin = join(root, "bin", "bc660k-emulator.js");

function run(file: string, args: string[], node = true): Promise<{ code: number | null; out: string; err: string }> {
	return new Promise((resolve) => {
		const child = node ? spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] }) : spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
		let out = "", err = "";
		child.stdout.on("data", (d: Buffer) => (out += d));
		child.stderr.on("data", (d: Buffer) => (err += d));
		child.on("exit", (code) => resolve({ code, out, err }));
	});
}

function banner(child: ChildProcess): Promise<string> {
	return new Promise<string>((resolve, reject) => {
		let text = "";
		child.stdout!.on("data", (d: Buffer) => {
			text += d;
			if (text.includes("listening on")) resolve(text);
		});
		child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${text}`)));
	});
}

/** Processes whose command line names `word` (the unique pty path of a test). */
function processesNaming(word: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
		try {
			const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
			if (command.includes(word) && Number(pid) !== process.pid) found.push(`${pid}: ${command.slice(0, 80)}`);
		} catch {
			// gone meanwhile
		}
	}
	return found;
}

async function gone(path: string, ms = 5000): Promise<string[]> {
	const deadline = Date.now() + ms;
	let left = processesNaming(path);
	while ((left.length || existsSync(path)) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
		left = processesNaming(path);
	}
	return left;
}

test("bc660k-emulator --pty PATH answers AT over the pty and stops cleanly on SIGTERM", async () => {
	const path = join(tmpdir(), `bc660k-${process.pid}`);
	const child = spawn(process.execPath, [cli, "--pty", path], { stdio: ["ignore", "pipe", "inherit"] });
	assert.match(await banner(child), new RegExp(`listening on .*, ${DEFAULT_NETWORK} network`));
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
	assert.deepEqual(await gone(path), []);
});

test("SIGTERM to `npx bc660k-emulator --pty PATH` leaves no process behind and removes the link", async () => {
	const path = join(tmpdir(), `bc660k-npx-${process.pid}`);
	// ignore-scripts: npx links this package into its cache and would otherwise run `prepare` (a rebuild of build/ under the running tests)
	const npx = spawn("npx", ["--no-install", "bc660k-emulator", "--pty", path], {
		cwd: root,
		stdio: ["ignore", "pipe", "inherit"],
		env: { ...process.env, npm_config_ignore_scripts: "true", npm_config_offline: "true", npm_config_update_notifier: "false" },
	});
	await banner(npx);
	assert.ok(existsSync(path));
	assert.ok(processesNaming(path).length >= 2, processesNaming(path).join("\n"));
	npx.kill("SIGTERM");
	assert.deepEqual(await gone(path), []);
	assert.equal(existsSync(path), false, "the pty link is left behind");
});

test("its parent shell killed without passing the signal on (as npx's `sh -c` can be): it stops, the link removed", async () => {
	const path = join(tmpdir(), `bc660k-sh-${process.pid}`);
	// `; true` keeps sh from exec'ing node: sh stays the parent, dies of the SIGTERM, and forwards nothing.
	const sh = spawn("sh", ["-c", `"${process.execPath}" "${bin}" --pty "${path}"; true`], { stdio: ["ignore", "pipe", "inherit"] });
	await banner(sh);
	sh.kill("SIGTERM");
	assert.deepEqual(await gone(path), []);
	assert.equal(existsSync(path), false, "the pty link is left behind");
});

test("--help prints the usage on stdout and exits 0", async () => {
	const { code, out, err } = await run(cli, ["--help"]);
	assert.equal(code, 0, err);
	assert.match(out, /^usage: bc660k-emulator --pty PATH \| --tcp PORT/);
	assert.match(out, new RegExp(`default ${DEFAULT_NETWORK}`));
	assert.equal(err, "");
});

test("an unknown flag, a bad value or no --pty/--tcp: a message, the usage, exit 2, no stack trace", async () => {
	for (const [args, message] of [
		[["--pty", "/tmp/x", "--bogus"], /unknown option --bogus/],
		[["--tcp", "99999"], /--tcp 99999: not a TCP port/],
		[["--pty", "/tmp/x", "--network", "slow"], /--network slow: not a network profile/],
		[["--pty", "/tmp/x", "--baud", "abc"], /--baud abc: not a baud rate/],
		[["--pty", "/tmp/x", "--fault", "bogus"], /unknown fault "bogus"/],
		[["--pty", "/tmp/x", "--module", "bg96"], /--module bg96: not a module: bc660k or bg95/],
		[["--pty"], /--pty needs a value/],
		[[], /give one of --pty PATH or --tcp PORT/],
	] as const) {
		const { code, out, err } = await run(cli, [...args]);
		assert.equal(code, 2, `${args.join(" ")}: ${err}`);
		assert.match(err, message);
		assert.match(err, /usage: bc660k-emulator/);
		assert.doesNotMatch(err, /^\s+at /m, "a stack trace");
		assert.equal(out, "");
	}
});

test("the command is a committed launcher that stays executable after a build, and runs", async () => {
	assert.ok(statSync(bin).mode & 0o111, "bin/bc660k-emulator.js is not executable");
	let mode: string | undefined;
	try {
		mode = execFileSync("git", ["ls-files", "-s", "bin/bc660k-emulator.js"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
	} catch {
		// not a git checkout (an unpacked tarball): the file mode above is what counts
	}
	if (mode !== undefined) assert.match(mode, /^100755 /, "committed without its exec bit");
	const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
	assert.equal(manifest.bin["bc660k-emulator"], "bin/bc660k-emulator.js");
	const { code, out } = await run(bin, ["--help"], false); // executed directly, as npx does
	assert.equal(code, 0);
	assert.match(out, /usage: bc660k-emulator/);
});

test("--module bg95 makes it a BG95 (the default is the BC660K)", async () => {
	assert.match(await cliSession(["--network", "fast", "--module", "bg95"], [["AT+CGMM\r", /OK/]]), /BG95-M3\r\n\r\nOK/);
	assert.match(await cliSession(["--network", "fast"], [["AT+CGMM\r", /OK/]]), /Quectel_BC660K-GL\r\n\r\nOK/);
});

test("a URL written at once after `>` is kept; with --strict-prompt it is lost (the URL's time runs out: ERROR)", async () => {
	const steps: [string, RegExp][] = [["ATE0\r", /OK\r\n$/], ["AT+QHTTPURL=19,2\r", />$/], ["http://example.com/", /(OK|ERROR)\r\n$/]];
	assert.match(await cliSession(["--network", "fast"], steps), />\r\nOK\r\n$/);
	assert.match(await cliSession(["--network", "fast", "--strict-prompt"], steps), />\r\nERROR\r\n$/);
});
