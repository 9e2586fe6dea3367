// What a request object and a client are at run time: only the documented methods. A request has read()
// and write() (own keys and prototype chain up to Object.prototype), a client request() and close(); the
// job the modem drives is another object, never the one the user holds.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { setup } from "./client-rig.js";
import type { HTTPRequest } from "../../modules/http/client.js";

// Every key of the object and of its prototypes below Object.prototype, sorted.
function keys(object: object): string[] {
	const found: string[] = [];
	for (let o: object | null = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
		for (const key of Reflect.ownKeys(o)) found.push(String(key));
	}
	return found.sort();
}

test("a request has read and write and nothing else, queued and inside its callbacks", () => {
	const { module, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
	const seen: string[][] = [];
	const selves: unknown[] = [];
	let done: Error | null | undefined;
	const request: HTTPRequest = client.request({
		path: "/",
		onHeaders() {
			selves.push(this);
			seen.push(keys(this));
		},
		onReadable() {
			selves.push(this);
			seen.push(keys(this));
			this.read();
		},
		onDone(error) {
			selves.push(this);
			done = error;
		},
	});
	deepEqual(keys(request), ["constructor", "read", "write"]);
	module.run(() => done !== undefined);
	equal(done, null);
	deepEqual(seen, [["constructor", "read", "write"], ["constructor", "read", "write"]]);
	ok(selves.length === 3 && selves.every((self) => self === request), "`this` of every callback is the request");
});

test("the job the modem drives is not the request the user holds", () => {
	const { module, modem, client } = setup();
	module.responses.push("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	const jobs: unknown[] = [];
	const enqueue = modem.enqueue;
	modem.enqueue = (job) => {
		jobs.push(job);
		enqueue.call(modem, job);
	};
	const request = client.request({ path: "/" });
	module.run(() => jobs.length > 0);
	equal(jobs.length, 1);
	ok(jobs[0] !== request);
	equal(typeof (jobs[0] as { nextPacket?: unknown }).nextPacket, "function");
});

test("a client has request and close and nothing else", () => {
	const { client } = setup();
	deepEqual(keys(client), ["close", "constructor", "request"]);
});
