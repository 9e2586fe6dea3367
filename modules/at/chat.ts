// One command at a time over the serial. The chat writes a command, hands its information lines and
// payload to the command's delegate, waits for the prompt (`>`, or a line such as CONNECT: the module's
// framing, given once) and the data-mode delay before the delegate's data,
// and reports the final result once: OK, ERROR, +CME ERROR, a timeout, a reboot (RDY), a cancel or
// close. URCs go to handlers registered by name whenever they come; unknown ones to onUrc. It knows no
// module's commands: what an exchange looks like (a prompt or not, a payload announced by a line, its
// timeout) comes with each send(), as an Exchange from the layer above.
//
// States and the events each accepts:
//   IDLE    send() → WAIT; tokens: URCs only (a stray final result is ignored)
//   WAIT    final result → IDLE; `>` → PROMPT; timer → IDLE (timeout); cancel → DRAIN
//   PROMPT  timer (the data-mode delay) → DATA, delegate.onPrompt; final result → IDLE; cancel → ESC, DRAIN
//   DATA    data written → WAIT; final result → IDLE; timer → IDLE (timeout); cancel → ESC, DRAIN
//   DRAIN   a cancelled exchange waits briefly for its final result so it is not taken for the next one;
//           final result → IDLE (cancelled); timer → QUIET (cancelled); any other output re-arms the
//           wait (a response still streaming). Counted data (exchange.dataWait) cannot be cut short: a
//           cancel after the prompt, or a prompt after the cancel, sends nothing more and waits
//           dataWait for the module to give up on the rest; other data mode ends with ESC.
//   QUIET   an exchange ended without its final result (a timeout, a drain that timed out): the module may
//           still answer it, late. Final results are dropped; send() is held here and written when the
//           line has settled: LATE_MS after the give-up, then QUIET_MS windows until one passes with no
//           final result (at most QUIET_ROUNDS). RDY → IDLE at once (a restarted module owes nothing).
//   CLOSED  nothing
// RDY in WAIT, PROMPT, DATA or DRAIN ends the exchange as a reboot. One timer, created once and re-armed.
// The serial failing (its onError, or a write it refuses with anything but "full") closes the chat from
// any state at once: the exchange ends with RESULT_SERIAL, onSerialError follows, and the serial is never
// called again but for one close() a turn later (Moddable's Linux serial closes itself after onError and
// crashes on any other call; close() twice is harmless there, and frees the UART where it does not).
//
// Stale answers (issue 14): the module answers in order, but an answer may come after the host has
// given up on its command (after a wake the lost command is answered ~1.8 s late, FIELD-NOTES). Two
// rules keep such an answer from being taken for a later command's: QUIET above (the line must settle
// before the next command goes out), and for a command sent with PROMPT_FIRST (one that answers `>`
// before anything else, as data commands do) an OK before its `>` is not its own and is dropped. A late
// answer beyond QUIET's reach is therefore absorbed by the next data command at the latest; the layer
// above forgets what it believes the module holds after a timeout or a garbled answer, so that a data
// command comes before any request is sent again.
import { ByteRing } from "./ring.js";
import { Alarm, isBackpressure, type SerialClass, type SerialPort, type TimerApi } from "./io.js";
import { Tokenizer } from "./tokenizer.js";
import { asciiBytes, equalsBytes } from "./fields.js";
import {
	RESULT_CANCELLED, RESULT_CLOSED, RESULT_CME, RESULT_ERROR, RESULT_OK, RESULT_REBOOT, RESULT_SERIAL, RESULT_TIMEOUT,
	TOKEN_CME_ERROR, TOKEN_ERROR, TOKEN_GARBLED, TOKEN_INFO, TOKEN_LINE, TOKEN_NONE, TOKEN_OK, TOKEN_PAYLOAD, TOKEN_PROMPT, TOKEN_RDY,
} from "./tokens.js";

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

/** One exchange, as the layer above describes it to send(); read at send() time, so it may be reused. */
export interface Exchange {
	/** PROMPT_NONE, PROMPT_MAY or PROMPT_FIRST. */
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
	/** The serial failed: the chat has closed itself (a running exchange ended with RESULT_SERIAL first). */
	onSerialError?(chat: Chat, error: unknown): void;
}

const C_IDLE = 0;
const C_WAIT = 1;
const C_PROMPT = 2;
const C_DATA = 3;
const C_DRAIN = 4;
const C_QUIET = 5;
const C_CLOSED = 6;

/** send()'s `prompt`: the command never answers `>` (a `>` is an ordinary byte) … */
export const PROMPT_NONE = 0;
/** … it may answer `>` … */
export const PROMPT_MAY = 1;
/** … it answers `>` before its OK (data commands): an OK before the `>` is a stale answer, dropped. */
export const PROMPT_FIRST = 2;

const CR = 0x0d;
const ESC = 0x1b;
const WRITE_MAX = 1024; // Moddable's Linux serial refuses more in one write
const DRAIN_MS = 1000;
// After a give-up: FIELD-NOTES saw a lost wake command answered 1.8 s after it was sent; the give-up is
// at least the command's own timeout after it, so 2 s more covers it with room. Then the line must stay
// free of final results for QUIET_MS, checked up to QUIET_ROUNDS times (a chain of late answers).
const LATE_MS = 2000;
const QUIET_MS = 300;
const QUIET_ROUNDS = 10;

interface Route {
	name: Uint8Array;
	handler: UrcHandler;
}

export class Chat {
	/** Where the caller writes a command (without CR) before send(length, …). */
	readonly tx: Uint8Array;
	readonly tokenizer: Tokenizer;
	#ring: ByteRing;
	#serial: SerialPort;
	#alarm: Alarm;
	#options: ChatOptions;
	#promptDelay: number;

	#state = C_IDLE;
	#delegate: ChatDelegate | undefined;
	#timeout = 0;
	#routes: Route[] = [];

	// The output in progress: out[outAt, outEnd), then one terminator byte (or -1).
	#out: Uint8Array | undefined;
	#outAt = 0;
	#outEnd = 0;
	#terminator = -1;
	#room = 128; // bytes the serial can take now; corrected by onWritable and by a refused write
	#one = new Uint8Array(1);
	#reading = false;
	#flushing = false;
	#prompt = PROMPT_MAY; // the exchange's prompt mode
	#payload: Uint8Array | undefined; // the exchange's announcing line's prefix
	#open = false; // … and whether its payload may be open
	#hold = 0; // … and what of it is held back
	#holdMin = 0;
	#holding = false; // bytes are held back: read more before tokenizing again
	#prompted = false; // a `>` came in this exchange
	#held = false; // QUIET: a command waits in tx[0, #heldLength)
	#heldLength = 0;
	#heldCancelled = false;
	#heard = false; // QUIET: a final result came in the current window
	#quietRounds = 0;
	#failed = false; // CLOSED by a serial failure: the serial's close() is still owed, a turn later
	#paused = false; // an open payload's delegate is full: the serial is not read until resume()
	#sent = false; // the data has all been written: onDataSent is owed
	#dataWait = 0; // the exchange's (counted data)
	#drainMs = DRAIN_MS;

	constructor(options: ChatOptions) {
		this.#options = options;
		this.#promptDelay = options.promptDelay ?? 600;
		this.tx = new Uint8Array(options.commandSize ?? 320);
		this.#ring = new ByteRing(options.ringSize ?? 1536);
		this.tokenizer = new Tokenizer(this.#ring);
		const prompt = options.prompt ?? ">";
		this.tokenizer.setPrompt(prompt === ">" ? undefined : asciiBytes(prompt));
		this.#alarm = new Alarm(options.timer, () => this.#onTimer());
		const { io, ...serialOptions } = options.serial;
		const chat = this;
		this.#serial = new io({
			...serialOptions,
			format: "buffer",
			onReadable(count: number) {
				chat.#onReadable(count);
			},
			onWritable(count: number) {
				chat.#onWritable(count);
			},
			onError(error: unknown) {
				chat.#fail(error ?? new Error("serial error"));
			},
		});
	}

	get busy(): boolean {
		const state = this.#state;
		return state !== C_IDLE && state !== C_CLOSED && !(state === C_QUIET && !this.#held);
	}

	/** Handles `+name: …` lines whenever they come, inside an exchange or not. */
	addUrc(name: string, handler: UrcHandler): void {
		this.#routes.push({ name: asciiBytes(name), handler });
	}

	removeUrc(handler: UrcHandler): void {
		this.#routes = this.#routes.filter((route) => route.handler !== handler);
	}

	/** Sends tx[0, length) and CR; the delegate hears the exchange. Throws if an exchange is running.
	 *  While the line settles after a give-up (QUIET) the command is held and written afterwards. */
	send(length: number, exchange: Exchange, delegate: ChatDelegate): void {
		const state = this.#state;
		if (state === C_CLOSED) throw new Error("chat: closed");
		if (state !== C_IDLE && !(state === C_QUIET && !this.#held)) throw new Error("chat: busy");
		if (!(length > 0 && length < this.tx.length)) throw new RangeError("chat: bad command length");
		this.#delegate = delegate;
		this.#timeout = exchange.timeout;
		this.#prompt = exchange.prompt;
		this.#payload = exchange.payload;
		this.#open = exchange.open;
		this.#hold = exchange.hold ?? 0;
		this.#holdMin = exchange.holdMin ?? 0;
		this.#dataWait = exchange.dataWait ?? 0;
		if (state === C_QUIET) {
			this.#held = true;
			this.#heldLength = length;
			this.#heldCancelled = false;
			return;
		}
		this.#start(length);
	}

	#start(length: number): void {
		const tokenizer = this.tokenizer;
		this.#state = C_WAIT;
		this.#prompted = false;
		tokenizer.expectEcho(this.tx, 0, length);
		tokenizer.expectPrompt(this.#prompt !== PROMPT_NONE);
		tokenizer.expectPayload(this.#payload, this.#open);
		this.tx[length] = CR;
		this.#output(this.tx, 0, length + 1, -1);
		if (!this.#failed) this.#arm(this.#timeout); // a write can fail the serial
	}

	// QUIET is over: the held command goes out now (or ends as cancelled), else the chat is idle.
	#release(): void {
		if (!this.#held) {
			this.#state = C_IDLE;
			this.#alarm.stop();
			return;
		}
		this.#held = false;
		if (this.#heldCancelled) return this.#finish(RESULT_CANCELLED, 0, false);
		this.#start(this.#heldLength);
	}

	/** In data mode (from onPrompt, or later while the module still counts the data it was told of):
	 *  sends bytes[start, end), then `terminator` if given (0x1A: Ctrl+Z). */
	sendData(bytes: Uint8Array, start: number, end: number, terminator = -1): void {
		if (this.#state === C_WAIT && this.#prompted) this.#state = C_DATA;
		if (this.#state !== C_DATA) throw new Error("chat: not in data mode");
		this.#output(bytes, start, end, terminator);
		if (!this.#failed) this.#arm(this.#timeout);
	}

	/** Abandons the exchange (ESC in data mode); onDone follows with RESULT_CANCELLED, never synchronously. */
	cancel(): void {
		const state = this.#state;
		if (state === C_QUIET) {
			if (this.#held) this.#heldCancelled = true; // never written; ends as cancelled when QUIET does
			return;
		}
		if (state === C_IDLE || state === C_CLOSED || state === C_DRAIN) return;
		this.#out = undefined;
		this.#terminator = -1;
		this.#drainMs = DRAIN_MS;
		if (this.#dataWait > 0) {
			if (this.#prompted) this.#drainMs = this.#dataWait; // the module waits out its input time
		} else if (state === C_PROMPT || state === C_DATA) {
			this.#output(undefined, 0, 0, ESC);
			if (this.#failed) return;
		}
		this.#state = C_DRAIN;
		this.tokenizer.expectPrompt(!this.#prompted && this.#prompt !== PROMPT_NONE); // a prompt still owed is answered
		this.#arm(this.#drainMs);
	}

	/** Idempotent. A running exchange ends with RESULT_CLOSED. */
	close(): void {
		if (this.#state === C_CLOSED) return;
		const busy = this.busy;
		this.#state = C_CLOSED;
		this.#alarm.close();
		this.#serial.close();
		this.tokenizer.reset();
		const delegate = this.#delegate;
		this.#delegate = undefined;
		if (busy) delegate?.onDone(this, RESULT_CLOSED, 0);
	}

	/** The delegate has room again for the open payload it stopped: reading goes on. */
	resume(): void {
		if (!this.#paused) return;
		this.#paused = false;
		this.#onReadable(0);
	}

	/** Whether the serial failed (the chat closed itself). */
	get failed(): boolean {
		return this.#failed;
	}

	// The serial failed: closed at once, whatever was running; the serial is left alone until the owed close().
	#fail(error: unknown): void {
		if (this.#state === C_CLOSED) return;
		const busy = this.busy;
		this.#state = C_CLOSED;
		this.#failed = true;
		this.#out = undefined;
		this.#terminator = -1;
		this.#held = false;
		this.tokenizer.reset();
		this.#alarm.arm(1);
		const delegate = this.#delegate;
		this.#delegate = undefined;
		try {
			if (busy) delegate?.onDone(this, RESULT_SERIAL, 0);
		} finally {
			this.#options.onSerialError?.(this, error);
		}
	}

	// ---- input ----

	// `count` is what the serial says is waiting: read that much, then stop (no empty read to find the
	// end); without a count, read until the serial has nothing.
	//
	// A counted payload gathers in the ring while more of it is still to come and the next read fits
	// behind it: one token, and one delivery to the delegate, for several UART reads (a 1024-byte read
	// comes in about a dozen). Each read is taken from the serial at once all the same, and is progress:
	// it re-arms the exchange's timeout as a payload token does.
	#onReadable(count: number): void {
		if (this.#reading || this.#paused || this.#state === C_CLOSED) return; // re-entered through a synchronous serial, paused, or closed
		this.#reading = true;
		try {
			const ring = this.#ring;
			const serial = this.#serial;
			const tokenizer = this.tokenizer;
			let left = count > 0 ? count : Infinity;
			let gathered = false;
			for (;;) {
				// (Not an open payload: where it ends is known only once it has been read.)
				if (tokenizer.payloadRemaining > ring.tail - ring.head && !tokenizer.payloadOpen && ring.capacity - ring.tail >= ring.chunk) gathered = true;
				else {
					gathered = false;
					// An empty ring has no token: the call is saved after a payload that took every byte read.
					this.#holding = false;
					while (ring.head < ring.tail) {
						const kind = tokenizer.next();
						if (kind === TOKEN_NONE) break;
						this.#onToken(kind);
						if (this.#state === C_CLOSED || this.#paused) return;
						if (this.#holding) break;
					}
				}
				if (left <= 0) break;
				const took = ring.fill(serial);
				if (!took) break;
				left -= took;
			}
			if (gathered && this.#state === C_WAIT) this.#arm(this.#timeout);
		} catch (error) {
			this.#options.onError?.(this, error);
		} finally {
			this.#reading = false;
		}
	}

	#onToken(kind: number): void {
		const state = this.#state;
		const tokenizer = this.tokenizer;
		if (state === C_DRAIN) this.#arm(this.#drainMs); // still talking: its final result is still to come
		switch (kind) {
			case TOKEN_PAYLOAD:
				if (state === C_WAIT) {
					this.#arm(this.#timeout); // a slow payload is progress, not a stall
					const delegate = this.#delegate!, start = tokenizer.start;
					let end = tokenizer.end;
					if (tokenizer.payloadOpen) {
						// The last `hold` bytes wait for more behind them; what the delegate cannot take now stays
						// in the ring, and the serial waits, until resume().
						const ring = this.#ring, need = delegate.payloadNeed ? delegate.payloadNeed(this) : -1;
						const held = need >= 0 && need <= end - start ? end : ring.tail - (need >= 0 ? this.#hold : this.#holdMin);
						if (end > held) {
							end = ring.head = held > start ? held : start;
							this.#holding = true;
						}
						const room = delegate.payloadRoom ? delegate.payloadRoom(this) : end - start;
						if (end - start > room) {
							end = ring.head = start + (room > 0 ? room : 0);
							this.#paused = true;
						}
						if (end === start) return;
					}
					const taken = delegate.onPayload?.(this, tokenizer.bytes, start, end);
					if (typeof taken === "number") { // the payload is over: what was held back is the module's trailer
						this.#paused = this.#holding = false;
						tokenizer.endPayload(start + taken);
					}
				} else if (tokenizer.payloadOpen) tokenizer.endPayload(tokenizer.start); // nobody to say where it ends
				return;
			case TOKEN_OK:
				return this.#final(RESULT_OK, 0);
			case TOKEN_ERROR:
				return this.#final(RESULT_ERROR, 0);
			case TOKEN_CME_ERROR:
				return this.#final(RESULT_CME, tokenizer.code);
			case TOKEN_PROMPT:
				if (state === C_WAIT) {
					this.#prompted = true;
					this.#state = C_PROMPT;
					this.#arm(this.#promptDelay);
				} else if (state === C_DRAIN && !this.#prompted) { // cancelled before the module took data mode
					this.#prompted = true;
					tokenizer.expectPrompt(false);
					if (this.#dataWait > 0) this.#arm(this.#drainMs = this.#dataWait);
					else this.#output(undefined, 0, 0, ESC);
				}
				return;
			case TOKEN_RDY:
				this.tokenizer.expectPayload(undefined);
				this.#options.onReboot?.(this);
				if (this.#state === C_QUIET) this.#release();
				else if (this.#state !== C_IDLE && this.#state !== C_CLOSED) this.#finish(RESULT_REBOOT, 0, false);
				return;
			case TOKEN_INFO: {
				const bytes = tokenizer.bytes;
				const routes = this.#routes;
				for (let i = 0; i < routes.length; i++) {
					const name = routes[i]!.name;
					if (equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)) {
						routes[i]!.handler.onUrc(this, tokenizer);
						return;
					}
				}
				if (state === C_WAIT || state === C_PROMPT || state === C_DATA) this.#delegate!.onInfo?.(this, tokenizer);
				else this.#options.onUrc?.(this, tokenizer);
				return;
			}
			case TOKEN_LINE:
			case TOKEN_GARBLED:
				if (state === C_WAIT) this.#delegate!.onInfo?.(this, tokenizer);
				return;
		}
		// ECHO and OVERFLOW carry nothing for anyone.
	}

	#final(result: number, code: number): void {
		const state = this.#state;
		if (state === C_IDLE || state === C_CLOSED) return; // late, for an exchange already given up
		if (state === C_QUIET) {
			this.#heard = true; // a late answer: the line has not settled yet
			return;
		}
		// A data command answers `>` first: an OK before it belongs to an earlier command.
		if (result === RESULT_OK && state === C_WAIT && this.#prompt === PROMPT_FIRST && !this.#prompted) return;
		this.#finish(state === C_DRAIN ? RESULT_CANCELLED : result, code, false);
	}

	// `owed`: the exchange ends without its final result, which may still come: QUIET follows.
	#finish(result: number, code: number, owed: boolean): void {
		if (owed) {
			this.#state = C_QUIET;
			this.#held = false;
			this.#heard = false;
			this.#quietRounds = 0;
			this.#alarm.arm(LATE_MS);
		} else {
			this.#state = C_IDLE;
			this.#alarm.stop();
		}
		this.#out = undefined;
		this.#terminator = -1;
		this.#paused = false;
		const tokenizer = this.tokenizer;
		tokenizer.expectEcho(undefined);
		tokenizer.expectPrompt(false);
		tokenizer.expectPayload(undefined);
		if (tokenizer.payloadOpen) tokenizer.endPayload(this.#ring.head); // given up inside it: the rest is lines again
		this.#payload = undefined;
		const delegate = this.#delegate!;
		this.#delegate = undefined;
		delegate.onDone(this, result, code);
	}

	#onTimer(): void {
		try {
			switch (this.#state) {
				case C_CLOSED: // after a failure: the one call the serial still gets
					this.#alarm.close();
					this.#serial.close();
					return;
				case C_WAIT:
				case C_DATA: {
					const ring = this.#ring;
					if (this.tokenizer.payloadOpen && ring.tail > ring.head) this.#delegate!.onHeld?.(this, ring.bytes, ring.head, ring.tail);
					return this.#finish(RESULT_TIMEOUT, 0, true);
				}
				case C_PROMPT:
					this.#state = C_DATA;
					this.#arm(this.#timeout);
					if (this.#delegate!.onPrompt) this.#delegate!.onPrompt(this);
					else this.cancel();
					return;
				case C_DRAIN:
					return this.#finish(RESULT_CANCELLED, 0, true);
				case C_QUIET:
					if (this.#heard && ++this.#quietRounds < QUIET_ROUNDS) {
						this.#heard = false;
						this.#arm(QUIET_MS);
					} else this.#release();
					return;
			}
		} catch (error) {
			this.#options.onError?.(this, error);
		}
	}

	#arm(ms: number): void {
		this.#alarm.arm(ms);
	}

	// ---- output: chunks no larger than the serial said it can take ----

	#output(bytes: Uint8Array | undefined, start: number, end: number, terminator: number): void {
		this.#out = bytes;
		this.#outAt = start;
		this.#outEnd = end;
		this.#terminator = terminator;
		this.#flush();
	}

	#onWritable(count: number): void {
		if (this.#state === C_CLOSED) return;
		this.#room = count;
		try {
			this.#flush();
		} catch (error) {
			this.#options.onError?.(this, error);
		}
	}

	#flush(): void {
		if (this.#flushing) return; // onWritable from inside write (a synchronous serial)
		this.#flushing = true;
		try {
			this.#flushSome();
		} finally {
			this.#flushing = false;
		}
		if (this.#sent) {
			this.#sent = false;
			this.#delegate?.onDataSent?.(this);
		}
	}

	#flushSome(): void {
		const serial = this.#serial;
		while (this.#room > 0) {
			const out = this.#out;
			if (out && this.#outAt < this.#outEnd) {
				let count = this.#outEnd - this.#outAt;
				if (count > this.#room) count = this.#room;
				if (count > WRITE_MAX) count = WRITE_MAX;
				const offset = out.byteOffset + this.#outAt;
				if (!this.#write(serial, (out.buffer as ArrayBuffer).slice(offset, offset + count))) return;
				this.#outAt += count;
				this.#room -= count;
			} else if (this.#terminator >= 0) {
				this.#one[0] = this.#terminator;
				if (!this.#write(serial, this.#one.buffer as ArrayBuffer)) return;
				this.#terminator = -1;
				this.#room--;
			} else break;
		}
		if (this.#state === C_DATA && !(this.#out && this.#outAt < this.#outEnd) && this.#terminator < 0) {
			this.#state = C_WAIT;
			this.#sent = true;
		}
	}

	// A write the serial refuses as full (ESP32: the FIFO, all or nothing) waits for onWritable; one it
	// refuses otherwise is a failed port.
	#write(serial: SerialPort, data: ArrayBuffer): boolean {
		try {
			serial.write(data);
			return true;
		} catch (error) {
			if (isBackpressure(error)) this.#room = 0;
			else this.#fail(error);
			return false;
		}
	}
}
