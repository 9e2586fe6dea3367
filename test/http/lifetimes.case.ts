// Lifetimes (issue #18): a Download never throws out of its timer and ends at once on an error a retry
// cannot help (930, 920, a sink that throws); fetch shares a bounded number of clients, closes idle
// ones, and close() ends it. Timers run from the fake module's clock: anything thrown out of one fails
// the case.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { setup } from "./client-rig.js";
import { Download } from "../../modules/http/download.js";
import { createFetch, type Fetch } from "../../modules/http/fetch.js";
import type { FakeModule } from "../quectel/fake-module.js";

const code = (error: unknown) => (error as { code?: number } | null | undefined)?.code;

function range(from: number, to: number, total: number): string {
	let body = "";
	for (let i = from; i <= to; i++) body += String.fromCharCode(97 + (i % 26));
	return `HTTP/1.1 206 Partial Content\r\nContent-Range: bytes ${from}-${to}/${total}\r\nContent-Length: ${to - from + 1}\r\n\r\n${body}`;
}

function download(module: FakeModule, client: ReturnType<typeof setup>["client"], sink: (bytes: Uint8Array) => number = (b) => b.length) {
	const result = { dones: 0, error: undefined as Error | null | undefined, total: 0 };
	const d = new Download({
		client,
		path: "/fw.bin",
		timer: module.timer,
		rangeSize: 10,
		retryDelay: 1000,
		sink: { write: sink },
		onDone(error, total) {
			result.dones++;
			result.error = error;
			result.total = total;
		},
	});
	return { d, result };
}

const getexCount = (module: FakeModule) => module.commands.filter((c) => c.startsWith("AT+QHTTPGETEX=")).length;

test("Download: the client closed while a retry waits ends the download with 930, nothing thrown from the timer", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGETEX=", answer: { reply: "\r\n+CME ERROR: 702\r\n" } });
	const { result } = download(module, client);
	module.run(() => getexCount(module) === 1 && module.commands.length > 0, 10000);
	module.run(() => false, 500); // the 702 arrived; the retry waits 1 s
	equal(result.dones, 0);
	client.close();
	module.run(() => result.dones > 0, 60000);
	module.run(() => false, 120000);
	equal(result.dones, 1);
	equal(code(result.error), 930);
	equal(getexCount(module), 1);
});

test("Download: the client closed mid-range ends it with 930 at once, never retried", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGETEX=", answer: { reply: "\r\nOK\r\n" } }); // the result never comes
	const { result } = download(module, client);
	module.run(() => getexCount(module) === 1, 10000);
	client.close();
	module.run(() => false, 120000);
	equal(result.dones, 1);
	equal(code(result.error), 930);
	equal(getexCount(module), 1);
});

test("Download: a server that ignores ranges (920) is not retried", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz");
	const { result } = download(module, client);
	module.run(() => result.dones > 0, 600000);
	module.run(() => false, 120000);
	equal(result.dones, 1);
	equal(code(result.error), 920);
	equal(getexCount(module), 1);
});

test("Download: a sink that throws ends it with 933 (its error as cause), not retried", () => {
	const { module, client } = setup();
	module.responses.push(range(0, 9, 30));
	const boom = new Error("flash full");
	const { result } = download(module, client, () => {
		throw boom;
	});
	module.run(() => result.dones > 0, 600000);
	module.run(() => false, 120000);
	equal(result.dones, 1);
	equal(code(result.error), 933);
	equal((result.error as Error & { cause?: unknown }).cause, boom);
	equal(getexCount(module), 1);
});

test("Download: a retryable failure is retried and the file completes", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGETEX=", answer: { reply: "\r\n+CME ERROR: 702\r\n" } });
	module.responses.push(range(0, 9, 15), range(10, 14, 15));
	const { result } = download(module, client);
	module.run(() => result.dones > 0, 600000);
	equal(result.error, null);
	equal(result.total, 15);
	equal(getexCount(module), 3);
});

// Runs the fake module and the promise jobs until every promise settled.
async function settle(module: FakeModule, promises: Promise<unknown>[], limit = 600000): Promise<{ ok: unknown[]; errors: unknown[] }> {
	const ok: unknown[] = [], errors: unknown[] = [];
	let settled = 0;
	promises.forEach((p, i) => p.then((v) => { ok[i] = v; settled++; }, (e) => { errors[i] = e; settled++; }));
	for (let t = 0; t < limit && settled < promises.length; t += 50) {
		const end = module.clock.now() + 50;
		module.run(() => false, 50);
		if (module.clock.now() < end) module.clock.advance(end - module.clock.now());
		await null;
		await null;
	}
	return { ok, errors };
}

const OK = (text: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${text.length}\r\n\r\n${text}`;

test("fetch keeps at most maxClients clients, makes a new origin wait for a free one, and closes idle ones", async () => {
	const { module, modem } = setup();
	const fetch: Fetch = createFetch({ modem, maxClients: 2, idleTimeout: 1000 });
	module.responses.push(OK("a"), OK("b"), OK("c"));
	let most = 0;
	const pending = [fetch("http://a.example/"), fetch("http://b.example/"), fetch("http://c.example/")];
	most = Math.max(most, fetch.clients);
	const watched = pending.map((p) => p.then((r) => { most = Math.max(most, fetch.clients); return r.text(); }));
	const { ok: texts, errors } = await settle(module, watched);
	equal(errors.filter(Boolean).length, 0, String(errors));
	equal(texts.join(","), "a,b,c");
	ok(most <= 2, `${most} clients`);
	ok(module.commands.includes("data:http://c.example/"), module.commands.join(" | "));
	ok(fetch.clients >= 1);
	module.run(() => false, 3000);
	equal(fetch.clients, 0, "idle clients are closed");
	module.responses.push(OK("again"));
	const again = await settle(module, [fetch("http://a.example/").then((r) => r.text())]);
	equal(again.ok[0], "again");
	fetch.close();
});

test("fetch.close() rejects what is pending with 930, frees every client, and later calls reject", async () => {
	const { module, modem } = setup();
	const fetch = createFetch({ modem });
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nOK\r\n" } }); // never answers
	const pending = fetch("http://a.example/slow");
	module.run(() => module.commands.includes("AT+QHTTPGET=60,300"), 10000);
	fetch.close();
	fetch.close();
	const first = await settle(module, [pending]);
	equal(code(first.errors[0]), 930);
	equal(fetch.clients, 0);
	const later = await settle(module, [fetch("http://a.example/")]);
	equal(code(later.errors[0]), 930);
});

test("fetch rejects a body that is an object with a TypeError naming the fix, and sends nothing", async () => {
	const { module, modem } = setup();
	const fetch = createFetch({ modem });
	const { errors } = await settle(module, [fetch("http://a.example/", { method: "POST", body: { t: 1 } as never })]);
	ok(errors[0] instanceof TypeError, String(errors[0]));
	ok(/JSON\.stringify/.test((errors[0] as Error).message), (errors[0] as Error).message);
	equal(module.commands.length, 0);
	fetch.close();
});
