// The caller-and-serial misbehaviour matrix: every phase of a request × every way a careless caller, a
// failing serial or a restarting module can break it. Each cell runs one POST (custom-header mode: a
// 3000-byte body, on the BC660K in AT+QHTTPPOST packets and a 3000-byte response in reads of 1024; on
// the BG95 in one counted data input and one whole read) on the stand-in module, lets the misbehaviour
// happen at its phase, and checks:
// - the request settles exactly once, with what the cell expects (a typed error's code, or success),
//   within the cell's bound of virtual time after the misbehaviour took effect, and never again in the
//   70 s that follow;
// - a call the library refuses throws a typed error synchronously and changes nothing else;
// - nothing is called on a closed serial (the host doubles record it as a fault, which fails the case);
// - no command goes into a data input cut short (on the BG95 the module counts its data and gives up
//   only at its input time: the next request waits for that);
// - the next request (on the same client, or a new client or modem where the old was closed) returns
//   its 1500 bytes bit-exact; where the serial is gone, it settles at once with 904.
// The phases are read off the wire (the stand-in module sees each command before answering it), so a
// cell means the same thing under every host model.
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient, type HTTPRequest } from "../../modules/http/client.js";
import { FakeModule } from "../quectel/fake-module.js";
import { takeHostFaults } from "../support/host-serial.js";
import { moduleModel } from "../support/world.js";

export const PHASES = ["queued", "configuring", "url", "command", "body", "result", "reading", "draining", "done"] as const;
export type Phase = (typeof PHASES)[number];

// What the cell expects of the request: the code of its error, OK (success), or OK after the caller's
// own call threw a typed error (THREW: the error's constructor name).
const OK = 0;
type Expect = number | { threw: string };

const CALLBACK = 933, CLOSED = 930, SERIAL = 904, REBOOTED = 902, MUTE = 901;
const threw = (name: string): Expect => ({ threw: name });

/** Each misbehaviour: the phases it can happen in and what the request then ends with. */
export const MISUSES: Record<string, Partial<Record<Phase, Expect>>> = {
	// A callback throws where the library calls it (the headers and the reads come in `reading`, the
	// first offer of room while the module is configured, the second after the first packet).
	"onHeaders throws": { reading: CALLBACK },
	"onReadable throws": { reading: CALLBACK },
	"onWritable throws": { configuring: CALLBACK, body: CALLBACK },
	"onDone throws": { done: OK },
	// The body, written badly from onWritable and not caught.
	"write too long": { configuring: CALLBACK, body: CALLBACK },
	"body ended short": { configuring: CALLBACK, body: CALLBACK },
	// Calls from outside any callback, once the body has ended or the request settled.
	"write after the end": { result: threw("RangeError"), reading: threw("Error"), draining: threw("Error"), done: threw("Error") },
	"read after done": { done: threw("Error") },
	"close() of the client": { queued: CLOSED, configuring: CLOSED, url: CLOSED, command: CLOSED, body: CLOSED, result: CLOSED, reading: CLOSED, draining: CLOSED, done: OK },
	"close() of the modem": { queued: CLOSED, configuring: CLOSED, url: CLOSED, command: CLOSED, body: CLOSED, result: CLOSED, reading: CLOSED, draining: OK, done: OK },
	"serial onError": { queued: SERIAL, configuring: SERIAL, url: SERIAL, command: SERIAL, body: SERIAL, result: SERIAL, reading: SERIAL, draining: OK, done: OK },
	"serial write throws": { queued: SERIAL, configuring: SERIAL, url: SERIAL, command: SERIAL, body: SERIAL, result: SERIAL, reading: SERIAL, draining: OK, done: OK },
	// RDY while queued: the request starts on a fresh module; mid-request the module lost it.
	"module reboots": { queued: OK, configuring: REBOOTED, url: REBOOTED, command: REBOOTED, body: REBOOTED, result: REBOOTED, reading: REBOOTED, draining: OK, done: OK },
};

// The BG95 reads a response whole, in one command: after its AT+QHTTPREAD the library writes nothing, so
// writes that fail are found by the next request.
const BG95_MISUSES: Record<string, Partial<Record<Phase, Expect>>> = {
	"serial write throws": { ...MISUSES["serial write throws"], reading: OK },
};

/** Virtual ms from the misbehaviour's effect to the settling: the next turn, but for a write that fails,
 *  which fails the serial only when the library next writes (after `>` and the data-mode delay at most). */
const BOUND_MS = 100;
const WRITE_BOUND_MS = 1000;

export interface Cell {
	phase: Phase;
	misuse: string;
	expect: Expect;
}

export function cells(): Cell[] {
	const list: Cell[] = [];
	const misuses = moduleModel() === "bg95" ? { ...MISUSES, ...BG95_MISUSES } : MISUSES;
	for (const misuse of Object.keys(misuses)) {
		for (const phase of PHASES) {
			const expect = misuses[misuse]![phase];
			if (expect !== undefined) list.push({ phase, misuse, expect });
		}
	}
	return list;
}

const BODY = 3000;
const pattern = (n: number, salt: number) => {
	let text = "";
	for (let i = 0; i < n; i++) text += String.fromCharCode((i * 7 + salt) & 0xff);
	return text;
};
const BODY_BYTES = pattern(BODY, 1);
const RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + BODY_BYTES;
const NEXT = pattern(1500, 3);

// The misbehaviours done from outside any callback, at their phase's moment; the others wait for their callback.
const WRITE_AFTER_END = 1, READ_AFTER_DONE = 2, CLOSE_CLIENT = 3, CLOSE_MODEM = 4, SERIAL_ERROR = 5, WRITE_FAILS = 6, REBOOT = 7;
const EXTERNAL: Record<string, number> = {
	"write after the end": WRITE_AFTER_END,
	"read after done": READ_AFTER_DONE,
	"close() of the client": CLOSE_CLIENT,
	"close() of the modem": CLOSE_MODEM,
	"serial onError": SERIAL_ERROR,
	"serial write throws": WRITE_FAILS,
	"module reboots": REBOOT,
};

/** Runs one cell; returns what went wrong, or undefined. */
export function runCell(cell: Cell): string | undefined {
	const { phase, misuse } = cell;
	const model = moduleModel();
	const module = new FakeModule(64, model);
	module.resultUrc = false; // the result URC comes when the cell says, so that `result` is a moment of its own
	module.turnaround = 20; // as a real module: the first offer of room then comes while the probe is in flight
	const clientErrors: unknown[] = [];
	let modem = new Modem({ serial: module.serial, timer: module.timer, module: model });
	let client = new HTTPClient({ modem, host: "example.com", bufferSize: 4096, onError: (e) => clientErrors.push(e) });
	module.responses.push(RESPONSE);

	let armed = false; // a callback misbehaviour waits for its callback
	let effectAt = -1; // when the misbehaviour took effect
	let thrown: unknown; // what a refused call threw
	let dones = 0;
	let settledAt = -1;
	let error: Error | null | undefined;
	let received = "";
	let written = 0;
	let ended = false;
	let request: HTTPRequest | undefined;
	const now = () => module.clock.now();
	const slow = phase === "draining"; // the reader takes nothing until the module is done

	const misbehave = (): void => {
		effectAt = now();
		switch (EXTERNAL[misuse]) {
			case WRITE_AFTER_END:
				try {
					request!.write(new Uint8Array(4));
				} catch (e) {
					thrown = e;
				}
				return;
			case READ_AFTER_DONE:
				try {
					request!.read();
				} catch (e) {
					thrown = e;
				}
				return;
			case CLOSE_CLIENT: return client.close();
			case CLOSE_MODEM: return modem.close();
			case SERIAL_ERROR: return module.mock.fail(new Error("EIO: the device went away"));
			case WRITE_FAILS:
				module.mock.failWrites = new Error("EIO: write failed");
				return;
			case REBOOT: return module.reboot();
		}
		armed = true; // a callback's: it misbehaves when next called
		effectAt = -1;
	};
	// Inside a callback: the armed misbehaviour, if it is this callback's.
	const inside = (name: string, self: HTTPRequest, count = 0): boolean => {
		if (!armed) return false;
		if (misuse === `${name} throws`) {
			armed = false;
			effectAt = now();
			throw new Error(`careless ${name}`);
		}
		if (name !== "onWritable") return false;
		if (misuse === "write too long") {
			armed = false;
			effectAt = now();
			self.write(new Uint8Array(BODY - written + 1));
		}
		if (misuse === "body ended short") {
			armed = false;
			effectAt = now();
			self.write(new Uint8Array(Math.min(count, BODY - written - 1)));
			self.write();
		}
		return true;
	};

	// A callback's misbehaviour in `configuring` is armed before the request starts: the first offer of
	// room comes while the module is probed and configured.
	const onCallback = !(misuse in EXTERNAL);
	const trigger: Phase = phase === "configuring" && onCallback ? "queued" : phase;
	let fired = false;
	const fire = (at: Phase): void => {
		if (fired || at !== trigger) return;
		fired = true;
		misbehave();
	};
	let posts = 0;
	let lastPacket = false;
	let resultDue = false;
	module.onLine = (line) => {
		if (line.startsWith("AT+QHTTPCFG")) pending = "configuring";
		else if (line.startsWith("AT+QHTTPURL")) pending = "url";
		else if (line.startsWith("AT+QHTTPPOST")) {
			posts++;
			lastPacket = model === "bg95" || /^AT\+QHTTPPOST=\d+,\d+,\d+,0/.test(line); // the BG95's is one shot
			if (posts === 1) pending = "command";
		} else if (line.startsWith("data:") && posts > 0) {
			if (posts === 1) pending = "body";
			if (lastPacket) resultDue = true;
		} else if (line.startsWith("AT+QHTTPREAD") && !readSeen) {
			readSeen = true;
			pending = "reading";
		}
	};
	// The BG95 takes the body in one data input: `body` is while it is coming.
	module.onData = () => {
		if (posts === 1 && !bodySeen) bodySeen = bodyDue = true;
	};
	let pending: Phase | undefined;
	let readSeen = false;
	let bodySeen = false;
	let bodyDue = false;
	module.beforeReply = () => {
		const at = pending;
		pending = undefined;
		if (at) fire(at);
	};
	// Between answers: the result URC after the last packet's OK, the draining moment.
	const step = (): boolean => {
		if (bodyDue) {
			bodyDue = false;
			fire("body");
		}
		if (resultDue) {
			resultDue = false;
			fire("result");
			module.emit("\r\n+QHTTPPOST: 0,200,3000\r\n");
		}
		if (slow && module.served && dones === 0 && !fired && received.length === 0) {
			fire("draining");
			// Then the slow reader takes what waits, from outside any callback.
			module.clock.setTimeout(() => {
				try {
					const data = request!.read();
					if (data) received += asText(new Uint8Array(data as ArrayBuffer));
				} catch (e) {
					if (dones === 0) thrown = e;
				}
			}, 10);
		}
		return false;
	};

	request = client.request({
		method: "POST",
		path: "/up",
		headers: new Map([["content-length", String(BODY)], ["x-test", "1"]]),
		onWritable(count) {
			if (inside("onWritable", this, count)) return;
			const n = Math.min(count, BODY - written);
			this.write(new Uint8Array(n));
			written += n;
			if (written === BODY && !ended) {
				ended = true;
				this.write();
			}
		},
		onHeaders() {
			inside("onHeaders", this);
		},
		onReadable(count) {
			if (inside("onReadable", this)) return;
			if (slow) return;
			received += asText(new Uint8Array(this.read(count) as ArrayBuffer));
		},
		onDone(e) {
			dones++;
			error = e;
			settledAt = now();
			if (misuse !== "onDone throws") return fire("done");
			fired = true;
			effectAt = now();
			throw new Error("careless onDone");
		},
	});
	fire("queued");

	module.run(() => step() || dones > 0, 600000);
	const problems: string[] = [];
	let reopened = false;
	let next = nextRequest();
	// A Modem closed while the module counts a request's data leaves it counting until its input time (60 s):
	// until then the new Modem's requests may find it mute (901); after it they must work.
	while (misuse === "close() of the modem" && (next.error as { code?: number } | null)?.code === MUTE && now() < settledAt + 65000) next = nextRequest();
	// Nothing more may come of the first: no second onDone in the 70 s after it settled.
	if (settledAt >= 0) module.run(() => step(), Math.max(0, settledAt + 70000 - now()));

	const expect = cell.expect;
	if (dones !== 1) problems.push(`settled ${dones} times`);
	if (typeof expect === "number") {
		const code = (error as { code?: number } | null | undefined)?.code ?? OK;
		if (code !== expect) problems.push(`settled with ${error ? `${code} (${error.message.slice(0, 120)})` : "success"}, expected ${expect || "success"}`);
		if (expect === OK && error === null && received !== BODY_BYTES) problems.push(`received ${received.length} of ${BODY} bytes${received.length === BODY ? ", not the ones sent" : ""}`);
	} else {
		const name = (thrown as Error | undefined)?.constructor?.name;
		if (name !== expect.threw) problems.push(`the refused call threw ${name ?? "nothing"}, expected ${expect.threw}`);
		if (error !== null) problems.push(`settled with ${error?.message}, expected success`);
	}
	if (misuse === "onDone throws" && clientErrors.length !== 1) problems.push(`onError heard ${clientErrors.length} errors, expected the one onDone threw`);
	if (effectAt < 0 && fired === false) problems.push("the phase never came");
	else if (settledAt >= 0 && effectAt >= 0 && settledAt >= effectAt) {
		const bound = misuse === "serial write throws" ? WRITE_BOUND_MS : BOUND_MS;
		if (typeof expect === "number" && expect !== OK && settledAt - effectAt > bound) problems.push(`settled ${settledAt - effectAt} ms after the misbehaviour (bound ${bound} ms)`);
	}

	const dead = EXTERNAL[misuse] === SERIAL_ERROR || EXTERNAL[misuse] === WRITE_FAILS; // and stays so
	if (next.dones !== 1) problems.push(`the next request settled ${next.dones} times`);
	else if (dead) {
		const code = (next.error as { code?: number } | null | undefined)?.code;
		if (code !== SERIAL || next.at - next.asked > 10) problems.push(`the next request on a failed serial settled with ${code} after ${next.at - next.asked} ms, expected 904 at once`);
	} else if (next.error) problems.push(`the next request failed: ${next.error.message.slice(0, 160)}`);
	else if (next.body !== NEXT) problems.push(`the next request's body differs (${next.body.length} of ${NEXT.length} bytes)`);
	// A data input cut short must not take the next commands as its data (counted data cannot be ended
	// early). A new Modem cannot know the one closed left the module counting: its probes may fill a URL.
	const swallowed = misuse !== "close() of the modem" && module.commands.find((c) => /^(data|lost):/.test(c) && /AT[+\r]/.test(c));
	if (swallowed) problems.push(`commands went into the module's data: ${JSON.stringify(swallowed.slice(0, 80))}`);
	modem.close();
	const faults = takeHostFaults();
	if (faults.length) problems.push(`host faults: ${faults.join(", ")}`);
	return problems.length ? problems.join("; ") : undefined;

	// The next request, as soon as the first settled: on the same client, or anew where the client or the
	// modem was closed.
	function nextRequest() {
		if (misuse === "close() of the modem" && !reopened) {
			reopened = true;
			modem = new Modem({ serial: module.serial, timer: module.timer, module: model });
			client = new HTTPClient({ modem, host: "example.com" });
		} else if (misuse === "close() of the client" && !reopened) {
			reopened = true;
			client = new HTTPClient({ modem, host: "example.com" });
		}
		module.resultUrc = true;
		module.responses.length = 0; // what a request cut short left unread
		module.responses.push(`HTTP/1.1 200 OK\r\nContent-Length: ${NEXT.length}\r\n\r\n${NEXT}`);
		const next = { dones: 0, error: undefined as Error | null | undefined, body: "", at: -1, asked: now() };
		client.request({
			path: "/next",
			onReadable(count) {
				next.body += asText(new Uint8Array(this.read(count) as ArrayBuffer));
			},
			onDone(e) {
				next.dones++;
				next.error = e;
				next.at = now();
			},
		});
		module.run(() => step() || next.dones > 0, 600000);
		return next;
	}
}

function asText(bytes: Uint8Array): string {
	let text = "";
	for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
	return text;
}

export function cellName(cell: Cell): string {
	return `${cell.misuse} while ${cell.phase}`;
}
