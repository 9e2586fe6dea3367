// A tiny stand-in for the module, for tests of the Modem and the HTTP client that read like the wire:
// it records every command line, answers the few commands the library sends from a table of
// behaviours the test sets, and serves queued HTTP responses through AT+QHTTPREAD. It speaks the
// BC660K's dialect (`>`, counted reads) or the BG95's (CONNECT, whole reads ended by OK and
// +QHTTPREAD: 0). It knows nothing of the network; the emulator is the full module.
import { MockSerial, ascii } from "../support/mock-serial.js";
import type { SerialClass } from "../../modules/at/io.js";
import { ManualClock } from "../support/virtual-timer.js";
import { hostSerial, hostTimer } from "../support/hosts.js";
// Loaded for its side effect: the BG95 profile names itself, so that module: "bg95" works.
import "../../modules/quectel/bg95/profile.js";

export interface Answer {
	/** Bytes the module sends back (CR LF included). */
	reply: string;
	/** After `>`, how many data bytes it takes before `dataReply`. */
	data?: number;
	dataReply?: string;
}

export class FakeModule {
	clock = new ManualClock();
	timer = hostTimer(this.clock);
	mock: MockSerial;
	/** Command lines received (data shown as `data:<text>`, data dropped at the input timeout as `lost:<text>`). */
	commands: string[] = [];
	/** HTTP responses the next requests get, raw. */
	responses: string[] = [];
	/** Per-command overrides: the first matching prefix answers once. */
	overrides: { prefix: string; answer: Answer }[] = [];
	echo = false;
	resultUrc = true;
	/** Milliseconds between a command (or its data) and the answer; 0: in the same instant. A real module
	 *  takes about 20–40 ms, and some races need that time to exist. */
	turnaround = 0;
	/** The name GETEX's result URC is printed with (sibling modules print QHTTPGET). */
	rangeUrc = "QHTTPGETEX";
	/** Told each command line and data record as it is recorded in `commands`, before it is answered. */
	onLine: ((line: string) => void) | undefined;
	/** Called by run() before each answer goes out: the moment between a command and its answer. */
	beforeReply: (() => void) | undefined;
	#pending: string[] = [];
	#later = 0; // answers waiting out the turnaround
	#written = "";
	#dataLeft = 0;
	#dataReply = "";
	#response = "";
	#readAt = 0;
	#deadline: unknown;

	/** Told how many bytes of a counted data input have come, while more are due. */
	onData: ((received: number, of: number) => void) | undefined;
	readonly dialect: "bc660k" | "bg95";

	constructor(readLimit = 64, dialect: "bc660k" | "bg95" = "bc660k") {
		this.dialect = dialect;
		this.mock = new MockSerial({ readLimit, onWrite: (m) => this.#onWrite(m) });
	}

	get serial(): { io: MockSerial["io"] } {
		return { io: hostSerial(this.mock.io as unknown as SerialClass, this.clock) as unknown as MockSerial["io"] };
	}

	/** Module output at the next step (a URC, RDY…). */
	emit(text: string): void {
		this.#pending.push(text);
	}

	/** Runs until done() or `limit` virtual ms. */
	run(done: () => boolean, limit = 600000): boolean {
		const end = this.clock.now() + limit;
		for (let guard = 0; guard < 1000000; guard++) {
			this.mock.drain();
			if (this.#pending.length) this.beforeReply?.(); // which may change what goes out (a reboot)
			const reply = this.#pending.shift();
			if (reply !== undefined) {
				this.transmit(reply);
				continue;
			}
			if (done()) return true;
			if (this.#pending.length) continue; // done() emitted something: it goes out now
			const at = this.clock.nextAt();
			if (at === undefined || at > end) return done();
			this.clock.advance(at - this.clock.now());
		}
		return done();
	}

	/** The module restarts: what it was doing and its settings are gone, echo is on, RDY is printed. */
	reboot(): void {
		this.#pending.length = 0;
		this.#written = "";
		this.#dataLeft = 0;
		this.clock.clearTimeout(this.#deadline);
		this.echo = true;
		this.emit("\r\nRDY\r\n");
	}

	/** Whether the last response has been read to its end and every answer has gone out. */
	get served(): boolean {
		return this.#response.length > 0 && this.#readAt >= this.#response.length && this.#later === 0 && this.#pending.length === 0;
	}

	#answerLater(reply: string): void {
		if (this.turnaround <= 0) return void this.#pending.push(reply);
		this.#later++;
		this.clock.setTimeout(() => {
			this.#later--;
			this.#pending.push(reply);
		}, this.turnaround);
	}

	#record(line: string): void {
		this.commands.push(line);
		this.onLine?.(line);
	}

	/** Sends one answer to the host; the fuzzer overrides it to mutate and split what is sent. */
	protected transmit(reply: string): void {
		this.mock.put(reply);
	}

	#onWrite(mock: MockSerial): void {
		this.#written += mock.takeRaw();
		if (this.#dataLeft < 0) {
			const z = this.#written.indexOf("\x1a");
			if (z < 0) return;
			this.#record(`data:${this.#written.slice(0, z)}<ctrl-z>`);
			this.#written = this.#written.slice(z + 1);
			this.#dataLeft = 0;
			this.#answerLater(`\r\n+QSSLCFG: 0,0,"cacert",${z}\r\n\r\nOK\r\n`);
			return;
		}
		if (this.#dataLeft > 0) {
			if (this.#written.length < this.#dataLeft) return void (this.#written.length && this.onData?.(this.#written.length, this.#dataLeft));
			const data = this.#written.slice(0, this.#dataLeft);
			this.#written = this.#written.slice(this.#dataLeft);
			this.#dataLeft = 0;
			this.clock.clearTimeout(this.#deadline);
			this.#record(`data:${data}`);
			this.#answerLater(this.#dataReply);
			return;
		}
		for (let cr = this.#written.indexOf("\r"); cr >= 0; cr = this.#written.indexOf("\r")) {
			const line = this.#written.slice(0, cr);
			this.#written = this.#written.slice(cr + 1);
			this.#record(line);
			const answer = this.#answer(line);
			this.#answerLater((this.echo ? `${line}\r` : "") + answer.reply);
			if (answer.data !== undefined) {
				this.#dataLeft = answer.data;
				this.#dataReply = answer.dataReply ?? "";
				// Data that never comes (the host missed the prompt) ends in ERROR after the input time, as the
				// manual's <timeout> says (the BG95: 726, input timeout); until then the module takes whatever
				// arrives as data.
				this.#deadline = this.clock.setTimeout(() => {
					this.#dataLeft = 0;
					if (this.#written) this.#record(`lost:${this.#written}`); // what came, dropped
					this.#written = "";
					this.#pending.push(this.dialect === "bg95" ? "\r\n+CME ERROR: 726\r\n" : "\r\nERROR\r\n");
				}, 60000);
				return;
			}
		}
	}

	#answer(line: string): Answer {
		const at = this.overrides.findIndex((o) => line.startsWith(o.prefix));
		if (at >= 0) return this.overrides.splice(at, 1)[0]!.answer;
		if (line === "ATE0") {
			this.echo = false;
			return { reply: "\r\nOK\r\n" };
		}
		if (line === "AT+CPIN?") return { reply: "\r\n+CPIN: READY\r\n\r\nOK\r\n" };
		if (line === "AT+CGATT?") return { reply: "\r\n+CGATT: 1\r\n\r\nOK\r\n" };
		if (line === "AT+CGPADDR") return { reply: "\r\n+CGPADDR: 0,\"10.0.0.2\"\r\n\r\nOK\r\n" };
		if (this.dialect === "bg95") {
			const answer = this.#bg95(line);
			if (answer) return answer;
		}
		if (line === "AT+QIDNSCFG?") return { reply: "\r\n+QIDNSCFG: \"8.8.8.8\",\"8.8.4.4\"\r\n\r\nOK\r\n" };
		let m = /^AT\+QHTTPURL=(\d+)/.exec(line);
		if (m) return { reply: "\r\n>", data: Number(m[1]), dataReply: "\r\nOK\r\n" };
		m = /^AT\+QSSLCFG=0,0,"cacert"$/.exec(line);
		if (m) return { reply: "\r\n>", data: -1 };
		if (/^AT\+QHTTPGET(EX)?=/.test(line)) {
			const name = line.startsWith("AT+QHTTPGETEX") ? this.rangeUrc : "QHTTPGET";
			return { reply: "\r\nOK\r\n" + this.#result(name) };
		}
		m = /^AT\+QHTTPPOST=(\d+)(?:,\d+,\d+(?:,(\d)(?:,\d+)?)?)?/.exec(line);
		if (m) {
			const last = m[2] !== "1";
			return { reply: "\r\n>", data: Number(m[1]), dataReply: "\r\nOK\r\n" + (last ? this.#result("QHTTPPOST") : "") };
		}
		m = /^AT\+QHTTPREAD=(\d+)/.exec(line);
		if (m) {
			const n = Math.min(Number(m[1]), this.#response.length - this.#readAt);
			const data = this.#response.slice(this.#readAt, this.#readAt + n);
			this.#readAt += n;
			return { reply: `\r\n+QHTTPREAD: ${n},${this.#response.length - this.#readAt}\r\n${data}\r\nOK\r\n` };
		}
		return { reply: "\r\nOK\r\n" };
	}

	// The BG95's data commands: CONNECT, exactly the count, OK (and the result URC); a read is the rest of
	// the response after CONNECT, then OK and +QHTTPREAD: 0.
	#bg95(line: string): Answer | undefined {
		const connect = "\r\nCONNECT\r\n";
		if (line === "AT+QIACT?") return { reply: "\r\n+QIACT: 1,1,1,\"10.0.0.2\"\r\n\r\nOK\r\n" };
		let m = /^AT\+QHTTPURL=(\d+),\d+$/.exec(line);
		if (m) return { reply: connect, data: Number(m[1]), dataReply: "\r\nOK\r\n" };
		if (/^AT\+QHTTPGET=\d+$/.test(line)) return { reply: "\r\nOK\r\n" + this.#result("QHTTPGET") };
		m = /^AT\+QHTTP(GET|POST)=(\d+),(\d+),(\d+)$/.exec(line); // GET: <rsptime>,<length>,…; POST: <length>,…
		if (m) return { reply: connect, data: Number(m[1] === "GET" ? m[3] : m[2]), dataReply: "\r\nOK\r\n" + this.#result(`QHTTP${m[1]}`) };
		if (/^AT\+QHTTPREAD=\d+$/.test(line)) {
			const data = this.#response.slice(this.#readAt);
			this.#readAt = this.#response.length;
			return { reply: `${connect}${data}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n` };
		}
		return undefined;
	}

	#result(name: string): string {
		this.#response = this.responses.shift() ?? "";
		this.#readAt = 0;
		if (!this.resultUrc) return "";
		const status = /^HTTP\/1\.\d (\d{3})/.exec(this.#response)?.[1] ?? "200";
		const length = /\r\ncontent-length: *(\d+)/i.exec(this.#response)?.[1];
		return `\r\n+QHTTPGET: 0,${status}${length ? `,${length}` : ""}\r\n`.replace("QHTTPGET", name);
	}
}

export { ascii };
