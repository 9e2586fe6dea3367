// Requests with a body: a small POST the module frames itself, anything else as a custom request
// written through AT+QHTTPPOST packets of at most 2048 bytes, chunked when the length is unknown.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { setup, start, type Outcome } from "./client-rig.js";
import type { HTTPClient } from "../../modules/http/client.js";
import type { FakeModule } from "../quectel/fake-module.js";

function send(module: FakeModule, client: HTTPClient, method: string, headers: Map<string, string>, body: string): Outcome {
	let at = 0;
	const outcome = start(client, "/echo", headers, {
		method,
		onWritable(count) {
			const n = Math.min(count, body.length - at);
			const chunk = new Uint8Array(n);
			for (let i = 0; i < n; i++) chunk[i] = body.charCodeAt(at + i);
			at += n;
			if (n) this.write(chunk);
			if (at === body.length) this.write();
		},
	});
	module.run(() => outcome.dones > 0);
	return outcome;
}

const OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

test("a small form POST is one AT+QHTTPPOST with the module's own headers", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	const body = "temp=21.5&hum=40";
	const outcome = send(module, client, "POST", new Map([["content-length", String(body.length)], ["content-type", "application/x-www-form-urlencoded"]]), body);
	equal(outcome.error, null);
	equal(outcome.body, "ok");
	const from = module.commands.indexOf("AT+QHTTPCFG=\"contenttype\",0");
	ok(from >= 0, module.commands.join(" | "));
	deepEqual(module.commands.slice(-3), [`AT+QHTTPPOST=${body.length},60,60,0,300`, `data:${body}`, "AT+QHTTPREAD=1024"]);
});

test("a PUT with a custom header is a custom request: head and body in one packet, requestheader 1", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	const body = "{\"on\":true}";
	const outcome = send(module, client, "PUT", new Map([["content-length", String(body.length)], ["x-device", "esp32-7"]]), body);
	equal(outcome.error, null);
	ok(module.commands.includes("AT+QHTTPCFG=\"requestheader\",1"));
	const packet = module.commands.find((c) => c.startsWith("data:PUT "))!;
	ok(packet.startsWith("data:PUT /echo HTTP/1.1\r\nHost: example.com\r\n"), packet);
	ok(/\r\nx-device: esp32-7\r\n/i.test(packet), packet);
	ok(/\r\ncontent-length: 11\r\n\r\n\{"on":true\}$/i.test(packet), packet);
	const post = module.commands.find((c) => c.startsWith("AT+QHTTPPOST="))!;
	equal(post, `AT+QHTTPPOST=${packet.length - 5},60,60,0,300`);
});

test("a 5000-byte body goes out in packets of at most 2048 bytes, flag 1 on all but the last", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	let body = "";
	for (let i = 0; i < 5000; i++) body += String.fromCharCode(97 + (i % 26));
	const outcome = send(module, client, "POST", new Map([["content-length", "5000"], ["content-type", "application/json"], ["x-a", "b"]]), body);
	equal(outcome.error, null);
	const posts = module.commands.filter((c) => c.startsWith("AT+QHTTPPOST="));
	ok(posts.length >= 3, posts.join(" | "));
	for (const p of posts.slice(0, -1)) ok(p.endsWith(",1,300") && Number(p.slice(13).split(",")[0]) <= 2048, p);
	ok(posts[posts.length - 1]!.endsWith(",0,300"));
	const sent = module.commands.filter((c) => c.startsWith("data:")).map((c) => c.slice(5)).join("");
	ok(sent.endsWith(`\r\n\r\n${body}`), "body not sent whole");
});

test("a body of unknown length is sent chunked and ended by the last chunk", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	const outcome = send(module, client, "POST", new Map([["transfer-encoding", "chunked"]]), "stream of readings");
	equal(outcome.error, null);
	const sent = module.commands.filter((c) => c.startsWith("data:")).map((c) => c.slice(5)).join("");
	ok(/transfer-encoding: chunked\r\n\r\n/i.test(sent), sent);
	ok(sent.endsWith("12\r\nstream of readings\r\n0\r\n\r\n"), JSON.stringify(sent.slice(-40)));
});
