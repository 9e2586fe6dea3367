// The client plans with the module's limits as the modem gives them (Modem.limits), not with numbers of
// its own: the URL length, a read (the least bufferSize), a packet and the content types of the module's
// POST, and whether a ranged GET has a command of its own (without one it is a custom head, and its
// answer is still checked for the range).
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { get, setup } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";
import { encodeUtf8 } from "../../modules/http/utf8.js";
import type { Modem } from "../../modules/quectel/modem.js";
import type { ModemLimits } from "../../modules/quectel/job.js";

// The modem of a module with other limits: the same core, told other numbers.
function limited(modem: Modem, changes: Partial<ModemLimits>): Modem {
	Object.defineProperty(modem, "limits", { value: { ...modem.limits, ...changes } });
	return modem;
}

test("the URL may be as long as the module's urlMax, not longer", () => {
	const { modem } = setup();
	const client = new HTTPClient({ modem: limited(modem, { urlMax: 40 }), host: "example.com" });
	client.request({ path: "/" + "a".repeat(20) }); // "http://example.com/" + 20: 39 bytes
	throws(() => client.request({ path: "/" + "a".repeat(22) }), RangeError, (e) => e.message.includes("41 bytes") && e.message.includes("at most 40"));
	throws(() => new HTTPClient({ modem, host: "a".repeat(40) + ".com" }), RangeError);
	client.close();
});

test("bufferSize must hold one read of the module: its readMax", () => {
	const { modem } = setup();
	throws(() => new HTTPClient({ modem, host: "example.com", bufferSize: 600 }), RangeError, (e) => e.message.includes("1024 bytes"));
	new HTTPClient({ modem: limited(modem, { readMax: 512 }), host: "example.com", bufferSize: 600 }).close();
});

test("a POST larger than the module's packet, or of a type it cannot name, is a custom request", () => {
	const { module, modem } = setup();
	const client = new HTTPClient({ modem: limited(modem, { packetMax: 1500, contentTypes: ["application/json"] }), host: "example.com" });
	const body = "x".repeat(10);
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	const outcome = get(module, client, "/", new Map([["content-type", "application/json"], ["content-length", "10"]]), {
		method: "POST",
		onWritable() {
			this.write(encodeUtf8(body));
		},
	});
	equal(outcome.error, null);
	ok(module.commands.includes("AT+QHTTPCFG=\"contenttype\",0"), module.commands.join(" | "));
	ok(module.commands.includes("data:" + body), module.commands.join(" | "));
});

test("without a ranged GET command, a Range GET is a custom head, and a 206 with the range is delivered", () => {
	const { module, modem } = setup();
	const client = new HTTPClient({ modem: limited(modem, { ranges: false, wholeReads: false }), host: "example.com" });
	module.responses.push("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-19/100\r\nContent-Length: 10\r\n\r\n0123456789");
	const outcome = get(module, client, "/file", new Map([["range", "bytes=10-19"]]));
	equal(outcome.error, null);
	equal(outcome.body, "0123456789");
	ok(!module.commands.some((c) => c.startsWith("AT+QHTTPGETEX")), module.commands.join(" | "));
	ok(module.commands.some((c) => c.startsWith("data:GET /file HTTP/1.1\r\n") && c.includes("\r\nrange: bytes=10-19\r\n")), module.commands.join(" | "));
});

test("without a ranged GET command, a server that ignores the range (200) still fails with 920", () => {
	const { module, modem } = setup();
	const client = new HTTPClient({ modem: limited(modem, { ranges: false, wholeReads: false }), host: "example.com" });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz");
	const outcome = get(module, client, "/file", new Map([["range", "bytes=0-9"]]));
	equal((outcome.error as { code?: number })?.code, 920);
	equal(outcome.body, "");
	equal(outcome.dones, 1);
});
