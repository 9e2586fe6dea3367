// A CR not followed by LF, on every kind of line, is rejected with a typed error (915 in the head, 912 in
// the chunked framing); through the client, such a head never becomes a 200 with wrong data. The wire and
// its log are response-bare-cr.golden.json.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { feedCases } from "./feed.js";
import { get, setup } from "./client-rig.js";
import golden from "./response-bare-cr.golden.js";

feedCases(golden);

test("through the client, a status line ending in a bare CR fails with 915 and hands over no body", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\rContent-Length: 4\r\n\r\nEvilXYZ");
	const outcome = get(module, client, "/");
	equal(outcome.dones, 1);
	equal((outcome.error as { code?: number } | null | undefined)?.code, 915);
	equal(outcome.status, undefined, "no onHeaders");
	equal(outcome.body, "");
	ok(/status line/.test(outcome.error!.message), outcome.error!.message);
});
