// Reads are bounded (issue 14.4): a module that answers +QHTTPREAD: 0,<n> again and again is polled with
// a growing delay, within readTimeout, then the request fails with a typed error (722) and the module is
// free for the next request.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { get, setup } from "../http/client-rig.js";

const OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

test("+QHTTPREAD: 0,<n> forever: a few polls with a growing delay, 722 within readTimeout, and the next request works", () => {
	const { module, client } = setup({}, { readTimeout: 10000 });
	for (let i = 0; i < 1000; i++) module.overrides.push({ prefix: "AT+QHTTPREAD=", answer: { reply: "\r\n+QHTTPREAD: 0,100\r\n\r\nOK\r\n" } });
	module.responses.push(OK_RESPONSE);
	const started = module.clock.now();
	const failed = get(module, client, "/");
	const took = module.clock.now() - started;
	const reads = module.commands.filter((c) => c.startsWith("AT+QHTTPREAD=")).length;
	equal(failed.dones, 1);
	const error = failed.error as Error & { code?: number; step?: string };
	equal(error?.code, 722, String(error?.message));
	equal(error.step, "QHTTPREAD");
	ok(reads >= 5 && reads <= 20, `${reads} reads`);
	ok(took >= 10000 && took < 15000, `${took} ms`);
	module.overrides.length = 0;
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	const next = get(module, client, "/");
	equal(next.error, null);
	equal(next.body, "ok");
});

test("+QHTTPREAD: 0,<n> a few times, then data: the body arrives (polling is not failing)", () => {
	const { module, client } = setup({}, { readTimeout: 10000 });
	for (let i = 0; i < 4; i++) module.overrides.push({ prefix: "AT+QHTTPREAD=", answer: { reply: "\r\n+QHTTPREAD: 0,40\r\n\r\nOK\r\n" } });
	module.responses.push(OK_RESPONSE);
	const outcome = get(module, client, "/");
	equal(outcome.error, null);
	equal(outcome.body, "ok");
	equal(module.commands.filter((c) => c.startsWith("AT+QHTTPREAD=")).length, 5); // 4 empty, then the data
});
