// `npm start` (hosts/xs/start.ts): main.ts in real XS against the emulator and the local servers, to the
// end, with the exit status a script can rely on; the AT trace; a failing step with its remedy; the
// message when --port is asked for without the optional serialport package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const start = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "hosts", "xs", "start.js");

function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [start, ...args], { stdio: ["ignore", "pipe", "pipe"] });
		let out = "", err = "";
		child.stdout.on("data", (d: Buffer) => (out += d));
		child.stderr.on("data", (d: Buffer) => (err += d));
		child.on("exit", (code) => resolve({ code, out, err }));
	});
}

test("npm start runs every step of main.ts in XS and exits 0", async () => {
	const { code, out, err } = await run("--network", "fast");
	assert.equal(code, 0, out + err);
	assert.match(out, /main\.ts in XS against the BC660K emulator/);
	assert.match(out, /GET http:\/\/127\.0\.0\.1:\d+\/json\n(?:.*\n)*? {2}200 OK, application\/json/);
	assert.match(out, /the server got \{"sensor":"t1","celsius":21\.5,"battery":3\.61\}/);
	assert.match(out, /\(HTTPS, CA verified\)\n {2}200 OK/);
	assert.match(out, /65536 \/ 65536 bytes \(100%\)/);
	assert.match(out, /all steps done/);
});

test("--trace shows the AT conversation; a module error fails its step with the remedy and exit 1", async () => {
	const { code, out } = await run("--network", "fast", "--trace", "--fault", "urc=714@QHTTPGET#1");
	assert.equal(code, 1, out);
	assert.match(out, /→ AT\+QHTTPURL=\d+,60/);
	assert.match(out, /← \+QHTTPGET: 714/);
	assert.match(out, /failed, 714 at QHTTPGET: .*DNS error.*Make sure the domain name is valid/);
	assert.match(out, /→ AT\+CGATT\?/, "the next request climbs the chapter-4 ladder first");
	assert.match(out, /1 step\(s\) failed/);
});

test("--port without the serialport package says how to install it (exit 2)", async () => {
	const { code, err } = await run("--port", "/dev/null-no-such-port");
	assert.equal(code, 2);
	assert.match(err, /npm install --no-save serialport/);
});
