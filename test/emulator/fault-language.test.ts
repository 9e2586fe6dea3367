// The fault language is strict wherever a spec comes from: unknown kinds and commands, a missing or
// needless @COMMAND or value, a rate above 1 are refused by the parse with what is known; the command
// line prints that and exits 2; the registration faults are part of the language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseFaults } from "../../emulator/faults.js";
import { Emulator, VirtualClock } from "../../emulator/index.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "emulator", "cli.js");

test("parseFaults refuses what the language does not know, naming what it does", () => {
	for (const [spec, message] of [
		["urc=714@QHTTGET", /unknown command "QHTTGET" in fault "urc=714@QHTTGET" \(known: AT, ATE, ATI, .*QHTTPGET, /],
		["cme=714", /bad fault "cme=714": cme needs @COMMAND; write cme=<n>@<COMMAND>\[#n\]/],
		["bogus", /unknown fault "bogus" \(known: cme, urc, silent, .*coverage-back; see emulator\/README.md\)/],
		["stall@QHTTPGET", /stall takes no @COMMAND/],
		["silent=5@AT", /silent takes no value/],
		["late@QHTTPGET", /late needs a value/],
		["drop-rx=2", /a rate is between 0 and 1/],
		["truncate", /truncate needs a value/],
		["cme=x@AT", /bad fault "cme=x@AT": write cme=<n>@<COMMAND>\[#n\]/],
	] as const) {
		assert.throws(() => parseFaults(spec), message, spec);
		assert.throws(() => new Emulator({ clock: new VirtualClock(), faults: spec }), message, `${spec} in the constructor`);
		assert.throws(() => new Emulator({ clock: new VirtualClock() }).inject(spec), message, `${spec} given later`);
	}
});

test("parseFaults takes every kind in its shape, the registration faults included", () => {
	const faults = parseFaults("cme=714@QHTTPGET#1 urc=702@AT+QHTTPPOST;silent@ATE late=300@CEREG drop-rx=.002 searching denied=15 coverage-lost coverage-back=5000 stall truncate=100");
	assert.deepEqual(faults.map((f) => [f.kind, f.value, f.command, f.nth]), [
		["cme", 714, "QHTTPGET", 1], ["urc", 702, "QHTTPPOST", 0], ["silent", 0, "ATE", 0], ["late", 300, "CEREG", 0], ["drop-rx", 0.002, undefined, 0],
		["searching", 0, undefined, 0], ["denied", 15, undefined, 0], ["coverage-lost", 0, undefined, 0], ["coverage-back", 5000, undefined, 0],
		["stall", 0, undefined, 0], ["truncate", 100, undefined, 0],
	]);
});

function run(args: string[]): Promise<{ code: number | null; err: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "pipe"] });
		let err = "";
		child.stderr.on("data", (d: Buffer) => (err += d));
		child.on("exit", (code) => resolve({ code, err }));
	});
}

test("the command line refuses urc=714@QHTTGET and cme=714 with the parse's message, exit 2", async () => {
	for (const [spec, message] of [["urc=714@QHTTGET", /unknown command "QHTTGET"/], ["cme=714", /cme needs @COMMAND/]] as const) {
		const { code, err } = await run(["--tcp", "7999", "--fault", spec]);
		assert.equal(code, 2, err);
		assert.match(err, message);
		assert.match(err, /usage: bc660k-emulator/);
	}
});
