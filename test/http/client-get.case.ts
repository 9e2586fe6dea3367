// HTTPClient GET over the Modem, against a stand-in module: the command sequence of a cold and a warm
// GET, headers and body delivered, and nothing sent that the module already holds.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { get, setup } from "./client-rig.js";

test("a cold GET configures the module once; a warm GET to the same URL is GET + reads only", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello");
	const first = get(module, client, "/a");
	equal(first.error, null);
	equal(first.status, 200);
	equal(first.body, "hello");
	equal(first.headers?.get("content-type"), "text/plain");
	deepEqual(module.commands, [
		"AT", "ATE0", "AT+QSCLK=0", "AT+QHTTPCFG=\"responseheader\",1", "AT+QHTTPCFG=\"readformat\",0",
		"AT+QHTTPCFG=\"requestheader\",0", "AT+QHTTPURL=20,60", "data:http://example.com/a",
		"AT+QHTTPGET=60,300", "AT+QHTTPREAD=1024",
	]);
	module.commands.length = 0;
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbye");
	const second = get(module, client, "/a");
	equal(second.body, "bye");
	equal(second.dones, 1);
	deepEqual(module.commands, ["AT+QHTTPGET=60,300", "AT+QHTTPREAD=1024"]);
});

test("a body larger than the client's buffer is read in backpressured reads and arrives whole", () => {
	const { module, client } = setup();
	let body = "";
	for (let i = 0; i < 10000; i++) body += String.fromCharCode(i % 251);
	module.responses.push(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
	const outcome = get(module, client, "/big");
	equal(outcome.error, null);
	equal(outcome.body.length, body.length);
	ok(outcome.body === body, "body differs");
	// Each read asks for what the client's 2048-byte ring has room for, at most 1024: the first brings the
	// 42-byte head and 982 body bytes, the second fills the ring to 2006, so the third asks for the 42
	// left; then the reader has taken everything and each read asks for 1024 again.
	const reads = module.commands.filter((c) => c.startsWith("AT+QHTTPREAD=")).map((c) => Number(c.slice(13)));
	deepEqual(reads, [1024, 1024, 42, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024]);
});

test("the manual's late, padded result URC after echo-on boot still completes the request", () => {
	const { module, client } = setup();
	module.echo = true;
	module.responses.push("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
	const outcome = get(module, client, "/missing");
	equal(outcome.error, null);
	equal(outcome.status, 404);
	equal(outcome.body, "");
});
