// HTTPS: the CA is uploaded once (and again only when it changes); without one the client refuses,
// unless verification is turned off explicitly.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { get, setup } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

test("an HTTPS GET sets secllevel 1, uploads the CA with Ctrl+Z, sets ssl; a second GET does none of it", () => {
	const { module, modem } = setup();
	const client = new HTTPClient({ modem, host: "example.com", secure: { ca: CA } });
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, client, "/").body, "hi");
	ok(module.commands.includes("AT+QSSLCFG=0,0,\"secllevel\",1"));
	ok(module.commands.includes("AT+QHTTPCFG=\"ssl\",0,0"));
	ok(module.commands.includes(`data:${CA}<ctrl-z>`), module.commands.join(" | "));
	ok(module.commands.includes("data:https://example.com/"));
	module.commands.length = 0;
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(get(module, client, "/").body, "hi");
	equal(module.commands.join(" | "), "AT+QHTTPGET=60,300 | AT+QHTTPREAD=1024");
});

test("HTTPS without a CA is refused with a TypeError; verify:false is secllevel 0", () => {
	const { module, modem } = setup();
	throws(() => new HTTPClient({ modem, host: "example.com", secure: {} }), TypeError);
	const open = new HTTPClient({ modem, host: "example.com", secure: { verify: false } });
	module.responses.push("HTTP/1.1 204 No Content\r\n\r\n");
	const outcome = get(module, open, "/");
	equal(outcome.status, 204);
	ok(module.commands.includes("AT+QSSLCFG=0,0,\"secllevel\",0"));
	ok(!module.commands.some((c) => c.includes("cacert")));
});
