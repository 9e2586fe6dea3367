// The chat on the CONNECT framing (the QHTTP family's BG95/BG96 dialect), given as data: a CONNECT line
// is the prompt for data, and a read's CONNECT opens a payload that the layer above ends where its
// response ends, whatever the bytes hold (a body may contain the module's own trailer); at every read limit.
// A read given up or cancelled inside its open payload ends it there: what follows is lines again.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { Prompt } from "../../modules/at/exchange.js";
import { Rig } from "./rig.js";
import { show } from "./transcript.js";
import { ascii } from "../support/mock-serial.js";

test("a CONNECT line is the prompt: the data goes out after the profile's delay, then the command's OK", () => {
	const rig = new Rig({}, { prompt: "CONNECT", promptDelay: 0 });
	rig.data = "http://a/";
	rig.send("AT+QHTTPURL=9,80", 2000, Prompt.FIRST);
	equal(rig.mock.take(), "AT+QHTTPURL=9,80\r");
	rig.mock.put("\r\nCONNECT\r\n");
	rig.advance(1);
	equal(rig.mock.take(), "http://a/");
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["prompt at 1", "done OK at 1"]);
});

test("an open read ends where the response ends, its trailer-like bytes delivered as body, at every read limit", () => {
	const trailer = "\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n";
	let body = trailer;
	for (let i = 0; body.length < 3000; i++) body += `<${i}>`;
	body = body.slice(0, 3000);
	const response = `HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n${body}`;
	for (const readLimit of [1, 7, 64, 256]) {
		const rig = new Rig({ readLimit }, { ringSize: 600, prompt: "CONNECT" });
		rig.endAfter = response.length;
		rig.send("AT+QHTTPREAD=60", 1000, false, "CONNECT", true);
		rig.mock.putChunks(`\r\nCONNECT\r\n${response}${trailer}`, 100);
		const log = rig.take();
		equal(log[0], "info +CONNECT: ", `read limit ${readLimit}`);
		deepEqual(log.slice(-2), ["done OK at 0", "unsolicited +QHTTPREAD: 0"], `read limit ${readLimit}`);
		const spans = log.slice(1, -2).map((entry) => entry.slice("payload ".length));
		const got = spans.join(""), expected = show(ascii(response), 0, response.length);
		equal(got === expected, true, `read limit ${readLimit}: ${got.length} characters delivered, ${expected.length} expected`);
	}
});

test("an open read that times out inside its payload: after the line settles, the module's answers are lines again", () => {
	const rig = new Rig({}, { prompt: "CONNECT" });
	rig.send("AT+QHTTPREAD=60", 1000, false, "CONNECT", true);
	rig.mock.put("\r\nCONNECT\r\nHTTP/1.1 200 OK\r\n");
	rig.advance(3000); // the timeout, then LATE_MS of quiet
	equal(rig.take().pop(), "done TIMEOUT at 1000");
	rig.send("AT", 300, false);
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["done OK at 3000"]);
});

test("an open read cancelled inside its payload: the module's OK after it ends the drain at once", () => {
	const rig = new Rig({}, { prompt: "CONNECT" });
	rig.send("AT+QHTTPREAD=60", 1000, false, "CONNECT", true);
	rig.mock.put("\r\nCONNECT\r\nHTTP/1.1 200 OK\r\n");
	rig.chat.cancel();
	rig.mock.put("\r\nOK\r\n");
	equal(rig.take().pop(), "done CANCELLED at 0");
});
