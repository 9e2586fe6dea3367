// The BG95 dialect (module "bg95"), the exchanges of shared/spec/BG95-FAMILY-NOTES.md replayed against
// local servers: the context the host activates, CONNECT before data, GET, POST, PUT, a ranged GET
// through a request of its own, reads of the whole response with their trailer (a body that holds the
// trailer too), TLS with a CA file in UFS, the read into a file, and the module's errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, Terminal } from "./at.js";
import { bytesFor, startServers, type Running } from "../../emulator/servers.js";
import { openNodeWorld } from "../support/node-world.js";

const CONNECT = "\r\nCONNECT\r\n";

/** A BG95 with context 1 active (AT+QIACT=1, as every source does before HTTP). */
async function bg95(options: ConstructorParameters<typeof Terminal>[0] = {}): Promise<Terminal> {
	const t = new Terminal({ module: "bg95", ...options });
	assert.equal(await t.say("AT+QIACT=1\r"), OK);
	return t;
}

async function url(t: Terminal, target: string): Promise<void> {
	assert.equal(await t.say(`AT+QHTTPURL=${target.length},5\r`), CONNECT);
	assert.equal(await t.say(target, 100), OK);
}

async function withServers(fn: (servers: Running) => Promise<void>): Promise<void> {
	const servers = await startServers();
	try {
		await fn(servers);
	} finally {
		await servers.close();
	}
}

test("boot: RDY, APP RDY and the (U)SIM's URCs, no +CFUN or +IP; echo on; its identity", async () => {
	const t = new Terminal({ module: "bg95", boot: true, echo: true });
	await t.emulator.runFor(1000);
	assert.equal(t.output, "\r\nRDY\r\n\r\nAPP RDY\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n");
	assert.equal(await t.say("ATI\r"), "ATI\r\r\nQuectel\r\nBG95-M3\r\nRevision: BG95M3LAR02A03_EMU\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QNBIOTRAI=1\r"), "AT+QNBIOTRAI=1\r" + ERROR, "not a BG95 command");
});

test("the context: AT+QICSGP, AT+QIACT (its read form lists the active ones), AT+QIDEACT; AT+CGACT? agrees", async () => {
	const t = new Terminal({ module: "bg95" });
	assert.equal(await t.say("AT+QICSGP=1\r"), info("+QICSGP: 1,\"\",\"\",\"\",0"), "a BG96's answer");
	assert.equal(await t.say("AT+QICSGP=1,1,\"CMNBIOT\",\"user\",\"pw\",1\r"), OK);
	assert.equal(await t.say("AT+QICSGP=1\r"), info("+QICSGP: 1,\"CMNBIOT\",\"user\",\"pw\",1"));
	assert.equal(await t.say("AT+QICSGP=17,1,\"x\"\r"), ERROR);
	assert.equal(await t.say("AT+QIACT?\r"), OK, "none active: a bare OK");
	assert.equal(await t.say("AT+QIACT=1\r"), OK);
	assert.equal(await t.say("AT+QIACT?\r"), info("+QIACT: 1,1,1,\"10.64.2.18\""));
	assert.equal(await t.say("AT+CGACT?\r"), info("+CGACT: 1,1"));
	assert.equal(await t.say("AT+QIACT=?\r"), info("+QIACT: (1-16)"));
	await t.say("AT+QICSGP=2,1,\"other.apn\"\r");
	assert.equal(await t.say("AT+QIACT=2\r"), ERROR, "an APN the network does not serve");
	assert.equal(await t.say("AT+QIDEACT=1\r"), OK, "the last context may go");
	assert.equal(await t.say("AT+QIACT?\r"), OK);
	await t.say("AT+QIACT=1\r");
	t.emulator.inject("coverage-lost");
	assert.equal(await t.say(""), "\r\n+QIURC: \"pdpdeact\",1\r\n", "the network dropped it");
});

test("GET: URL after CONNECT, OK, +QHTTPGET: 0,200,<len>; the read: CONNECT, the body, OK, +QHTTPREAD: 0", () =>
	withServers(async (servers) => {
		const t = await bg95();
		await url(t, `http://127.0.0.1:${servers.http}/text`);
		assert.equal(await t.say("AT+QHTTPURL?\r"), info(`+QHTTPURL: http://127.0.0.1:${servers.http}/text`));
		assert.equal(await t.say("AT+QHTTPGET=80\r", 0), "");
		assert.equal(await t.until(/\+QHTTPGET: /), "\r\nOK\r\n\r\n+QHTTPGET: 0,200,12\r\n");
		assert.equal(await t.say("AT+QHTTPREAD=80\r"), "\r\nCONNECT\r\nhello, world\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n");
		assert.equal(await t.say("AT+QHTTPREAD=80\r"), "\r\nCONNECT\r\n\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n", "read once: then an empty block");
		assert.equal(servers.requests[0]!.headers["user-agent"], "QUECTEL_MODULE");
	}));

test("late=<ms> delays the answers a command gives itself: a read, the OK after a URL's data", () =>
	withServers(async (servers) => {
		const t = await bg95({ faults: "late=3000@QHTTPREAD late=2000@QHTTPURL" });
		const target = `http://127.0.0.1:${servers.http}/text`;
		assert.equal(await t.say(`AT+QHTTPURL=${target.length},5\r`), CONNECT);
		assert.equal(await t.say(target, 1900), "", "the URL's OK is 2 s late");
		assert.equal(await t.say("", 200), OK);
		await t.say("AT+QHTTPGET=80\r", 0);
		await t.until(/\+QHTTPGET: /);
		assert.equal(await t.say("AT+QHTTPREAD=80\r", 2900), "", "the read is 3 s late");
		assert.equal(await t.say("", 300), "\r\nCONNECT\r\nhello, world\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n");
	}));

test("a body holding the read's trailer comes whole, then the real trailer (with its length, and chunked as the server sent it)", () =>
	withServers(async (servers) => {
		const body = "before\r\nOK\r\n\r\n+QHTTPREAD: 0\r\nafter";
		const chunked = `c\r\n${body.slice(0, 12)}\r\n${(body.length - 12).toString(16)}\r\n${body.slice(12)}\r\n0\r\n\r\n`;
		for (const [path, result, data] of [["/trailer", `0,200,${body.length}`, body], ["/trailer?chunked=1", "0,200", chunked]]) {
			const t = await bg95();
			await url(t, `http://127.0.0.1:${servers.http}${path}`);
			await t.say("AT+QHTTPGET=80\r", 0);
			assert.match(await t.until(/\+QHTTPGET: /), new RegExp(`\\+QHTTPGET: ${result}\\r\\n$`));
			assert.equal(await t.say("AT+QHTTPREAD=80\r"), `\r\nCONNECT\r\n${data}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n`, path);
		}
	}));

test("POST and PUT: the body after CONNECT, the module's head; +QHTTPPOST: and +QHTTPPUT:", () =>
	withServers(async (servers) => {
		const t = await bg95();
		await url(t, `http://127.0.0.1:${servers.http}/echo`);
		await t.say("AT+QHTTPCFG=\"contenttype\",4\r");
		for (const method of ["POST", "PUT"]) {
			assert.equal(await t.say(`AT+QHTTP${method}=13,80,80\r`), CONNECT);
			await t.say("{\"on\": true }", 50);
			assert.match(await t.until(new RegExp(`\\+QHTTP${method}: `)), new RegExp(`^\\r\\nOK\\r\\n\\r\\n\\+QHTTP${method}: 0,200,\\d+\\r\\n$`));
			const received = servers.requests[servers.requests.length - 1]!;
			assert.deepEqual([received.method, received.body.toString(), received.headers["content-type"]], [method, "{\"on\": true }", "application/json"]);
		}
		assert.equal(await t.say("AT+QHTTPPOST=13,80\r"), ERROR, "<input_time> and <rsptime> go together");
	}));

test("a ranged GET: requestheader 1, AT+QHTTPGET=<rsptime>,<data_length>, the request after CONNECT", () =>
	withServers(async (servers) => {
		const t = await bg95();
		await url(t, `http://127.0.0.1:${servers.http}/bytes/100?seed=4`);
		await t.say("AT+QHTTPCFG=\"requestheader\",1\r");
		assert.equal(await t.say("AT+QHTTPGET=80\r"), ERROR, "a custom GET needs its length");
		const request = `GET /bytes/100?seed=4 HTTP/1.1\r\nHost: 127.0.0.1:${servers.http}\r\nRange: bytes=10-14\r\n\r\n`;
		assert.equal(await t.say(`AT+QHTTPGET=80,${request.length}\r`), CONNECT);
		await t.say(request, 50);
		assert.match(await t.until(/\+QHTTPGET: /), /\r\nOK\r\n\r\n\+QHTTPGET: 0,206,5\r\n$/);
		const slice = Buffer.from(bytesFor(100, 4).subarray(10, 15)).toString("latin1");
		assert.equal(await t.say("AT+QHTTPREAD=80\r"), `\r\nCONNECT\r\n${slice}\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n`);
		assert.equal(servers.requests[0]!.headers.range, "bytes=10-14");
	}));

test("errors: 712 without a URL, 711 for one that is not http(s), 703 while a request runs, 705 with nothing to read, 709 without the context", () =>
	withServers(async (servers) => {
		const t = new Terminal({ module: "bg95", network: "nbiot", seed: 5 });
		assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\n+CME ERROR: 712\r\n");
		assert.equal(await t.say("AT+QHTTPREAD=80\r"), "\r\n+CME ERROR: 705\r\n");
		await url(t, "ftp://127.0.0.1/");
		assert.equal(await t.say("AT+QHTTPPOST=5,80,80\r"), "\r\n+CME ERROR: 711\r\n");
		await url(t, `http://127.0.0.1:${servers.http}/text`);
		assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\nOK\r\n\r\n+QHTTPGET: 709\r\n", "no AT+QIACT");
		await t.say("AT+QIACT=1\r");
		assert.equal(await t.say("AT+QHTTPGET=80\r", 50), OK);
		assert.equal(await t.say("AT+QHTTPREAD=80\r", 50), "\r\n+CME ERROR: 703\r\n", "read before the result (FIELD-NOTES)");
		await t.until(/\+QHTTPGET: 0,200/);
		await t.say("AT+CMEE=2\r");
		await t.say("AT+QHTTPREAD=80\r");
		await t.say("AT+QHTTPGET=80\r", 50);
		assert.equal(await t.say("AT+QHTTPREAD=80\r", 50), "\r\n+CME ERROR: HTTP(S) busy\r\n");
		assert.equal(await t.say(`AT+QHTTPURL=701\r`), ERROR, "1–700 bytes");
	}));

test("HTTPS: the CA uploaded to UFS, AT+QSSLCFG=\"cacert\",1,\"UFS:…\" and \"seclevel\" 1; the wrong CA is 701; seclevel 0 verifies nothing", () =>
	withServers(async (servers) => {
		for (const [ca, seclevel, expected] of [[servers.caPem, 1, /\+QHTTPGET: 0,200/], [servers.wrongCaPem, 1, /\+QHTTPGET: 701/], [servers.wrongCaPem, 0, /\+QHTTPGET: 0,200/]] as const) {
			const t = await bg95();
			assert.equal(await t.say(`AT+QFUPL="UFS:cacert.pem",${ca.length},10\r`), CONNECT);
			assert.match(await t.say(ca, 300), /^\r\n\+QFUPL: \d+,[0-9a-f]+\r\n\r\nOK\r\n$/);
			assert.equal(await t.say("AT+QSSLCFG=\"cacert\",1,\"UFS:cacert.pem\"\r"), OK);
			assert.equal(await t.say(`AT+QSSLCFG="seclevel",1,${seclevel}\r`), OK);
			await url(t, `https://localhost:${servers.https}/text`);
			await t.say("AT+QHTTPGET=80\r", 50);
			assert.match(await t.until(/\+QHTTPGET: /), expected, `seclevel ${seclevel}`);
		}
	}));

test("AT+QHTTPREADFILE: OK, +QHTTPREADFILE: 0, the response in a UFS file", () =>
	withServers(async (servers) => {
		const t = await bg95();
		await url(t, `http://127.0.0.1:${servers.http}/text`);
		await t.say("AT+QHTTPGET=80\r", 0);
		await t.until(/\+QHTTPGET: 0,200/);
		assert.equal(await t.say("AT+QHTTPREADFILE=\"UFS:page.txt\",80\r"), "\r\nOK\r\n\r\n+QHTTPREADFILE: 0\r\n");
		assert.equal(await t.say("AT+QFLST=\"*\"\r"), info("+QFLST: \"page.txt\",12"));
	}));

test("AT+QHTTPCFG and AT+QSSLCFG: test, read and write forms, ranges", async () => {
	const t = new Terminal({ module: "bg95" });
	assert.equal(await t.say("AT+QHTTPCFG=?\r"), "\r\n+QHTTPCFG: \"contextid\",(1-16)\r\n+QHTTPCFG: \"requestheader\",(0,1)\r\n+QHTTPCFG: \"responseheader\",(0,1)\r\n+QHTTPCFG: \"sslctxid\",(0-5)\r\n+QHTTPCFG: \"contenttype\",(0-5)\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPCFG?\r"), "\r\n+QHTTPCFG: \"contextid\",1\r\n+QHTTPCFG: \"requestheader\",0\r\n+QHTTPCFG: \"responseheader\",0\r\n+QHTTPCFG: \"sslctxid\",1\r\n+QHTTPCFG: \"contenttype\",0\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QHTTPCFG=\"sslctxid\",2\r"), OK, "a BG95 capture");
	assert.equal(await t.say("AT+QHTTPCFG=\"sslctxid\"\r"), info("+QHTTPCFG: \"sslctxid\",2"));
	assert.equal(await t.say("AT+QHTTPCFG=\"contextid\",0\r"), ERROR);
	assert.equal(await t.say("AT+QHTTPCFG=\"readformat\",1\r"), ERROR, "the BC660K's item");
	assert.equal(await t.say("AT+QSSLCFG=\"seclevel\",2,2\r"), OK);
	assert.equal(await t.say("AT+QSSLCFG=\"seclevel\",2\r"), info("+QSSLCFG: \"seclevel\",2,2"), "a BG770A's read form");
	assert.equal(await t.say("AT+QSSLCFG=\"sslversion\",1\r"), info("+QSSLCFG: \"sslversion\",1,4"));
	assert.equal(await t.say("AT+QSSLCFG=\"ciphersuite\",1,0xffff\r"), OK);
	assert.equal(await t.say("AT+QSSLCFG=\"ciphersuite\",1\r"), info("+QSSLCFG: \"ciphersuite\",1,0XFFFF"));
	assert.equal(await t.say("AT+QSSLCFG=\"negotiatetime\",1,9\r"), ERROR);
	assert.equal(await t.say("AT+QSSLCFG=\"seclevel\",6,1\r"), ERROR, "contexts 0–5");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r"), ERROR, "the BC660K's order");
	assert.match(await t.say("AT+QSSLCFG=?\r"), /^\r\n\+QSSLCFG: "sslversion",\(0-5\),\(0-4\)\r\n[\s\S]*\+QSSLCFG: "cacert",\(0-5\),<path>\r\n/);
});

test("field profile: late result URCs in front of the next command's answer, results without a length, blank lines before OK", () =>
	withServers(async (servers) => {
		const target = `http://127.0.0.1:${servers.http}/text`;
		let late = 0, short = 0, blank = 0;
		for (let seed = 1; seed <= 8; seed++) {
			const t = new Terminal({ module: "bg95", profile: "field", seed });
			let all = await t.say("AT+QIACT=1\r");
			all += await t.say(`AT+QHTTPURL=${target.length},5\r`) + await t.say(target);
			all += await t.say("AT+QHTTPGET=80\r", 40);
			const next = await t.say("AT\r", 2000);
			if (/^(\r\n)*\r\n\+QHTTPGET: 0,200/.test(next)) late++;
			if (/\+QHTTPGET: 0,200\r\n/.test(all + next)) short++;
			if (/\r\n\r\n\r\nOK\r\n/.test(all + next)) blank++;
		}
		assert.ok(late > 0 && short > 0 && blank > 0, `late ${late}, without a length ${short}, blank lines ${blank}`);
	}));

test("a test world takes the module: openWorld({ module: \"bg95\" }) serves a BG95", async () => {
	const world = await openNodeWorld({ module: "bg95" });
	try {
		let text = "";
		type Port = { read(): ArrayBuffer | undefined; write(d: ArrayBuffer): void; close(): void };
		const Serial = world.serial.io as unknown as new (o: { onReadable(this: Port): void }) => Port;
		const serial = new Serial({ onReadable() {
			for (let chunk = this.read(); chunk; chunk = this.read()) text += Buffer.from(chunk).toString("latin1");
		} });
		await world.runUntil(() => text.includes("APP RDY"), 5000);
		serial.write(new TextEncoder().encode("AT+CGMM\r").buffer as ArrayBuffer);
		await world.runUntil(() => text.includes("BG95-M3"), 5000);
		assert.match(text, /AT\+CGMM\r\r\nBG95-M3\r\n\r\nOK\r\n$/);
		serial.close();
	} finally {
		await world.close();
	}
});
