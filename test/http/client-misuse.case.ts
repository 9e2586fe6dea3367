// Early mistakes (issue #18): a missing or wrong option throws TypeError or RangeError at once, naming
// the option and the fix, before anything is opened or sent; a CA is checked as PEM when given.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { setup } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";
import { Modem } from "../../modules/quectel/modem.js";
import { Download } from "../../modules/http/download.js";
import { createFetch } from "../../modules/http/fetch.js";
import { FakeModule } from "../quectel/fake-module.js";
import { encodeUtf8 } from "../../modules/http/utf8.js";

const says = (pattern: RegExp) => (e: Error) => pattern.test(e.message);

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUJ0dGZg==\n-----END CERTIFICATE-----\n";

test("new HTTPClient() and a client without a modem or host say which option is missing", () => {
	throws(() => new (HTTPClient as any)(), TypeError, says(/options object.*new HTTPClient\(\{ modem, host \}\)/));
	throws(() => new HTTPClient({} as never), TypeError, says(/options\.modem/));
	const { modem } = setup();
	throws(() => new HTTPClient({ modem } as never), TypeError, says(/options\.host/));
	throws(() => new HTTPClient({ modem, host: "example.com", responseTime: 0 }), RangeError, says(/responseTime.*1–300/));
	throws(() => new HTTPClient({ modem, host: "example.com", responseTime: 1.5 }), TypeError, says(/responseTime.*whole number/));
	throws(() => new HTTPClient({ modem, host: "example.com", bufferSize: 100 }), RangeError, says(/bufferSize/));
	throws(() => new HTTPClient({ modem, host: "example.com", callerTimeout: -1 }), RangeError, says(/callerTimeout/));
	throws(() => new HTTPClient({ modem, host: "example.com", onClose: 5 as never }), TypeError, says(/onClose must be a function/));
});

test("request() without options, or with a callback that is not a function, says so; nothing is sent", () => {
	const { module, client } = setup();
	throws(() => (client as any).request(), TypeError, says(/options object/));
	throws(() => client.request({ path: "/", onDone: "x" as never }), TypeError, says(/options\.onDone must be a function/));
	throws(() => client.request({ path: "/", headers: { "x-a": "1" } as never }), TypeError, says(/headers must be a Map/));
	throws(() => client.request({ method: "POST", path: "/", headers: new Map([["content-length", "3"]]) }), TypeError, says(/onWritable/));
	module.run(() => false, 5000);
	equal(module.commands.length, 0);
});

test("a serial without io, or no timer, fails in new Modem() with the fix", () => {
	const module = new FakeModule();
	throws(() => new (Modem as any)(), TypeError, says(/options object/));
	throws(() => new Modem({ serial: { port: 2 } as never, timer: module.timer }), TypeError, says(/serial\.io.*embedded:io\/serial/));
	throws(() => new Modem({ serial: module.serial, timer: undefined as never }), TypeError, says(/options\.timer/));
});

test("a CA that is not PEM is refused at once; a PEM one is taken; verify false needs none", () => {
	const { modem } = setup();
	throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca: "hello" } }), TypeError, says(/not a PEM certificate.*BEGIN CERTIFICATE/));
	throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca: new Uint8Array([1, 2, 3]) } }), TypeError, says(/PEM/));
	throws(() => new HTTPClient({ modem, host: "example.com", secure: {} }), TypeError, says(/secure\.ca/));
	// A byte the module's upload cannot carry (not ASCII, or SUB/ESC, which end or cancel it), with its place.
	throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca: PEM.replace("MIIB", "MI\u00e9B") } }), TypeError, says(/ASCII text\): byte 233 at 30/));
	throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca: encodeUtf8(PEM.replace("MIIB", "MI\u001aB")) } }), TypeError, says(/byte 26 at 30/));
	ok(new HTTPClient({ modem, host: "example.com", secure: { ca: PEM } }));
	ok(new HTTPClient({ modem, host: "example.com", secure: { verify: false } }));
});

test("the PEM check reads text and bytes alike: markers, a line break, base64 lines, a bundle's later block", () => {
	const { modem } = setup();
	const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
	const body = PEM.slice(PEM.indexOf("-----BEGIN CERTIFICATE-----") + 27, PEM.indexOf("-----END CERTIFICATE-----"));
	const refused = [
		"-----BEGIN CERTIFICATE-----MIIB\n-----END CERTIFICATE-----", // base64 on the BEGIN line
		"-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----", // no base64 at all
		"-----BEGIN CERTIFICATE-----\nMII B\n-----END CERTIFICATE-----", // a space inside
		"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE----", // END cut short
		`-----BEGIN CERTIFICATE-----${body}`, // no END
		`-----BEGIN PRIVATE KEY-----${body}-----END PRIVATE KEY-----`,
	];
	for (const ca of refused) {
		throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca } }), TypeError, says(/not a PEM certificate/));
		throws(() => new HTTPClient({ modem, host: "example.com", secure: { ca: bytes(ca) } }), TypeError, says(/not a PEM certificate/));
	}
	const taken = [
		PEM,
		`-----BEGIN CERTIFICATE-----\r\nMIIB\r\n+/=9\r\n-----END CERTIFICATE-----`,
		`${refused[0]}\n${PEM}`, // a bundle whose first block is bad, then a good one
		`# my CA\n${PEM}\n`,
	];
	for (const ca of taken) {
		ok(new HTTPClient({ modem, host: "example.com", secure: { ca } }), ca);
		ok(new HTTPClient({ modem, host: "example.com", secure: { ca: bytes(ca) } }), ca);
	}
});

test("Download and createFetch name their missing options", () => {
	const { module, modem, client } = setup();
	throws(() => new (Download as any)(), TypeError, says(/options object/));
	throws(() => new Download({ client, path: "/f", timer: module.timer, onDone() {} } as never), TypeError, says(/options\.sink/));
	throws(() => new Download({ client, path: "f", timer: module.timer, sink: { write: (b) => b.length }, onDone() {} }), TypeError, says(/options\.path/));
	throws(() => (createFetch as any)(), TypeError, says(/options object/));
	throws(() => createFetch({ modem, maxClients: 0 }), RangeError, says(/maxClients/));
});
