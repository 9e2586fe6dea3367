// Queues, close and caller mistakes: onDone exactly once and never inside request(); mistakes thrown
// synchronously with nothing sent.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { get, setup, start } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";

test("two clients' requests queue on one modem and both complete, in order", () => {
	const { module, modem, client } = setup();
	const other = new HTTPClient({ modem, host: "api.example.com", port: 8080 });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
	const a = start(client, "/a");
	const b = start(other, "/b");
	equal(a.dones + b.dones, 0); // never synchronous
	module.run(() => a.dones > 0 && b.dones > 0);
	equal(a.body, "a");
	equal(b.body, "b");
	ok(module.commands.includes("data:http://api.example.com:8080/b"));
});

test("close() mid-request settles it and the queued one with 930, once each", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nOK\r\n" } }); // the result never comes
	const a = start(client, "/a");
	const b = start(client, "/b");
	module.run(() => module.commands.includes("AT+QHTTPGET=60,300"), 10000);
	client.close();
	module.run(() => a.dones > 0 && b.dones > 0, 10000);
	equal((a.error as { code?: number }).code, 930);
	equal((b.error as { code?: number }).code, 930);
	module.run(() => false, 120000);
	equal(a.dones, 1);
	equal(b.dones, 1);
	throws(() => client.request({ path: "/" }), Error);
});

test("CR, LF or NUL in method, path or headers, and a URL over 256 bytes, throw before anything is sent", () => {
	const { module, client } = setup();
	throws(() => client.request({ method: "GET\r\nX: y", path: "/" }), TypeError);
	throws(() => client.request({ path: "/a\r\nHost: evil" }), TypeError);
	throws(() => client.request({ path: "/", headers: new Map([["x-a", "b\nc"]]) }), TypeError);
	throws(() => client.request({ path: "/", headers: new Map([["x\u0000", "b"]]) }), TypeError);
	throws(() => client.request({ path: "/" + "a".repeat(300) }), RangeError);
	module.run(() => false, 5000);
	equal(module.commands.length, 0);
});

test("writing more than the declared content-length throws RangeError", () => {
	const { module, client } = setup();
	let thrown: unknown;
	const outcome = start(client, "/", new Map([["content-length", "3"], ["x-a", "1"]]), {
		method: "POST",
		onWritable() {
			try {
				this.write(new Uint8Array(4));
			} catch (e) {
				thrown = e;
				this.write(new Uint8Array(3));
			}
		},
	});
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	module.run(() => outcome.dones > 0);
	ok(thrown instanceof RangeError);
	equal(outcome.error, null);
});

test("a body shorter than its Content-Length fails the request (911)", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
	const outcome = get(module, client, "/");
	equal((outcome.error as { code?: number }).code, 911);
	equal(outcome.dones, 1);
});
