// Talks to the emulator as a terminal would: a command line in, the module's text out.
import assert from "node:assert/strict";
import { Emulator, VirtualClock, type EmulatorOptions } from "../../emulator/index.js";

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
