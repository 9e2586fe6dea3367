// Failures settle the request once with a typed error that names the step and the code; the modem
// recovers (the chapter-4 ladder, re-configuration after a reboot) and the next request succeeds.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { get, setup, start } from "./client-rig.js";
import { HTTPClient } from "../../modules/http/client.js";

const OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

test("+CME ERROR: 714 on AT+QHTTPGET fails with code 714, a DNS error; the next request climbs the ladder first", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\n+CME ERROR: 714\r\n" } });
	const failed = get(module, client, "/");
	const error = failed.error as Error & { code: number; step: string };
	equal(error.code, 714);
	equal(error.step, "QHTTPGET");
	equal(error.message, "QHTTPGET: HTTP(S) DNS error (714) after AT+QHTTPGET=60,300");
	equal(failed.dones, 1);
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	const next = get(module, client, "/");
	equal(next.error, null);
	deepEqual(module.commands.slice(0, 4), ["AT+CPIN?", "AT+CGATT?", "AT+CGPADDR", "AT+QIDNSCFG?"]);
	ok(module.commands.includes("AT+QHTTPGET=60,300"));
});

test("a failure URC (+QHTTPGET: 702) fails the request with 702", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nOK\r\n\r\n+QHTTPGET: 702\r\n" } });
	const failed = get(module, client, "/");
	equal((failed.error as { code?: number }).code, 702);
	module.responses.push(OK_RESPONSE);
	equal(get(module, client, "/").body, "ok");
});

test("RDY in the middle of a request fails it (902); the next request re-applies the configuration", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nRDY\r\n" } });
	module.echo = false;
	const failed = get(module, client, "/");
	equal((failed.error as { code?: number }).code, 902);
	equal(failed.dones, 1);
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	const next = get(module, client, "/");
	equal(next.body, "ok");
	ok(module.commands.includes("ATE0"), module.commands.join(" | "));
	ok(module.commands.includes("AT+QHTTPCFG=\"responseheader\",1"));
	ok(module.commands.some((c) => c.startsWith("AT+QHTTPURL=")));
});

test("RDY between AT+QHTTPGET's OK and its result URC fails the request at once with 902, not after rsptime", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.resultUrc = false; // OK, then the module holds the result: the request waits for +QHTTPGET
	const outcome = start(client, "/");
	module.run(() => false, 1000);
	equal(module.commands[module.commands.length - 1], "AT+QHTTPGET=60,300");
	equal(outcome.dones, 0, "the request ended before its result");
	module.reboot();
	const at = module.clock.now();
	module.run(() => outcome.dones > 0);
	equal((outcome.error as { code?: number })?.code, 902);
	ok(module.clock.now() - at < 100, `settled ${module.clock.now() - at} ms after RDY`);
});

test("a module that never answers times out with 901, and the next request probes with AT first", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "" } });
	const failed = get(module, client, "/");
	equal((failed.error as { code?: number }).code, 901);
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	equal(get(module, client, "/").body, "ok");
	equal(module.commands[0], "AT");
});

test("a request cut short by close() (931 to the modem): the next request probes the module with AT first", () => {
	const { module, modem, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: "\r\nOK\r\n" } }); // the result never comes
	const cut = start(client, "/");
	module.run(() => module.commands[module.commands.length - 1] === "AT+QHTTPGET=60,300", 10000);
	client.close();
	module.run(() => cut.dones > 0, 10000);
	equal((cut.error as { code?: number }).code, 930);
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	equal(get(module, new HTTPClient({ modem, host: "example.com" }), "/").body, "ok");
	equal(module.commands[0], "AT");
});

test("close() while the module has not answered a command cuts that exchange short: the next request starts within seconds, not at the command's timeout", () => {
	const { module, modem, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.responses.push(OK_RESPONSE);
	module.overrides.push({ prefix: "AT+QHTTPREAD=", answer: { reply: "" } }); // never answered: 60 s to its timeout
	module.commands.length = 0;
	const cut = start(client, "/");
	module.run(() => module.commands[module.commands.length - 1]?.startsWith("AT+QHTTPREAD=") === true, 10000);
	client.close();
	const at = module.clock.now();
	module.responses.push(OK_RESPONSE);
	const next = get(module, new HTTPClient({ modem, host: "example.com" }), "/");
	equal(cut.dones, 1);
	equal(next.body, "ok");
	ok(module.clock.now() - at < 5000, `the next request ended ${module.clock.now() - at} ms after close()`);
});

test("the first AT after sleep is lost (a bare CR LF): the probe retries", () => {
	const { module, client } = setup();
	module.overrides.push({ prefix: "AT", answer: { reply: "\r\n" } });
	module.responses.push(OK_RESPONSE);
	const outcome = get(module, client, "/");
	equal(outcome.body, "ok");
	deepEqual(module.commands.slice(0, 3), ["AT", "AT", "ATE0"]);
});
