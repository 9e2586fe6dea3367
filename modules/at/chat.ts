// One command at a time over the serial. The chat writes a command (tx, then send()), hands its
// information lines and payload to the command's delegate, waits for the prompt (`>`, or a line such as
// CONNECT: the module's framing, given once) and the data-mode delay before the delegate's data, and
// reports the final result once: OK, ERROR, +CME ERROR, a timeout, a reboot (RDY), a cancel or close.
// URCs go to handlers registered by name; unknown ones to onUrc. It knows no module's commands: what an
// exchange looks like comes with each send() (exchange.ts); writing is writer.ts's.
//
// States and the events each accepts:
//   IDLE    send() → WAIT; tokens: URCs only (a stray final result is ignored)
//   WAIT    final result → IDLE; `>` → PROMPT; timer → IDLE (timeout); cancel → DRAIN
//   PROMPT  timer (the data-mode delay) → DATA, delegate.onPrompt; final result → IDLE; cancel → ESC, DRAIN
//   DATA    data written → WAIT; final result → IDLE; timer → IDLE (timeout); cancel → ESC, DRAIN
//   DRAIN   a cancelled exchange waits briefly for its final result so it is not taken for the next one;
//           final result → IDLE (cancelled); timer → QUIET (cancelled); any other output re-arms the
//           wait (a response still streaming). Counted data (exchange.dataWait) cannot be cut short: a
//           cancel after the prompt, or a prompt after it, writes nothing and waits dataWait for the
//           module to give up on the rest; other data mode ends with ESC.
//   QUIET   an exchange ended without its final result (a timeout, a drain that timed out): the module may
//           still answer it, late. Final results are dropped; send() is held and written when the line
//           has settled: LATE_MS after the give-up (dataWait if counted data was not all written), then
//           QUIET_MS windows until one passes with no final result (at most QUIET_ROUNDS). RDY → IDLE.
//   CLOSED  nothing
// RDY in WAIT, PROMPT, DATA or DRAIN ends the exchange as a reboot. One timer, created once and re-armed.
// The serial failing (its onError, or a write it refuses with anything but "full") closes the chat at
// once: the exchange ends with Result.SERIAL, onSerialError follows, and the serial gets only one
// close() a turn later (Moddable's Linux serial closes itself after onError and crashes on any other call).
//
// Stale answers: an answer may come after the host gave up on its command (after a wake, ~1.8 s late).
// QUIET keeps it from the next command; an OK before the `>` of a Prompt.FIRST (data) command is not its
// own and is dropped, so a late answer beyond QUIET's reach is absorbed by the next data command. The
// layer above forgets what the module holds after a timeout or a garbled answer: a data command comes next.
import { ByteRing } from "./ring.js";
import { Alarm, type SerialPort } from "./io.js";
import { type ChatDelegate, type ChatOptions, type Exchange, type UrcHandler, Prompt } from "./exchange.js";
import { Writer } from "./writer.js";
import { Tokenizer } from "./tokenizer.js";
import { asciiBytes, equalsBytes } from "./fields.js";
import { Result, Token } from "./tokens.js";

const enum State {
	IDLE = 0,
	WAIT = 1,
	PROMPT = 2,
	DATA = 3,
	DRAIN = 4,
	QUIET = 5,
	CLOSED = 6,
}

const enum Byte { CR = 0x0d, ESC = 0x1b }
const DRAIN_MS = 1000;
// A lost wake command was seen answered 1.8 s after it was sent, and the give-up comes at least the
// command's timeout after that: 2 s more covers it. QUIET_ROUNDS: a chain of late answers.
const LATE_MS = 2000;
const QUIET_MS = 300;
const QUIET_ROUNDS = 10;

export class Chat {
	/** Where the caller writes a command (without CR) before send(length, …). */
	readonly tx: Uint8Array;
	readonly tokenizer: Tokenizer;
	#ring: ByteRing;
	#serial: SerialPort;
	#alarm: Alarm;
	#options: ChatOptions;
	#promptDelay: number;
	#state: number = State.IDLE; // a number, not a State: callbacks change it where TypeScript would narrow it
	#delegate: ChatDelegate | undefined;
	#exchange: Exchange | undefined; // the running one's description, kept until it ends
	#routes: { name: Uint8Array; handler: UrcHandler }[] = [];
	#writer: Writer;
	#reading = false;
	#holding = false; // bytes are held back: read more before tokenizing again
	#prompted = false; // a `>` came in this exchange
	#held = false; // QUIET: a command waits in tx[0, #heldLength)
	#heldLength = 0;
	#heldCancelled = false;
	#heard = false; // QUIET: a final result came in the current window
	#quietRounds = 0;
	#failed = false; // CLOSED by a serial failure: the serial's close() is still owed, a turn later
	#paused = false; // an open payload's delegate is full: the serial is not read until resume()
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
		this.#serial = new io({
			...serialOptions,
			format: "buffer",
			onReadable: (count: number) => this.#onReadable(count),
			onWritable: (count: number) => this.#onWritable(count),
			onError: (error: unknown) => this.#fail(error ?? new Error("serial error")),
		});
		this.#writer = new Writer(this.#serial, (error) => this.#fail(error));
	}

	get busy(): boolean {
		const state = this.#state;
		return state !== State.IDLE && state !== State.CLOSED && !(state === State.QUIET && !this.#held);
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
		if (state === State.CLOSED) throw new Error("chat: closed");
		if (state !== State.IDLE && !(state === State.QUIET && !this.#held)) throw new Error("chat: busy");
		if (!(length > 0 && length < this.tx.length)) throw new RangeError("chat: bad command length");
		this.#delegate = delegate;
		this.#exchange = exchange;
		if (state === State.QUIET) {
			this.#held = true;
			this.#heldLength = length;
			this.#heldCancelled = false;
			return;
		}
		this.#start(length);
	}

	#start(length: number): void {
		const tokenizer = this.tokenizer;
		this.#state = State.WAIT;
		this.#prompted = false;
		tokenizer.expectEcho(this.tx, 0, length);
		const exchange = this.#exchange!;
		tokenizer.expectPrompt(exchange.prompt !== Prompt.NONE);
		tokenizer.expectPayload(exchange.payload, exchange.open);
		this.tx[length] = Byte.CR;
		this.#output(this.tx, 0, length + 1, -1);
		if (!this.#failed) this.#alarm.arm(this.#exchange!.timeout); // a write can fail the serial
	}

	// QUIET is over: the held command goes out now (or ends as cancelled), else the chat is idle.
	#release(): void {
		if (!this.#held) {
			this.#state = State.IDLE;
			this.#alarm.stop();
			return;
		}
		this.#held = false;
		if (this.#heldCancelled) return this.#finish(Result.CANCELLED, 0, 0);
		this.#start(this.#heldLength);
	}

	/** In data mode (from onPrompt, or later while the module still counts the data it was told of):
	 *  sends bytes[start, end), then `terminator` if given (0x1A: Ctrl+Z). */
	sendData(bytes: Uint8Array, start: number, end: number, terminator = -1): void {
		if (this.#state === State.WAIT && this.#prompted) this.#state = State.DATA;
		if (this.#state !== State.DATA) throw new Error("chat: not in data mode");
		this.#output(bytes, start, end, terminator);
		if (!this.#failed) this.#alarm.arm(this.#exchange!.timeout);
	}

	/** Abandons the exchange (ESC in data mode); onDone follows with Result.CANCELLED, never synchronously. */
	cancel(): void {
		const state = this.#state;
		if (state === State.QUIET) {
			if (this.#held) this.#heldCancelled = true; // never written; ends as cancelled when QUIET does
			return;
		}
		if (state === State.IDLE || state === State.CLOSED || state === State.DRAIN) return;
		this.#writer.clear();
		this.#drainMs = DRAIN_MS;
		const { dataWait = 0, prompt } = this.#exchange!;
		if (dataWait > 0) {
			if (this.#prompted) this.#drainMs = dataWait; // the module waits out its input time
		} else if (state === State.PROMPT || state === State.DATA) {
			this.#output(undefined, 0, 0, Byte.ESC);
			if (this.#failed) return;
		}
		this.#state = State.DRAIN;
		this.tokenizer.expectPrompt(!this.#prompted && prompt !== Prompt.NONE); // a prompt still owed is answered
		this.#alarm.arm(this.#drainMs);
	}

	/** Idempotent. A running exchange ends with Result.CLOSED. */
	close(): void {
		if (this.#state === State.CLOSED) return;
		const busy = this.busy;
		this.#state = State.CLOSED;
		this.#alarm.close();
		this.#serial.close();
		this.tokenizer.reset();
		const delegate = this.#delegate;
		this.#delegate = undefined;
		if (busy) delegate?.onDone(this, Result.CLOSED, 0);
	}

	/** The delegate has room again for the open payload it stopped: reading goes on. */
	resume(): void {
		if (!this.#paused) return;
		this.#paused = false;
		this.#onReadable(0);
	}

	// The serial failed: closed at once, whatever was running; the serial is left alone until the owed close().
	#fail(error: unknown): void {
		if (this.#state === State.CLOSED) return;
		const busy = this.busy;
		this.#state = State.CLOSED;
		this.#failed = true;
		this.#writer.clear();
		this.#held = false;
		this.tokenizer.reset();
		this.#alarm.arm(1);
		const delegate = this.#delegate;
		this.#delegate = undefined;
		try {
			if (busy) delegate?.onDone(this, Result.SERIAL, 0);
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
		if (this.#reading || this.#paused || this.#state === State.CLOSED) return; // re-entered through a synchronous serial, paused, or closed
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
						if (kind === Token.NONE) break;
						this.#onToken(kind);
						if (this.#state === State.CLOSED || this.#paused) return;
						if (this.#holding) break;
					}
				}
				if (left <= 0) break;
				const took = ring.fill(serial);
				if (!took) break;
				left -= took;
			}
			if (gathered && this.#state === State.WAIT) this.#alarm.arm(this.#exchange!.timeout);
		} catch (error) {
			this.#options.onError?.(this, error);
		} finally {
			this.#reading = false;
		}
	}

	#onToken(kind: number): void {
		const state = this.#state;
		const tokenizer = this.tokenizer;
		if (state === State.DRAIN) this.#alarm.arm(this.#drainMs); // still talking: its final result is still to come
		switch (kind) {
			case Token.PAYLOAD:
				if (state === State.WAIT) {
					this.#alarm.arm(this.#exchange!.timeout); // a slow payload is progress, not a stall
					const delegate = this.#delegate!, start = tokenizer.start;
					let end = tokenizer.end;
					if (tokenizer.payloadOpen) {
						// The last `hold` bytes wait for more behind them; what the delegate cannot take now stays
						// in the ring, and the serial waits, until resume().
						const ring = this.#ring, need = delegate.payloadNeed ? delegate.payloadNeed(this) : -1;
						const held = need >= 0 && need <= end - start ? end : ring.tail - ((need >= 0 ? this.#exchange!.hold : this.#exchange!.holdMin) ?? 0);
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
			case Token.OK: return this.#final(Result.OK, 0);
			case Token.ERROR: return this.#final(Result.ERROR, 0);
			case Token.CME_ERROR: return this.#final(Result.CME, tokenizer.code);
			case Token.PROMPT:
				if (state === State.WAIT) {
					this.#prompted = true;
					this.#state = State.PROMPT;
					this.#alarm.arm(this.#promptDelay);
				} else if (state === State.DRAIN && !this.#prompted) { // cancelled before the module took data mode
					this.#prompted = true;
					tokenizer.expectPrompt(false);
					const dataWait = this.#exchange!.dataWait ?? 0;
					if (dataWait > 0) this.#alarm.arm(this.#drainMs = dataWait);
					else this.#output(undefined, 0, 0, Byte.ESC);
				}
				return;
			case Token.RDY:
				this.tokenizer.expectPayload(undefined);
				this.#options.onReboot?.(this);
				if (this.#state === State.QUIET) this.#release();
				else if (this.#state !== State.IDLE && this.#state !== State.CLOSED) this.#finish(Result.REBOOT, 0, 0);
				return;
			case Token.INFO: {
				const bytes = tokenizer.bytes;
				const routes = this.#routes;
				for (let i = 0; i < routes.length; i++) {
					const name = routes[i]!.name;
					if (equalsBytes(bytes, tokenizer.nameStart, tokenizer.nameEnd, name)) {
						routes[i]!.handler.onUrc(this, tokenizer);
						return;
					}
				}
				if (state === State.WAIT || state === State.PROMPT || state === State.DATA) this.#delegate!.onInfo?.(this, tokenizer);
				else this.#options.onUrc?.(this, tokenizer);
				return;
			}
			case Token.LINE:
			case Token.GARBLED:
				if (state === State.WAIT) this.#delegate!.onInfo?.(this, tokenizer);
				return;
		}
		// ECHO and OVERFLOW carry nothing for anyone.
	}

	#final(result: number, code: number): void {
		const state = this.#state;
		if (state === State.IDLE || state === State.CLOSED) return; // late, for an exchange already given up
		if (state === State.QUIET) {
			this.#heard = true; // a late answer: the line has not settled yet
			return;
		}
		// A data command answers `>` first: an OK before it belongs to an earlier command.
		if (result === Result.OK && state === State.WAIT && this.#exchange!.prompt === Prompt.FIRST && !this.#prompted) return;
		this.#finish(state === State.DRAIN ? Result.CANCELLED : result, code, 0);
	}

	// `late` > 0: the exchange ends without its final result, which may still come that late: QUIET follows.
	#finish(result: number, code: number, late: number): void {
		if (late > 0) {
			this.#state = State.QUIET;
			this.#held = false;
			this.#heard = false;
			this.#quietRounds = 0;
			this.#alarm.arm(late);
		} else {
			this.#state = State.IDLE;
			this.#alarm.stop();
		}
		this.#writer.clear();
		this.#paused = false;
		const tokenizer = this.tokenizer;
		tokenizer.expectEcho(undefined);
		tokenizer.expectPrompt(false);
		tokenizer.expectPayload(undefined);
		tokenizer.endPayload(this.#ring.head); // given up inside a payload (its count garbled, say): lines again
		const delegate = this.#delegate!;
		this.#delegate = undefined;
		delegate.onDone(this, result, code);
	}

	#onTimer(): void {
		try {
			switch (this.#state) {
				case State.CLOSED: // after a failure: the one call the serial still gets
					this.#alarm.close();
					this.#serial.close();
					return;
				case State.WAIT:
				case State.DATA: {
					const ring = this.#ring, { dataWait = 0, prompt } = this.#exchange!;
					if (this.tokenizer.payloadOpen && ring.tail > ring.head) this.#delegate!.onHeld?.(this, ring.bytes, ring.head, ring.tail);
					// Counted data not all written (its prompt lost or garbled): the module may take what comes as data.
					const counting = dataWait > 0 && (this.#state === State.DATA || (!this.#prompted && prompt !== Prompt.NONE));
					this.#finish(Result.TIMEOUT, 0, counting ? dataWait : LATE_MS);
					return this.#onReadable(0); // what the ring holds of it is read now, by QUIET's rules
				}
				case State.PROMPT:
					this.#state = State.DATA;
					this.#alarm.arm(this.#exchange!.timeout);
					if (this.#delegate!.onPrompt) this.#delegate!.onPrompt(this);
					else this.cancel();
					return;
				case State.DRAIN:
					return this.#finish(Result.CANCELLED, 0, LATE_MS);
				case State.QUIET:
					if (this.#heard && ++this.#quietRounds < QUIET_ROUNDS) {
						this.#heard = false;
						this.#alarm.arm(QUIET_MS);
					} else this.#release();
					return;
			}
		} catch (error) {
			this.#options.onError?.(this, error);
		}
	}

	// ---- output ----
	#output(bytes: Uint8Array | undefined, start: number, end: number, terminator: number): void {
		this.#writer.write(bytes, start, end, terminator);
		this.#written();
	}

	#onWritable(count: number): void {
		if (this.#state === State.CLOSED) return;
		try {
			this.#writer.writable(count);
			this.#written();
		} catch (error) {
			this.#options.onError?.(this, error);
		}
	}

	// The data has all gone out: the exchange waits for its result, and the delegate hears so.
	#written(): void {
		if (this.#state !== State.DATA || this.#writer.pending) return;
		this.#state = State.WAIT;
		this.#delegate?.onDataSent?.(this);
	}
}
