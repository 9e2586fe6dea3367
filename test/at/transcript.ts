// Replays a module transcript through a Chat over the mock serial and records what the chat reports
// as a log of lines, so one golden log checks every split of the module's output. The log holds the
// bytes as they are, one code unit each, as the goldens write them (manual-*.golden.json).
//
// An exchange is what the host sends and what the module answers: the command line, the module's reply
// (echo, lines, `>`), and for data mode the data the host must send after `>` and the module's answer
// to it. Replies are delivered in pieces of `chunk` bytes, read at most `readLimit` at a time.
import { Chat } from "../../modules/at/chat.js";
import { type ChatDelegate, Prompt } from "../../modules/at/exchange.js";
import type { Tokenizer } from "../../modules/at/tokenizer.js";
import { Token } from "../../modules/at/tokens.js";
import { asciiText } from "../../modules/quectel/command.js";
import { ascii, MockSerial } from "../support/mock-serial.js";
import { ManualClock } from "../support/virtual-timer.js";
import { ClockTimer } from "../../hosts/xs/timer.js";

export const SPLITS = [1, 2, 7, 128, Infinity];
const RESULTS = ["OK", "ERROR", "CME", "TIMEOUT", "REBOOT", "CANCELLED", "CLOSED"];

export interface Exchange {
	command: string;
	reply: string;
	data?: string;
	terminator?: number;
	dataReply?: string;
	timeout?: number;
	/** The name of the line that announces a counted payload in the reply (e.g. "QHTTPREAD"). */
	payload?: string;
}

export interface Transcript {
	/** Module output before the first command (boot banner, URCs). */
	banner?: string;
	exchanges: Exchange[];
	/** Module output after the last exchange (late URCs). */
	after?: string;
	/** URC names given a handler. */
	urcs?: string[];
	echo?: boolean;
}

export interface Replay {
	log: string[];
	chat: Chat;
	mock: MockSerial;
	clock: ManualClock;
	timer: ClockTimer;
}

export function show(bytes: Uint8Array, start: number, end: number): string {
	let text = "";
	for (let i = start; i < end; i++) {
		const c = bytes[i]!;
		text += c === 13 ? "\\r" : c === 10 ? "\\n" : c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
	}
	return text;
}

function lineOf(tokenizer: Tokenizer): string {
	const bytes = tokenizer.bytes;
	if (tokenizer.kind === Token.INFO) return `+${asciiText(bytes, tokenizer.nameStart, tokenizer.nameEnd)}: ${asciiText(bytes, tokenizer.valueStart, tokenizer.valueEnd)}`;
	return asciiText(bytes, tokenizer.start, tokenizer.end);
}

export function replay(transcript: Transcript, chunk: number, readLimit = 64): Replay {
	const log: string[] = [];
	const clock = new ManualClock();
	const timer = new ClockTimer(clock);
	const replies: string[] = [];
	let index = 0;
	let expectData = false;
	let written = "";
	let payload = "";
	const flushPayload = () => {
		if (payload) log.push(`payload ${payload}`);
		payload = "";
	};
	const mock = new MockSerial({
		readLimit,
		onWrite(m) {
			written += m.takeRaw();
			const exchange = transcript.exchanges[index];
			if (!exchange) {
				log.push(`> unexpected ${JSON.stringify(written)}`);
				written = "";
				return;
			}
			if (expectData) {
				if (written.length < exchange.data!.length + (exchange.terminator !== undefined ? 1 : 0)) return;
				log.push(`> data ${written}`);
				written = "";
				expectData = false;
				if (exchange.dataReply) replies.push(exchange.dataReply);
				return;
			}
			if (!written.endsWith("\r")) return;
			log.push(`> ${written.slice(0, -1)}`);
			written = "";
			replies.push(exchange.reply);
			expectData = exchange.data !== undefined;
		},
	});
	// Data and its terminator arrive in separate writes; collect until the exchange's data is complete.
	const chat = new Chat({
		serial: { io: mock.io, baud: 115200 },
		timer,
		onReboot: () => {
			flushPayload();
			log.push("reboot");
		},
		onUrc: (_chat, tokenizer) => {
			flushPayload();
			log.push(`unsolicited ${lineOf(tokenizer)}`);
		},
	});
	for (const name of transcript.urcs ?? []) {
		chat.addUrc(name, {
			onUrc(_chat, tokenizer) {
				flushPayload();
				log.push(`urc ${lineOf(tokenizer)}`);
			},
		});
	}
	const delegate: ChatDelegate = {
		onInfo(_chat, tokenizer) {
			flushPayload();
			log.push(`info ${lineOf(tokenizer)}`);
		},
		onPayload(_chat, bytes, start, end) {
			payload += asciiText(bytes, start, end);
		},
		onPrompt(c) {
			flushPayload();
			log.push("prompt");
			const exchange = transcript.exchanges[index]!;
			const data = exchange.data ?? "";
			const bytes = new Uint8Array(data.length);
			for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i);
			c.sendData(bytes, 0, bytes.length, exchange.terminator ?? -1);
		},
		onDone(c, result, code) {
			flushPayload();
			log.push(`done ${RESULTS[result]}${result === 2 ? ` ${code}` : ""}`);
			index++;
			sendNext(c);
		},
	};
	const sendNext = (c: Chat) => {
		const exchange = transcript.exchanges[index];
		if (!exchange) {
			if (transcript.after) replies.push(transcript.after);
			return;
		}
		let length = 0;
		for (; length < exchange.command.length; length++) c.tx[length] = exchange.command.charCodeAt(length);
		c.send(length, { prompt: Prompt.MAY, payload: exchange.payload === undefined ? undefined : ascii(exchange.payload), open: false, timeout: exchange.timeout ?? 300 }, delegate);
	};
	if (transcript.banner) mock.putChunks(transcript.banner, chunk === Infinity ? 1 << 20 : chunk);
	sendNext(chat);
	for (let guard = 0; guard < 10000; guard++) {
		mock.drain();
		const reply = replies.shift();
		if (reply !== undefined) {
			mock.putChunks(reply, chunk === Infinity ? 1 << 20 : chunk);
			continue;
		}
		const at = clock.nextAt();
		if (at === undefined || at - clock.now() > 100000) break;
		clock.advance(at - clock.now());
	}
	flushPayload();
	return { log, chat, mock, clock, timer };
}
