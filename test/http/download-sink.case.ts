// A Download whose sink stops accepting ends, after its retries, with the library's one error type: 942
// (the target refused the bytes), step "sink", never a bare Error.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { setup } from "./client-rig.js";
import { Download } from "../../modules/http/download.js";
import { ModemError } from "../../modules/quectel/errors.js";

test("a sink that takes nothing: 942 at step sink once the retries are spent", () => {
	const { module, client } = setup();
	const range = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/100\r\nContent-Length: 10\r\n\r\n0123456789";
	module.responses.push(range, range);
	let result: { error: Error | null; total: number } | undefined;
	new Download({
		client, path: "/file", timer: module.timer, rangeSize: 10, retries: 1, retryDelay: 10,
		sink: { write: () => 0 },
		onDone(error, total) {
			result = { error, total };
		},
	});
	module.run(() => result !== undefined);
	ok(result?.error instanceof ModemError, String(result?.error));
	equal((result?.error as ModemError).code, 942);
	equal((result?.error as ModemError).step, "sink");
	equal(result?.total, 100);
});
