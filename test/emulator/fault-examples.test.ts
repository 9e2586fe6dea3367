// Every `--fault` example of README.md and emulator/README.md runs: the emulator's command line starts
// with it and answers AT (a README cannot advertise a fault the language refuses).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cli = join(root, "build", "emulator", "cli.js");

function examples(file: string): string[] {
	const text = readFileSync(join(root, file), "utf8");
	return [...text.matchAll(/--fault ([a-z][^\s`|]*)/g)].map((m) => m[1]!); // not `--fault SPEC`
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

// Starts the command line with the fault, sends AT over TCP, and stops it; returns what it answered.
async function answerWith(spec: string): Promise<string> {
	const port = await freePort();
	const child = spawn(process.execPath, [cli, "--tcp", String(port), "--network", "fast", "--fault", spec], { stdio: ["ignore", "pipe", "pipe"] });
	let err = "";
	child.stderr.on("data", (d: Buffer) => (err += d));
	const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
	try {
		await new Promise<void>((resolve, reject) => {
			child.stdout.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
			child.once("exit", (code) => reject(new Error(`--fault ${spec}: exited with ${code}: ${err}`)));
		});
		const socket = connect(port, "127.0.0.1");
		let text = "";
		socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
		socket.write("ATE0\r");
		const deadline = Date.now() + 5000;
		while (!text.includes("OK") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		socket.destroy();
		return text;
	} finally {
		child.kill("SIGTERM");
		await exited;
	}
}

test("the READMEs show --fault examples, and each one runs", async () => {
	const specs = [...examples("README.md"), ...examples("emulator/README.md")];
	assert.ok(specs.length >= 6, specs.join(" "));
	assert.ok(specs.includes("searching"), "the registration faults are examples too");
	for (const spec of specs) assert.match(await answerWith(spec), /OK/, `--fault ${spec}`);
});
