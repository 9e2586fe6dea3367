// HTTPS: the CA is uploaded once (and again only when it changes); without one the client refuses,
// unless verification is turned off explicitly.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { get, setup } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

test("an HTTPS GET sets seclevel 1, uploads the CA with Ctrl+Z, sets ssl; a second GET does none of it", () => {
	const { module, modem } = setup();
	const client = new HTTPClient({ modem, host: "example.com", secure: { ca: CA } });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, client, "/").body, "hi");
	ok(module.commands.includes("AT+QSSLCFG=0,0,\"seclevel\",1"));
	ok(module.commands.includes("AT+QHTTPCFG=\"ssl\",0,0"));
	ok(module.commands.includes(`data:${CA}<ctrl-z>`), module.commands.join(" | "));
	ok(module.commands.includes("data:https://example.com/"));
	module.commands.length = 0;
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, client, "/").body, "hi");
	equal(module.commands.join(" | "), "AT+QHTTPGET=60,300 | AT+QHTTPREAD=1024");
});

test("HTTPS without a CA is refused with a TypeError; verify:false is seclevel 0", () => {
	const { module, modem } = setup();
	throws(() => new HTTPClient({ modem, host: "example.com", secure: {} }), TypeError);
	const open = new HTTPClient({ modem, host: "example.com", secure: { verify: false } });
	module.responses.push("HTTP/1.1 204 No Content\r\n\r\n");
	const outcome = get(module, open, "/");
	equal(outcome.status, 204);
	ok(module.commands.includes("AT+QSSLCFG=0,0,\"seclevel\",0"));
	ok(!module.commands.some((c) => c.includes("cacert")));
});

// The SSL parameter's spelling (issue 14.2): the SSL note's table says "seclevel", the HTTP(S) note's
// examples "secllevel"; a module answers ERROR to the one it does not know.
test("a module that answers ERROR to \"seclevel\" gets \"secllevel\" once; the spelling is kept until it restarts", () => {
	const { module, modem } = setup();
	module.overrides.push({ prefix: "AT+QSSLCFG=0,0,\"seclevel\"", answer: { reply: "\r\nERROR\r\n" } });
	const verified = new HTTPClient({ modem, host: "example.com", secure: { ca: CA } });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, verified, "/").body, "hi");
	const ssl = module.commands.filter((c) => c.startsWith("AT+QSSLCFG=0,0,\"secl"));
	equal(ssl.join(" | "), "AT+QSSLCFG=0,0,\"seclevel\",1 | AT+QSSLCFG=0,0,\"secllevel\",1");
	// Another client with verification off: the remembered spelling straight away.
	module.commands.length = 0;
	const open = new HTTPClient({ modem, host: "example.com", secure: { verify: false } });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, open, "/").body, "hi");
	equal(module.commands.filter((c) => c.startsWith("AT+QSSLCFG=0,0,\"secl")).join(" | "), "AT+QSSLCFG=0,0,\"secllevel\",0");
	// After a restart the module may be another firmware: the table's spelling first again.
	module.emit("\r\nRDY\r\n");
	module.run(() => false, 10);
	module.commands.length = 0;
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, verified, "/").body, "hi");
	equal(module.commands.filter((c) => c.startsWith("AT+QSSLCFG=0,0,\"secl"))[0], "AT+QSSLCFG=0,0,\"seclevel\",1");
});

test("a module that answers ERROR to both spellings: the request fails with 921 (TLS setting refused) after one try of each", () => {
	const { module, modem } = setup();
	module.overrides.push({ prefix: "AT+QSSLCFG=0,0,\"seclevel\"", answer: { reply: "\r\nERROR\r\n" } });
	module.overrides.push({ prefix: "AT+QSSLCFG=0,0,\"secllevel\"", answer: { reply: "\r\nERROR\r\n" } });
	const verified = new HTTPClient({ modem, host: "example.com", secure: { ca: CA } });
	const outcome = get(module, verified, "/");
	equal((outcome.error as { code?: number })?.code, 921);
	ok(/TLS configuration refused/.test(outcome.error!.message), outcome.error!.message);
	equal(module.commands.filter((c) => c.startsWith("AT+QSSLCFG=0,0,\"secl")).length, 2);
});

test("a CA upload the module refuses fails with 921, and the next request tries it again", () => {
	const { module, modem } = setup();
	module.overrides.push({ prefix: "AT+QSSLCFG=0,0,\"cacert\"", answer: { reply: "\r\nERROR\r\n" } });
	const verified = new HTTPClient({ modem, host: "example.com", secure: { ca: CA } });
	const outcome = get(module, verified, "/");
	equal((outcome.error as { code?: number })?.code, 921);
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
	equal(get(module, verified, "/").body, "ok");
	equal(module.commands.filter((c) => c === "AT+QSSLCFG=0,0,\"cacert\"").length, 2);
});
