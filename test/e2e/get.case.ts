// GET end to end: the library, the emulated module, and real local HTTP/HTTPS servers.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { client, fetchOnce, sameBytes, withWorld } from "./rig.js";

test("a 4 KB binary GET over HTTP arrives bit-exact", () =>
	withWorld({}, async (world, modem) => {
		const result = await fetchOnce(world, client(world, modem), "/bytes/4096?seed=3");
		equal(result.error, null);
		equal(result.status, 200);
		ok(sameBytes(result.body, world.expectedBytes(4096, 3)), "body differs");
		equal(result.dones, 1);
	}));

test("HTTPS with the right CA works; with the wrong CA it fails clearly (701)", () =>
	withWorld({}, async (world, modem) => {
		const good = await fetchOnce(world, client(world, modem, { ca: world.servers.caPem }), "/text");
		equal(good.error, null);
		equal(String.fromCharCode(...good.body), "hello, world");
		const bad = await fetchOnce(world, client(world, modem, { ca: world.servers.wrongCaPem }), "/text");
		equal((bad.error as { code?: number })?.code, 701);
		equal(bad.dones, 1);
	}));

test("GETEX range gives the 206 slice; a server without ranges fails with 920", () =>
	withWorld({}, async (world, modem) => {
		const c = client(world, modem);
		const part = await fetchOnce(world, c, "/bytes/10000?seed=5", { headers: new Map([["range", "bytes=1000-2999"]]) });
		equal(part.error, null);
		equal(part.status, 206);
		ok(sameBytes(part.body, world.expectedBytes(10000, 5).subarray(1000, 3000)));
		const whole = await fetchOnce(world, c, "/norange/5000", { headers: new Map([["range", "bytes=0-99"]]) });
		equal((whole.error as { code?: number })?.code, 920);
	}));

test("POST small, a 100 KB streamed PUT, and DELETE reach the server intact", () =>
	withWorld({}, async (world, modem) => {
		const c = client(world, modem);
		const small = new Uint8Array([104, 105]);
		const a = await fetchOnce(world, c, "/echo", { method: "POST", headers: new Map([["content-length", "2"], ["content-type", "text/plain"]]), body: small });
		equal(a.error, null);
		ok(/"bodyLength":2/.test(String.fromCharCode(...a.body)));
		const big = world.expectedBytes(100 * 1024, 9);
		const b = await fetchOnce(world, c, "/echo", { method: "PUT", headers: new Map([["content-length", String(big.length)], ["content-type", "application/octet-stream"]]), body: big });
		equal(b.error, null);
		const requests = await world.requests();
		const put = requests.find((r) => r.method === "PUT")!;
		equal(put.bodyLength, big.length);
		const d = await fetchOnce(world, c, "/echo", { method: "DELETE" });
		equal(d.error, null);
		ok((await world.requests()).some((r) => r.method === "DELETE"));
	}));

test("a chunked JSON response is decoded", () =>
	withWorld({}, async (world, modem) => {
		const result = await fetchOnce(world, client(world, modem), "/chunked-json");
		equal(result.error, null);
		equal(String.fromCharCode(...result.body), "{\"readings\":[21.5,21.7,21.9]}");
	}));

test("+CME ERROR 714 at GET fails the request; after the ladder the next GET succeeds", () =>
	withWorld({ faults: "cme=714@QHTTPGET#1" }, async (world, modem) => {
		const c = client(world, modem);
		const failed = await fetchOnce(world, c, "/text");
		equal((failed.error as { code?: number })?.code, 714);
		const next = await fetchOnce(world, c, "/text");
		equal(next.error, null);
		equal(next.length, 12);
	}));

test("HTTPS on a firmware that takes only \"secllevel\" (issue 14.2): the fallback, then every request works", () =>
	withWorld({ seclevelName: "secllevel" }, async (world, modem) => {
		const c = client(world, modem, { ca: world.servers.caPem });
		for (let i = 0; i < 2; i++) {
			const result = await fetchOnce(world, c, "/text");
			equal(result.error, null);
			equal(String.fromCharCode(...result.body), "hello, world");
		}
	}));

test("a module left with verbose errors (AT+CMEE=2, kept in its NVRAM by another host) still gives numbers: a DNS failure at the request is 714, at a read 717", () =>
	withWorld({ cmee: 2, faults: ["cme=714@QHTTPGET#1", "cme=717@QHTTPREAD#1"] }, async (world, modem) => {
		const c = client(world, modem);
		const dns = await fetchOnce(world, c, "/text");
		equal((dns.error as { code?: number })?.code, 714);
		equal(dns.dones, 1);
		const read = await fetchOnce(world, c, "/text");
		equal((read.error as { code?: number })?.code, 717);
		const good = await fetchOnce(world, c, "/text");
		equal(good.error, null);
		equal(String.fromCharCode(...good.body), "hello, world");
	}));
