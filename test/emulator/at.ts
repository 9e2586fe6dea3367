// Talks to the emulator as a terminal would: a command line in, the module's text out.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Emulator, VirtualClock, type EmulatorOptions } from "../../emulator/index.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "emulator", "cli.js");

export class Terminal {
	clock = new VirtualClock();
	emulator: Emulator;
	output = "";

	constructor(options: EmulatorOptions = {}) {
		this.emulator = new Emulator({ clock: this.clock, boot: false, echo: false, ...options });
		this.emulator.onOutput = (bytes) => {
			this.output += Buffer.from(bytes).toString("latin1");
		};
	}

	/** Sends text and lets `ms` of virtual time pass; returns what the module said meanwhile. */
	async say(text: string, ms = 200): Promise<string> {
		this.output = "";
		this.emulator.input(Buffer.from(text, "latin1"));
		await this.emulator.runFor(ms);
		return this.output;
	}

	/** Waits until the output contains `pattern`. */
	async until(pattern: RegExp, ms = 60000): Promise<string> {
		await this.emulator.runUntil(() => pattern.test(this.output), ms);
		return this.output;
	}
}

export const OK = "\r\nOK\r\n";
export const ERROR = "\r\nERROR\r\n";

/** An information line and its OK, as the module prints them. */
export const info = (line: string) => `\r\n${line}\r\n${OK}`;

/** AT+QHTTPURL with its data: the prompt, then OK. */
export async function setUrl(t: Terminal, url: string): Promise<void> {
	assert.equal(await t.say(`AT+QHTTPURL=${url.length},80\r`), "\r\n>");
	assert.equal(await t.say(url, 100), OK);
}

export interface Row {
	line: string;
	name: string;
	chapter: string;
	forms: { test: boolean; read: boolean; write: string | undefined; execute: boolean };
}

/** The rows of a README command table (the one after `heading`). */
export function commandTable(text: string, heading: string): Row[] {
	const start = text.indexOf(heading);
	assert.ok(start >= 0, `no "${heading}" in the README`);
	const rows: Row[] = [];
	for (const line of text.slice(start).split("\n").slice(1)) {
		if (!line.startsWith("|")) {
			if (rows.length) break;
			continue;
		}
		const m = /^\| `(AT[^`]*)` \| ([^|]+?) \| (✓|–) \| (✓|–) \| (?:`([^`]*)`|–) \| (✓|–) \|$/.exec(line);
		if (!m) continue; // the header and its rule
		const command = m[1]!;
		rows.push({
			line: command, name: command.startsWith("AT+") ? command.slice(3) : command, chapter: m[2]!,
			forms: { test: m[3] === "✓", read: m[4] === "✓", write: m[5], execute: m[6] === "✓" },
		});
	}
	return rows;
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Starts the command line on a free TCP port with `args`; sends each step's text as soon as what came back
 *  matches the step before's pattern (each waits up to 5 s); returns all that came back; then stops it. */
export async function cliSession(args: string[], steps: [text: string, until: RegExp][]): Promise<string> {
	const port = await freePort();
	const child = spawn(process.execPath, [cli, "--tcp", String(port), ...args], { stdio: ["ignore", "pipe", "pipe"] });
	let err = "";
	child.stderr.on("data", (d: Buffer) => (err += d));
	const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
	try {
		await new Promise<void>((resolve, reject) => {
			child.stdout.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
			child.once("exit", (code) => reject(new Error(`${args.join(" ")}: exited with ${code}: ${err}`)));
		});
		const socket = connect(port, "127.0.0.1");
		let answer = "";
		socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
		for (const [text, until] of steps) {
			socket.write(text);
			const deadline = Date.now() + 5000;
			while (!until.test(answer) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
		}
		socket.destroy();
		return answer;
	} finally {
		child.kill("SIGTERM");
		await exited;
	}
}
