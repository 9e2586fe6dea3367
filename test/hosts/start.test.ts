// `npm start` (hosts/xs/start.ts): main.ts in real XS against the emulator and the local servers, to the
// end, with the exit status a script can rely on; the AT trace; a failing step with its remedy; the
// message when --port is asked for without the optional serialport package (or, with it installed, the
// port's own error); arguments checked (a message, the usage, exit 2); --help; the default network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_NETWORK } from "../../emulator/args.js";
import { runNode } from "../commands/spawn.js";

const start = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "hosts", "xs", "start.js");

const run = (...args: string[]) => runNode(start, args);
const runWith = (env: NodeJS.ProcessEnv, ...args: string[]) => runNode(start, args, env);

test("npm start runs every step of main.ts in XS and exits 0, with no tool on the PATH (the test CA is made in-process)", async () => {
	const { code, out, err } = await runWith({ ...process.env, PATH: join(tmpdir(), "no-such-bin") }, "--network", "fast");
	assert.doesNotMatch(out, /injected/);
	assert.equal(code, 0, out + err);
	assert.match(out, /main\.ts in XS against the BC660K emulator/);
	assert.match(out, /GET http:\/\/127\.0\.0\.1:\d+\/json\n(?:.*\n)*? {2}200 OK, application\/json/);
	assert.match(out, /the server got \{"sensor":"t1","celsius":21\.5,"battery":3\.61\}/);
	assert.match(out, /\(HTTPS, CA verified\)\n {2}200 OK/);
	assert.match(out, /65536 \/ 65536 bytes \(100%\)/);
	assert.match(out, /all steps done/);
});

test("--trace shows the AT conversation; an injected module error fails its step, said to be injected, with the remedy once, and exit 1", async () => {
	const { code, out } = await run("--network=fast", "--trace", "--fault=urc=714@QHTTPGET#1");
	assert.equal(code, 1, out);
	assert.match(out, /^injected faults: urc=714@QHTTPGET#1: the emulator fails on purpose/m);
	assert.match(out, /→ AT\+QHTTPURL=\d+,60/);
	assert.match(out, /← \+QHTTPGET: 714/);
	assert.match(out, /modem: QHTTPGET: HTTP\(S\) DNS error \(714\) after AT\+QHTTPGET=60,300\n/, "the modem's note says what happened");
	assert.match(out, /failed: QHTTPGET: .*DNS error.*Make sure the domain name is valid/);
	assert.equal(out.split("Make sure the domain name is valid").length, 2, "the remedy is printed once");
	assert.match(out, /the failure was injected/);
	assert.match(out, /→ AT\+CGATT\?/, "the next request climbs the chapter-4 ladder first");
	assert.match(out, /1 step\(s\) failed/);
});

async function hasSerialport(): Promise<boolean> {
	try {
		await import("serialport" as string);
		return true;
	} catch {
		return false;
	}
}

test("--port: without the serialport package, how to install it; with it, the port's error (exit 2 either way)", async () => {
	const { code, err } = await run("--port", "/dev/null-no-such-port");
	assert.equal(code, 2, err);
	if (await hasSerialport()) assert.match(err, /--port \/dev\/null-no-such-port: /);
	else assert.match(err, /npm install --no-save serialport/);
});

test("--help prints the usage on stdout and exits 0", async () => {
	const { code, out, err } = await run("--help");
	assert.equal(code, 0, err);
	assert.match(out, /^usage: npm start/);
	assert.match(out, new RegExp(`default ${DEFAULT_NETWORK}`));
});

test("an unknown flag or a bad value: a message, the usage, exit 2, before anything starts", async () => {
	for (const [args, message] of [
		[["--fault", "bogus"], /unknown fault "bogus"/],
		[["--network", "slow"], /--network slow: not a network profile/],
		[["--network=slow"], /--network slow: not a network profile/],
		[["--trace=yes"], /--trace takes no value/],
		[["--seed", "1", "--seed", "2"], /--seed is given twice/],
		[["--baud", "abc"], /--baud abc: not a baud rate/],
		[["--bogus"], /unknown option --bogus/],
		[["--fault"], /--fault needs a value/],
		[["--port", "/dev/x", "--fault", "silent@AT"], /--fault is for the emulator/],
		[["--http", "http://example.com"], /--http goes with --port/],
	] as const) {
		const { code, out, err } = await run(...args);
		assert.equal(code, 2, `${args.join(" ")}: ${out}${err}`);
		assert.match(err, message);
		assert.match(err, /usage: npm start/);
		assert.doesNotMatch(out, /main\.ts in XS/, "it started anyway");
	}
});

test("npm start and the emulator's command share one default network profile", async () => {
	assert.equal(DEFAULT_NETWORK, "nbiot");
	const child = spawn(process.execPath, [start], { stdio: ["ignore", "pipe", "pipe"] });
	const line = await new Promise<string>((resolve) => {
		let out = "";
		child.stdout.on("data", (d: Buffer) => {
			out += d;
			if (out.includes("\n")) resolve(out);
		});
	});
	const exited = new Promise((resolve) => child.once("exit", resolve));
	child.kill("SIGTERM");
	await exited;
	assert.match(line, new RegExp(`\\(${DEFAULT_NETWORK} network,`));
});
