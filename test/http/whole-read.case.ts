// A module whose read is the whole response (the BG95's CONNECT … OK +QHTTPREAD: 0) does not count it:
// where the body ends comes from the response, and the module's trailer after it must never become body.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { FakeModule } from "../quectel/fake-module.js";
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import { start } from "./client-rig.js";

const RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
const TRAILER = "\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n";

function bg95(): { module: FakeModule; client: HTTPClient } {
	const module = new FakeModule(64, "bg95");
	const modem = new Modem({ serial: module.serial, timer: module.timer, module: "bg95" });
	return { module, client: new HTTPClient({ modem, host: "example.com" }) };
}

// The module read Content-Length: 4 (its result URC says 4); a byte lost on the UART spoiled the header
// on its way to the host, and the module printed blank lines before its OK, as modules do.
test("a Content-Length header spoiled on the UART: the body is the module's count of bytes, not the trailer's blank lines", () => {
	const { module, client } = bg95();
	module.responses.push(RESPONSE);
	module.overrides.push({ prefix: "AT+QHTTPREAD=", answer: { reply: `\r\nCONNECT\r\nHTTP/1.1 200 OK\r\nContnt-Length: 4\r\n\r\nabcd\r\n\r\n${TRAILER}` } });
	const outcome = start(client, "/");
	module.run(() => outcome.dones > 0, 300000);
	equal(outcome.error ?? null, null);
	equal(outcome.body, "abcd");
	ok(module.clock.now() < 1000, `settled at ${module.clock.now()} ms: the body's end was known, not waited for`);
});

test("a body shorter than the module's count fails with 911, never as a success", () => {
	const { module, client } = bg95();
	module.responses.push(RESPONSE);
	module.overrides.push({ prefix: "AT+QHTTPREAD=", answer: { reply: `\r\nCONNECT\r\nHTTP/1.1 200 OK\r\nContnt-Length: 4\r\n\r\nabc${TRAILER}` } });
	const outcome = start(client, "/");
	module.run(() => outcome.dones > 0, 300000);
	equal((outcome.error as { code?: number } | undefined)?.code, 911);
});
