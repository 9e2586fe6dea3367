// GET with only Range: bytes=a-b maps to AT+QHTTPGETEX; a 200 with the whole file is never taken for the range.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { get, setup } from "./client-rig.js";

test("Range: bytes=10-19 is AT+QHTTPGETEX=60,10,10 and the 206 body is delivered", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-19/100\r\nContent-Length: 10\r\n\r\n0123456789");
	const outcome = get(module, client, "/file", new Map([["range", "bytes=10-19"]]));
	equal(outcome.error, null);
	equal(outcome.status, 206);
	equal(outcome.body, "0123456789");
	ok(module.commands.includes("AT+QHTTPGETEX=60,10,10,300"), module.commands.join(" | "));
});

test("a server that ignores the range (200, whole file) fails the request with 920", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz");
	const outcome = get(module, client, "/file", new Map([["range", "bytes=0-9"]]));
	equal((outcome.error as { code?: number })?.code, 920);
	equal(outcome.body, "");
	equal(outcome.dones, 1);
});

test("the range result printed as +QHTTPGET (sibling modules) is accepted", () => {
	const { module, client } = setup();
	module.rangeUrc = "QHTTPGET";
	module.responses.push("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-3/8\r\nContent-Length: 4\r\n\r\nabcd");
	const outcome = get(module, client, "/file", new Map([["range", "bytes=0-3"]]));
	equal(outcome.error, null);
	equal(outcome.body, "abcd");
});
