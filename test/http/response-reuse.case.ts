// One parser per client: reset() readies it for the next response, after success or failure, and
// the callbacks run with `target` as `this`.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { ResponseParser } from "../../modules/http/response.js";
import { wire } from "./feed.js";

test("reset() after a complete response and after an error", () => {
	const owner = { events: [] as string[] };
	const parser = new ResponseParser({
		target: owner,
		onHeaders(this: typeof owner, status) { this.events.push(`status ${status}`); },
		onBody(this: typeof owner, _bytes, start, end) { this.events.push(`body ${end - start}`); },
		onComplete(this: typeof owner) { this.events.push("complete"); },
	} as ConstructorParameters<typeof ResponseParser>[0]);
	const ok = wire("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
	equal(parser.execute(ok, 0, ok.length), 0);
	parser.reset();
	const bad = wire("HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n");
	equal(parser.execute(bad, 0, bad.length), 914);
	parser.reset(false);
	equal(parser.error, undefined);
	const head = wire("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
	equal(parser.execute(head, 0, head.length), 0);
	equal(parser.complete, true);
	deepEqual(owner.events, ["status 200", "body 2", "complete", "status 200", "complete"]);
});
