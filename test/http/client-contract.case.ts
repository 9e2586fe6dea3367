// The request contract, whatever the caller does (issue #18): onDone exactly once and never inside
// request() or write(); a callback that throws ends its request with onDone(error) (933, the thrown
// error as cause) and the next request runs; write() past or short of content-length throws RangeError
// and sends nothing; onWritable is offered again only after a write or a delay; a reader that takes
// nothing, or a writer that writes nothing, ends with 932 after callerTimeout. Nothing a callback throws
// leaves a timer callback: the fake module's clock runs the timers, so an escape fails the case.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { get, setup, start as startGet } from "./client-rig.js";
import { ModemError } from "../../modules/quectel/errors.js";
import type { HTTPClient, HTTPRequest, RequestOptions } from "../../modules/http/client.js";

// A request with the caller's own callbacks; only onDone is recorded (and then passed on).
function start(client: HTTPClient, path: string, headers: Map<string, string> | undefined, options: Partial<RequestOptions>): { error?: Error | null; dones: number } {
	const outcome: { error?: Error | null; dones: number } = { dones: 0 };
	const onDone = options.onDone;
	client.request({
		path,
		headers,
		...options,
		onDone(error) {
			outcome.error = error;
			outcome.dones++;
			onDone?.call(this, error);
		},
	});
	return outcome;
}

const OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const code = (error: unknown) => (error as { code?: number } | null | undefined)?.code;

function bytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
	return out;
}

function nextWorks(module: ReturnType<typeof setup>["module"], client: ReturnType<typeof setup>["client"]): void {
	module.responses.push(OK_RESPONSE);
	const next = get(module, client, "/next");
	equal(next.error, null, "the next request");
	equal(next.body, "ok");
	equal(next.dones, 1);
}

test("onHeaders that throws ends its request with onDone(933, cause); onError is not called; the next request works", () => {
	const errors: unknown[] = [];
	const { module, client } = setup({ onError: (e) => errors.push(e) });
	module.responses.push(OK_RESPONSE);
	const boom = new Error("boom in onHeaders");
	const outcome = start(client, "/", undefined, {
		onHeaders() {
			throw boom;
		},
	});
	module.run(() => outcome.dones > 0);
	module.run(() => false, 5000);
	equal(outcome.dones, 1);
	equal(code(outcome.error), 933);
	ok(outcome.error instanceof ModemError);
	equal((outcome.error as Error & { cause?: unknown }).cause, boom);
	equal((outcome.error as ModemError).step, "onHeaders");
	ok(/boom in onHeaders/.test(outcome.error!.message), outcome.error!.message);
	equal(errors.length, 0);
	nextWorks(module, client);
});

test("onReadable that throws ends its request once with 933 and frees the module mid-body", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 6000\r\n\r\n" + "x".repeat(6000));
	let calls = 0;
	const outcome = start(client, "/big", undefined, {
		onReadable() {
			calls++;
			throw new TypeError("reader bug");
		},
	});
	module.run(() => outcome.dones > 0);
	module.run(() => false, 5000);
	equal(outcome.dones, 1);
	equal(calls, 1);
	equal(code(outcome.error), 933);
	ok((outcome.error as Error & { cause?: unknown }).cause instanceof TypeError);
	nextWorks(module, client);
});

test("onDone that throws goes to onError; the client serves the next request", () => {
	const errors: unknown[] = [];
	const { module, client } = setup({ onError: (e) => errors.push(e) });
	module.responses.push(OK_RESPONSE);
	let dones = 0;
	client.request({
		path: "/",
		onDone() {
			dones++;
			throw new Error("boom in onDone");
		},
	});
	module.run(() => dones > 0);
	equal(errors.length, 1);
	ok(/boom in onDone/.test((errors[0] as Error).message));
	nextWorks(module, client);
	equal(dones, 1);
});

test("onDone is never called inside request() or write()", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	let dones = 0;
	let insideWrite = -1;
	client.request({
		method: "POST",
		path: "/",
		headers: new Map([["content-length", "2"], ["x-a", "1"]]),
		onWritable() {
			const before = dones;
			this.write(bytes("hi"));
			insideWrite = dones - before;
		},
		onDone() {
			dones++;
		},
	});
	equal(dones, 0);
	module.run(() => dones > 0);
	equal(insideWrite, 0);
	equal(dones, 1);
});

test("a write() past content-length throws RangeError and sends nothing; uncaught, it ends the request (933) and the next one works", () => {
	const errors: unknown[] = [];
	const { module, client } = setup({ onError: (e) => errors.push(e) });
	let thrown: unknown;
	const outcome = start(client, "/", new Map([["content-length", "3"], ["x-a", "1"]]), {
		method: "POST",
		onWritable() {
			try {
				this.write(bytes("abcd"));
			} catch (e) {
				thrown = e;
				throw e;
			}
		},
	});
	module.run(() => outcome.dones > 0);
	module.run(() => false, 5000);
	ok(thrown instanceof RangeError);
	ok(/content-length 3/.test((thrown as Error).message), (thrown as Error).message);
	equal(outcome.dones, 1);
	equal(code(outcome.error), 933);
	equal((outcome.error as Error & { cause?: unknown }).cause, thrown);
	ok(!module.commands.some((c) => c.startsWith("AT+QHTTPPOST") || c.startsWith("data:POST")), module.commands.join(" | "));
	equal(errors.length, 0, "onError is not the channel for a request's failure");
	nextWorks(module, client);
});

test("ending a body short of its content-length throws RangeError with both counts; the data is never sent twice", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	let thrown: unknown;
	let offers = 0;
	const outcome = start(client, "/", new Map([["content-length", "10"], ["x-a", "1"]]), {
		method: "POST",
		onWritable() {
			offers++;
			this.write(bytes("12345"));
			try {
				this.write();
			} catch (e) {
				thrown = e;
				throw e;
			}
		},
	});
	module.run(() => outcome.dones > 0);
	ok(thrown instanceof RangeError);
	const message = (thrown as Error).message;
	ok(/\b5\b/.test(message) && /\b10\b/.test(message), message);
	equal(offers, 1);
	equal(code(outcome.error), 933);
	ok(!module.commands.some((c) => c.includes("1234512345")), "the body went out twice");
	nextWorks(module, client);
});

test("an onWritable that writes nothing yet is offered again only after a delay, then its late data goes out", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	const offeredAt: number[] = [];
	const ready = 3000; // virtual ms until the data exists
	const outcome = start(client, "/", new Map([["content-length", "5"], ["x-a", "1"]]), {
		method: "POST",
		onWritable() {
			offeredAt.push(module.clock.now());
			if (module.clock.now() >= ready) this.write(bytes("hello"));
		},
	});
	module.run(() => outcome.dones > 0);
	equal(outcome.error, null);
	ok(module.commands.some((c) => c.endsWith("\r\n\r\nhello")), module.commands.join(" | "));
	ok(offeredAt.length >= 3 && offeredAt.length < 30, `${offeredAt.length} offers in ${ready} ms`);
	for (let i = 1; i < offeredAt.length; i++) ok(offeredAt[i]! > offeredAt[i - 1]!, `offer ${i} came at the same time as the one before (${offeredAt[i]})`);
});

test("a writer that never writes ends with 932 after callerTimeout; the module is freed", () => {
	const { module, client } = setup({ callerTimeout: 2000 });
	let offers = 0;
	const outcome = start(client, "/", new Map([["content-length", "5"], ["x-a", "1"]]), {
		method: "POST",
		onWritable() {
			offers++;
		},
	});
	module.run(() => outcome.dones > 0, 60000);
	equal(outcome.dones, 1);
	equal(code(outcome.error), 932);
	ok(offers < 30, `${offers} offers`);
	nextWorks(module, client);
});

test("a reader that never reads ends with 932 after callerTimeout, and the queue moves on", () => {
	const { module, client } = setup({ callerTimeout: 3000 });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + "y".repeat(5000));
	let announced = 0;
	let dones = 0;
	let error: unknown;
	client.request({
		path: "/big",
		onReadable(count) {
			announced = count;
		},
		onDone(e) {
			dones++;
			error = e;
		},
	});
	module.responses.push(OK_RESPONSE);
	const queued = startGet(client, "/queued");
	const started = module.clock.now();
	module.run(() => queued.dones > 0, 120000);
	equal(dones, 1);
	equal(code(error), 932);
	ok(announced > 0);
	ok(module.clock.now() - started < 60000, "ended by callerTimeout, not by the module");
	equal(queued.error, null);
	equal(queued.body, "ok");
});

test("a reader that leaves a whole small response unread ends with 932, once", () => {
	const { module, client } = setup({ callerTimeout: 1000 });
	module.responses.push(OK_RESPONSE);
	let dones = 0;
	let error: unknown;
	client.request({
		path: "/",
		onReadable() {},
		onDone(e) {
			dones++;
			error = e;
		},
	});
	module.run(() => dones > 0, 60000);
	module.run(() => false, 5000);
	equal(dones, 1);
	equal(code(error), 932);
});

test("a reader that reads later, within callerTimeout, gets the whole body", () => {
	const { module, client } = setup({ callerTimeout: 3000 });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n" + "z".repeat(4000));
	let got = 0;
	let dones = 0;
	let error: unknown;
	client.request({
		path: "/",
		onReadable() {
			const request = this as HTTPRequest;
			module.timer.set(() => {
				const data = request.read();
				got += data ? data.byteLength : 0;
			}, 1000);
		},
		onDone(e) {
			dones++;
			error = e;
		},
	});
	module.run(() => dones > 0, 120000);
	equal(error, null);
	equal(got, 4000);
});

test("no onReadable: the body is discarded and the request ends", () => {
	const { module, client } = setup({ callerTimeout: 1000 });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + "w".repeat(3000));
	let status = 0;
	let dones = 0;
	let error: unknown;
	client.request({ path: "/", onHeaders: (s) => (status = s), onDone: (e) => { dones++; error = e; } });
	module.run(() => dones > 0, 60000);
	equal(error, null);
	equal(status, 200);
});

test("onClose is called once, after close() has settled every request, never inside close()", () => {
	const order: string[] = [];
	const { module, client } = setup({ onClose: () => order.push("close") });
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nOK\r\n" } });
	const a = start(client, "/a", undefined, { onDone: () => order.push("a") });
	const b = start(client, "/b", undefined, { onDone: () => order.push("b") });
	module.run(() => module.commands.includes("AT+QHTTPGET=60,300"), 10000);
	client.close();
	client.close();
	equal(order.length, 0);
	module.run(() => order.includes("close"), 10000);
	module.run(() => false, 5000);
	equal(order.join(","), "a,b,close");
	equal(a.dones, 1);
	equal(b.dones, 1);
	equal(code(a.error), 930);
});

test("the client's plumbing is not on it: packet, urlBuffer, onData, afterRead, nextPacket, readRoom", () => {
	const { client } = setup();
	for (const name of ["packet", "packetFill", "urlBuffer", "tls", "responseTime", "onData", "afterRead", "nextPacket", "readRoom", "onResult", "onFinish", "read", "write"]) {
		equal((client as unknown as Record<string, unknown>)[name], undefined, name);
	}
	throws(() => client.request(undefined as never), TypeError, (e) => /options object/.test(e.message));
});

test("a reader that takes the last bytes from its own timer, after the module is done, gets onDone at once", () => {
	const { module, client } = setup({ bufferSize: 4096 });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + "r".repeat(3000));
	let dones = 0, doneAt = -1, tookAt = -1, got = 0;
	let request: HTTPRequest | undefined;
	request = client.request({
		path: "/slow",
		onReadable() {}, // a reader that reads later, from its own timer
		onDone(error) {
			equal(error, null);
			dones++;
			doneAt = module.clock.now();
		},
	});
	module.run(() => module.served);
	module.clock.setTimeout(() => {
		tookAt = module.clock.now();
		got = (request!.read() as ArrayBuffer).byteLength;
	}, 500);
	module.run(() => dones > 0);
	equal(got, 3000);
	equal(dones, 1);
	ok(doneAt - tookAt <= 5, `onDone ${doneAt - tookAt} ms after the last bytes were taken`);
});
