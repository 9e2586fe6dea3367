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
