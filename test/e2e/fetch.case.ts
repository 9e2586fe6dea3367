// fetch() over the provider: JSON, text, a POST with a string body, HTTPS with the CA.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { withWorld } from "./rig.js";
import { createFetch } from "../../modules/http/fetch.js";

test("fetch: chunked JSON, POST of a string, HTTPS text", () =>
	withWorld({}, async (world, modem) => {
		const fetch = createFetch({ modem, secure: { ca: world.servers.caPem } });
		const pending: Promise<unknown>[] = [];
		let json: unknown, echo: unknown, text = "";
		pending.push(fetch(`http://127.0.0.1:${world.servers.http}/chunked-json`).then((r) => r.json()).then((v) => (json = v)));
		pending.push(fetch(`http://127.0.0.1:${world.servers.http}/echo`, { method: "POST", body: "t=21.5 °C", headers: { "Content-Type": "text/plain" } }).then((r) => r.json()).then((v) => (echo = v)));
		pending.push(fetch(`https://127.0.0.1:${world.servers.https}/text`).then((r) => {
			ok(r.ok);
			return r.text();
		}).then((v) => (text = v)));
		let settled = 0;
		for (const p of pending) p.then(() => settled++, () => settled++);
		await world.runUntil(() => settled === pending.length, 600000);
		equal(JSON.stringify(json), "{\"readings\":[21.5,21.7,21.9]}");
		equal((echo as { bodyLength: number }).bodyLength, 10); // UTF-8 bytes, not characters
		equal(text, "hello, world");
	}));
