// RAM owned once (issue 15.6): the bytes a request needs are the modem's one request set
// (quectel/buffers.ts), lent to the running request and given back when it settles. A request draining
// its body for a slow reader keeps it, so another client's request waits for it and never overwrites
// the bytes the reader has not taken; a client that needs a larger set gets one.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { setup, start } from "./client-rig.js";
import { HTTPClient, type HTTPRequest } from "../../modules/http/client.js";

test("a client holds no request buffer: the modem lends its set to the running request and takes it back at onDone", () => {
	const { module, modem, client } = setup();
	equal(modem.buffers.bytes, undefined, "nothing is made before the first request");
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
	let held: unknown;
	const outcome = start(client, "/");
	module.run(() => {
		held ??= modem.buffers.holder;
		return outcome.dones > 0;
	});
	equal(outcome.error, null);
	ok(held !== undefined, "the running request held the set");
	equal(modem.buffers.holder, undefined, "given back once the request settled");
	equal(modem.buffers.bytes!.length, 4096, "max(packet 2048 + URL 256, maxHeaderBytes 4096, bufferSize 2048)");
});

test("a slow reader keeps the set: another client's request waits until the body is read, and both bodies arrive whole", () => {
	const { module, modem, client } = setup({ callerTimeout: 10000 });
	const other = new HTTPClient({ modem, host: "example.org" });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 1500\r\n\r\n" + "a".repeat(1500));
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 1500\r\n\r\n" + "b".repeat(1500));
	let slow = "";
	let slowDone = false;
	let slowError: unknown;
	let readAt = 0;
	let urlsBeforeRead = -1;
	const urls = () => module.commands.filter((c) => c.startsWith("AT+QHTTPURL=")).length;
	client.request({
		path: "/slow",
		onReadable() {
			if (readAt) return;
			const request = this as HTTPRequest;
			readAt = module.clock.now() + 5000;
			module.timer.set(() => {
				if (urlsBeforeRead < 0) urlsBeforeRead = urls();
				const data = new Uint8Array(request.read() as ArrayBuffer);
				for (const b of data) slow += String.fromCharCode(b);
				readAt = 0;
			}, 5000);
		},
		onDone(error) {
			slowError = error;
			slowDone = true;
		},
	});
	const fast = start(other, "/fast");
	module.run(() => slowDone && fast.dones > 0, 120000);
	equal(slowError, null);
	equal(slow.length, 1500);
	ok(/^a+$/.test(slow), "the slow reader's bytes were not overwritten by the other response");
	equal(fast.error, null);
	equal(fast.body.length, 1500);
	ok(/^b+$/.test(fast.body), "the other response whole");
	equal(urlsBeforeRead, 1, "the other client's request had not started while the reader held bytes");
	equal(urls(), 2);
});

test("a client with a larger maxHeaderBytes or bufferSize gets a larger set (and a 6 KB head passes)", () => {
	const { module, modem } = setup();
	const roomy = new HTTPClient({ modem, host: "example.com", maxHeaderBytes: 8192, bufferSize: 4096 });
	module.responses.push("HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(6000) + "\r\nContent-Length: 2\r\n\r\nok");
	const outcome = start(roomy, "/");
	module.run(() => outcome.dones > 0);
	equal(outcome.error, null);
	equal(outcome.headers?.get("x-pad")?.length, 6000);
	equal(modem.buffers.bytes!.length, 8192);
});
