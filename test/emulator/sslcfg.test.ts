// AT+QSSLCFG, every option of the SSL Application Note's table: the test form, the query of a whole
// context, each item's read and write forms and ranges, certificates kept across a reboot, and the TLS
// versions "sslversion" offers to a real server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR, info, OK, setUrl, Terminal } from "./at.js";
import { startServers } from "../../emulator/servers.js";

test("AT+QSSLCFG=? lists every item with its ranges", async () => {
	const t = new Terminal();
	assert.equal(await t.say("AT+QSSLCFG=?\r"), "\r\n" + [
		"\"seclevel\",(0-2)", "\"sslversion\",(1-4)", "\"dataformat\",(0,1),(0,1)", "\"timeout\",(10-300)", "\"debug\",(0-4)",
		"\"cacert\"", "\"clientcert\"", "\"clientkey\"", "\"dtls\",(0,1)", "\"dtlsversion\",(0-2)",
	].map((item) => `+QSSLCFG: (0-10),(0-4),${item}`).join("\r\n") + "\r\n\r\nOK\r\n");
});

test("each item: the read form, the write form within its range, ERROR outside; AT+QSSLCFG=0,0 shows them all", async () => {
	const t = new Terminal();
	for (const [item, initial, good, bad] of [
		["seclevel", "0", "2", "3"], ["sslversion", "4", "3", "0"], ["dataformat", "0,0", "1,1", "2,0"], ["timeout", "90", "300", "9"],
		["debug", "0", "4", "5"], ["dtls", "0", "1", "2"], ["dtlsversion", "2", "0", "3"],
	]) {
		assert.equal(await t.say(`AT+QSSLCFG=0,0,"${item}"\r`), info(`+QSSLCFG: 0,0,"${item}",${initial}`), item);
		assert.equal(await t.say(`AT+QSSLCFG=0,0,"${item}",${good}\r`), OK, item);
		assert.equal(await t.say(`AT+QSSLCFG=0,0,"${item}",${bad}\r`), ERROR, item);
		assert.equal(await t.say(`AT+QSSLCFG=0,0,"${item}"\r`), info(`+QSSLCFG: 0,0,"${item}",${good}`), item);
	}
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"dataformat\",1\r"), ERROR, "both formats");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"cacert\"\r"), "\r\n>");
	await t.say("-----BEGIN CERTIFICATE-----\x1a", 200);
	assert.equal(await t.say("AT+QSSLCFG=0,0\r"), "\r\n" + [
		"\"seclevel\",2", "\"sslversion\",3", "\"dataformat\",1,1", "\"timeout\",300", "\"debug\",4", "\"cacert\",27", "\"clientcert\",0",
		"\"clientkey\",0", "\"dtls\",1", "\"dtlsversion\",0",
	].map((item) => `+QSSLCFG: 0,0,${item}`).join("\r\n") + "\r\n\r\nOK\r\n");
	assert.equal(await t.say("AT+QSSLCFG=1,0,\"seclevel\",1\r"), ERROR, "only context 0, connection 0");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"sni\",1\r"), ERROR, "not an item of this module");
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"cacert\",1\r"), ERROR);
});

test("the client certificate and key upload as the CA does (ESC cancels); certificates survive a reboot, settings do not", async () => {
	const t = new Terminal();
	for (const item of ["clientcert", "clientkey"]) {
		assert.equal(await t.say(`AT+QSSLCFG=0,0,"${item}"\r`), "\r\n>");
		assert.equal(await t.say("PEM\x1a"), info(`+QSSLCFG: 0,0,"${item}",3`));
	}
	assert.equal(await t.say("AT+QSSLCFG=0,0,\"cacert\"\r"), "\r\n>");
	assert.equal(await t.say("PE\x1b"), ERROR, "ESC cancels");
	await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r");
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	await t.say("ATE0\r");
	assert.match(await t.say("AT+QSSLCFG=0,0\r"), /"seclevel",0\r\n[\s\S]*"cacert",0\r\n\+QSSLCFG: 0,0,"clientcert",3\r\n\+QSSLCFG: 0,0,"clientkey",3\r\n/);
});

test("\"sslversion\": a TLS 1.2 server is reached with 3 and 4, not with 1 (TLS 1.0 only): 701", async () => {
	const servers = await startServers();
	try {
		for (const [version, result] of [["4", /\+QHTTPGET: 0,200/], ["3", /\+QHTTPGET: 0,200/], ["1", /\+QHTTPGET: 701/]] as const) {
			const t = new Terminal();
			await t.say("AT+QSSLCFG=0,0,\"seclevel\",1\r");
			await t.say(`AT+QSSLCFG=0,0,"sslversion",${version}\r`);
			await t.say("AT+QSSLCFG=0,0,\"cacert\"\r");
			await t.say(`${servers.caPem}\x1a`, 300);
			await t.say("AT+QHTTPCFG=\"ssl\",0,0\r");
			await setUrl(t, `https://localhost:${servers.https}/text`);
			await t.say("AT+QHTTPGET=80\r", 50);
			assert.match(await t.until(/\+QHTTPGET: /), result, `sslversion ${version}`);
		}
	} finally {
		await servers.close();
	}
});
