// The chapter-3 exchanges against real local servers, and faults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Terminal } from "./at.js";
import { bytesFor, startServers } from "../../emulator/servers.js";

async function setUrl(t: Terminal, url: string): Promise<void> {
	assert.equal(await t.say(`AT+QHTTPURL=${url.length},80\r`), "\r\n>");
	assert.equal(await t.say(url, 100), "\r\nOK\r\n");
}

test("3.1.1: GET, result URC with the length, reads with the response header", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal();
		await t.say("AT+QHTTPCFG=\"responseheader\",1\r");
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		await t.say("AT+QHTTPGET=80\r", 0);
		assert.equal(await t.until(/\+QHTTPGET: /), "\r\nOK\r\n\r\n+QHTTPGET: 0,200,12\r\n");
		const read = await t.say("AT+QHTTPREAD=1024\r", 500);
		const m = /^\r\n\+QHTTPREAD: (\d+),0\r\n([\s\S]*)\r\nOK\r\n$/.exec(read)!;
		assert.ok(m, JSON.stringify(read));
		assert.equal(m[2]!.length, Number(m[1]));
		assert.match(m[2]!, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nhello, world$/);
		assert.equal(await t.say("AT+QHTTPREAD=1024\r", 500), "\r\n+QHTTPREAD: 0,0\r\n\r\nOK\r\n");
		const sent = servers.requests[0]!;
		assert.equal(sent.headers["user-agent"], "QUECTEL_MODULE");
	} finally {
		await servers.close();
	}
});

test("3.1.2: POST in default-header mode sends the module's head and the body", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal();
		await setUrl(t, `http://127.0.0.1:${servers.http}/echo`);
		assert.equal(await t.say("AT+QHTTPPOST=20,80,80\r"), "\r\n>");
		await t.say("Message>HelloQuectel", 50);
		assert.match(await t.until(/\+QHTTPPOST: /), /\+QHTTPPOST: 0,200,\d+/);
		const received = servers.requests[0]!;
		assert.equal(received.body.toString(), "Message>HelloQuectel");
		assert.equal(received.headers["content-type"], "application/x-www-form-urlencoded");
	} finally {
		await servers.close();
	}
});

test("late=<ms> delays the read's answer, which the module writes itself", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal({ faults: "late=3000@QHTTPREAD" });
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		await t.say("AT+QHTTPGET=80\r", 0);
		await t.until(/\+QHTTPGET: /);
		assert.equal(await t.say("AT+QHTTPREAD=1024\r", 2900), "");
		assert.match(await t.say("", 500), /^\r\n\+QHTTPREAD: \d+,0\r\n[\s\S]*hello, world\r\nOK\r\n$/);
	} finally {
		await servers.close();
	}
});

test("GETEX sends Range and the 206 slice is read back body-only", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal();
		await setUrl(t, `http://127.0.0.1:${servers.http}/bytes/100?seed=4`);
		await t.say("AT+QHTTPGETEX=80,10,5\r", 50);
		assert.match(await t.until(/\+QHTTPGETEX: /), /\+QHTTPGETEX: 0,206,5/);
		const read = await t.say("AT+QHTTPREAD=100\r", 500);
		const expected = Buffer.from(bytesFor(100, 4).subarray(10, 15)).toString("latin1");
		assert.equal(read, `\r\n+QHTTPREAD: 5,0\r\n${expected}\r\nOK\r\n`);
	} finally {
		await servers.close();
	}
});

test("HTTPS verifies the server against the uploaded CA; the wrong CA gives 701", async () => {
	const servers = await startServers();
	try {
		for (const [ca, expect] of [[servers.caPem, /\+QHTTPGET: 0,200/], [servers.wrongCaPem, /\+QHTTPGET: 701/]] as const) {
			const t = new Terminal();
			await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r");
			await t.say("AT+QSSLCFG=0,0,\"cacert\"\r");
			await t.say(`${ca}\x1a`, 300);
			await t.say("AT+QHTTPCFG=\"ssl\",0,0\r");
			await setUrl(t, `https://localhost:${servers.https}/text`);
			await t.say("AT+QHTTPGET=80\r", 50);
			assert.match(await t.until(/\+QHTTPGET: /), expect);
		}
	} finally {
		await servers.close();
	}
});

test("faults: a forced +CME ERROR, a result URC code, a reboot", async () => {
	const t = new Terminal({ faults: ["cme=714@QHTTPGET#1", "urc=702@QHTTPGET#2", "reboot@QHTTPGET#3"] });
	await setUrl(t, "http://127.0.0.1:1/");
	assert.equal(await t.say("AT+QHTTPGET=80\r"), "\r\n+CME ERROR: 714\r\n");
	await t.say("AT+QHTTPGET=80\r");
	assert.match(await t.until(/\+QHTTPGET: /), /\r\nOK\r\n\r\n\+QHTTPGET: 702\r\n/);
	assert.match(await t.say("AT+QHTTPGET=80\r", 1000), /RDY/);
	assert.equal(await t.say("AT+QHTTPURL?\r"), "AT+QHTTPURL?\r\r\n+QHTTPURL: \r\n\r\nOK\r\n"); // echo back on, URL forgotten
});

test("a refused connection is 716; a DNS failure is 714", async () => {
	const t = new Terminal();
	await setUrl(t, "http://127.0.0.1:1/");
	await t.say("AT+QHTTPGET=80\r");
	assert.match(await t.until(/\+QHTTPGET: /), /\+QHTTPGET: 716/);
	await setUrl(t, "http://no-such-host.invalid/");
	await t.say("AT+QHTTPGET=80\r");
	assert.match(await t.until(/\+QHTTPGET: /), /\+QHTTPGET: 714/);
});

test("<read_timeout>: the response is released after it; a late read answers 705", async () => {
	const servers = await startServers();
	try {
		const t = new Terminal();
		await setUrl(t, `http://127.0.0.1:${servers.http}/text`);
		await t.say("AT+QHTTPGET=80,2\r", 0);
		await t.until(/\+QHTTPGET: 0,200/);
		await t.emulator.runFor(2500);
		assert.equal(await t.say("AT+QHTTPREAD=100\r"), "\r\n+CME ERROR: 705\r\n");
	} finally {
		await servers.close();
	}
});
