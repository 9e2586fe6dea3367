// A Chat on the mock serial and a virtual timer, with a recording delegate: for the chat's edge cases.
import { Chat } from "../../modules/at/chat.js";
import { type ChatDelegate, type ChatOptions, Prompt } from "../../modules/at/exchange.js";
import { Token } from "../../modules/at/tokens.js";
import type { Tokenizer } from "../../modules/at/tokenizer.js";
import { MockSerial, type MockSerialOptions } from "../support/mock-serial.js";
import { ManualClock } from "../support/virtual-timer.js";
import { ClockTimer } from "../../hosts/xs/timer.js";
import { ascii } from "../support/mock-serial.js";
import { show } from "./transcript.js";

const RESULTS = ["OK", "ERROR", "CME", "TIMEOUT", "REBOOT", "CANCELLED", "CLOSED", "SERIAL"];

export function lineOf(tokenizer: Tokenizer): string {
	const b = tokenizer.bytes;
	if (tokenizer.kind === Token.INFO) return `+${show(b, tokenizer.nameStart, tokenizer.nameEnd)}: ${show(b, tokenizer.valueStart, tokenizer.valueEnd)}`;
	return show(b, tokenizer.start, tokenizer.end);
}

export class Rig {
	log: string[] = [];
	clock = new ManualClock();
	timer = new ClockTimer(this.clock);
	mock: MockSerial;
	chat: Chat;
	/** What onPrompt sends; undefined: it cancels. */
	data: string | undefined;
	terminator = -1;
	/** An open payload ends after this many bytes, as the layer that counts the response would say. */
	endAfter: number | undefined;
	/** The next exchange's data is counted: the module waits this long for it (Exchange.dataWait). */
	dataWait = 0;
	#taken = 0;
	delegate: ChatDelegate;

	constructor(serial: MockSerialOptions = {}, options: Partial<ChatOptions> = {}) {
		this.mock = new MockSerial(serial);
		const log = this.log;
		this.chat = new Chat({
			serial: { io: this.mock.io },
			timer: this.timer,
			onReboot: () => log.push("reboot"),
			onUrc: (_c, t) => log.push(`unsolicited ${lineOf(t)}`),
			onError: (_c, e) => log.push(`error ${(e as Error).message}`),
			...options,
		});
		const rig = this;
		this.delegate = {
			onInfo: (_c, t) => log.push(`info ${lineOf(t)}`),
			onPayload(_c, b, s, e) {
				const end = rig.endAfter;
				if (end === undefined || rig.#taken + e - s < end) {
					rig.#taken += e - s;
					log.push(`payload ${show(b, s, e)}`);
					return;
				}
				const n = end - rig.#taken;
				rig.#taken = 0;
				log.push(`payload ${show(b, s, s + n)}`);
				return n;
			},
			onPrompt(c) {
				log.push(`prompt at ${rig.clock.now()}`);
				if (rig.data === undefined) return c.cancel();
				const bytes = new Uint8Array(rig.data.length);
				for (let i = 0; i < bytes.length; i++) bytes[i] = rig.data.charCodeAt(i);
				c.sendData(bytes, 0, bytes.length, rig.terminator);
			},
			onDone: (_c, result, code) => log.push(`done ${RESULTS[result]}${result === 2 ? ` ${code}` : ""} at ${this.clock.now()}`),
		};
	}

	/** `prompt`: true is Prompt.MAY, false Prompt.NONE, or a PROMPT_* itself; `payload`: the prefix of the
	 *  line that announces a payload; `open`: it may come without a count. */
	send(command: string, timeout = 300, prompt: boolean | number = true, payload?: string, open = false): void {
		for (let i = 0; i < command.length; i++) this.chat.tx[i] = command.charCodeAt(i);
		const mode = prompt === true ? Prompt.MAY : prompt === false ? Prompt.NONE : prompt;
		this.chat.send(command.length, { prompt: mode, payload: payload === undefined ? undefined : ascii(payload), open, timeout, dataWait: this.dataWait }, this.delegate);
	}

	advance(ms: number): void {
		this.clock.advance(ms);
	}

	/** The log so far, emptied. */
	take(): string[] {
		return this.log.splice(0, this.log.length);
	}
}
