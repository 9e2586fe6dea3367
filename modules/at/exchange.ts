// What the chat's users give it: an exchange as the layer above describes it (its prompt mode, how its
// payload is announced, its timeouts), the delegate that hears it, the URC handlers and the options a
// chat is made with. Types and the prompt modes only: the chat itself is chat.ts.
import type { Chat } from "./chat.js";
import type { SerialClass, TimerApi } from "./io.js";
import type { Tokenizer } from "./tokenizer.js";

/** send()'s `prompt`: whether the command answers `>` (or the profile's prompt). */
export const enum Prompt {
	/** It never does: a `>` is an ordinary byte. */
	NONE = 0,
	/** It may. */
	MAY = 1,
	/** It does, before its OK (data commands): an OK before the `>` is a stale answer, dropped. */
	FIRST = 2,
}

export interface ChatDelegate {
	/** An information or text line of the exchange (tokenizer.kind says which). */
	onInfo?(chat: Chat, tokenizer: Tokenizer): void;
	/** Payload bytes, bytes[start, end): copy them now, the span is reused. For an open payload (one
	 *  announced without a count) return how many of them belong to it once it is over; nothing while
	 *  it goes on. */
	onPayload?(chat: Chat, bytes: Uint8Array, start: number, end: number): number | void;
	/** The module is in data mode: call chat.sendData (or chat.cancel). */
	onPrompt?(chat: Chat): void;
	/** Bytes of an open payload the delegate can take now: the module sends it without waiting, so when
	 *  the delegate is full the chat stops reading the serial until resume(). */
	payloadRoom?(chat: Chat): number;
	/** Bytes that would complete an open payload, when the delegate knows (-1: it does not). */
	payloadNeed?(chat: Chat): number;
	/** An open payload stalled until the exchange timed out: bytes[start, end) are what was held back of it
	 *  (exchange.hold), before onDone says TIMEOUT. */
	onHeld?(chat: Chat, bytes: Uint8Array, start: number, end: number): void;
	/** The data given to sendData has all been written (more of it may follow: sendData again). */
	onDataSent?(chat: Chat): void;
	/** The exchange ended; the chat is idle again, so send() may be called from here. */
	onDone(chat: Chat, result: number, code: number): void;
}

/** One exchange, as the layer above describes it to send(); kept until it ends (change it only between exchanges). */
export interface Exchange {
	/** Prompt.NONE, Prompt.MAY or Prompt.FIRST. */
	prompt: number;
	/** The prefix of the line `<prefix> <count>,…` that announces a payload (`+QHTTPREAD:`, `CONNECT`),
	 *  or undefined. Kept by reference until the exchange ends. */
	payload: Uint8Array | undefined;
	/** The announcing line may come without a count: the payload is open, onPayload says where it ends. */
	open: boolean;
	/** Bytes at the end of what has come of an open payload that are held back until more come, so that
	 *  if the module ends early its trailer never passes for payload (the delegate hears them with onHeld
	 *  when the exchange times out): `hold` (the longest trailer) while the delegate knows how much it
	 *  still needs (payloadNeed), `holdMin` (the shortest) while it does not, so that the end of a payload
	 *  whose length is not known is never held behind a trailer shorter than the hold. */
	hold?: number;
	holdMin?: number;
	/** Milliseconds without progress before the exchange is given up (re-armed by data and payload). */
	timeout: number;
	/** Where the prompt opens counted data: how long the module waits for all of it before it gives up
	 *  (its input time and its answer). Anything written meanwhile would be taken as data, so a cancel
	 *  waits this long for the final result. 0 or absent: the data ends with a terminator; ESC cancels. */
	dataWait?: number;
}

export interface UrcHandler {
	onUrc(chat: Chat, tokenizer: Tokenizer): void;
}

export interface ChatOptions {
	/** `io` is the serial class to construct; the rest are its options (port, pins, baud…). */
	serial: { io: SerialClass; [option: string]: unknown };
	timer: TimerApi;
	/** Bytes of module output held at once; a longer line is dropped. Default 1536. */
	ringSize?: number;
	/** How the module prompts for data: ">" (a `>` at a line start, default) or a whole line ("CONNECT"). */
	prompt?: string;
	/** Milliseconds between the prompt and the data. Default 600: the BC660K manual's 500 ms is the
	 *  module's, counted from when it sent `>`; the host parses `>` a little later and its timer may fire
	 *  a tick early. */
	promptDelay?: number;
	/** Room for one command line. Default 320. */
	commandSize?: number;
	onReboot?(chat: Chat): void;
	/** A URC no handler claimed, outside an exchange. */
	onUrc?(chat: Chat, tokenizer: Tokenizer): void;
	/** An exception thrown by a callback (the serial would swallow it). */
	onError?(chat: Chat, error: unknown): void;
	/** The serial failed: the chat has closed itself (a running exchange ended with Result.SERIAL first). */
	onSerialError?(chat: Chat, error: unknown): void;
}
