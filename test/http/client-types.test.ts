// The client's built types (build/modules/http/client.d.ts, the package's "types") show the documented
// API only: the options, request() and close(), and a request's read() and write(); none of the plumbing
// the modem or the pump uses.
import { test } from "node:test";
import { deepEqual, equal } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../modules/http/client.d.ts"), "utf8");

test("HTTPClient declares its constructor, request() and close(), its state #private", () => {
	const body = /export declare class HTTPClient \{([^}]*)\}/.exec(text)?.[1] ?? "";
	const members = body.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("/**") && !line.startsWith("*"));
	deepEqual(members.map((line) => /^[#\w]+/.exec(line)?.[0]), ["#private", "constructor", "request", "close"]);
});

test("HTTPRequest declares read() and write() only", () => {
	const body = /export interface HTTPRequest \{([^}]*)\}/.exec(text)?.[1] ?? "";
	const members = body.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("/**") && !line.startsWith("*"));
	deepEqual([...new Set(members.map((line) => /^\w+/.exec(line)?.[0]))], ["read", "write"]);
});

test("no plumbing name appears anywhere in the text", () => {
	for (const name of ["nextPacket", "packetSent", "onResult", "readRoom", "onData", "afterRead", "onFinish", "enqueue", "resume", "cancel", "buffers",
		"packet", "urlLength", "HttpJob", "Job", "RequestPump", "pump", "Outgoing", "limits"]) {
		equal(new RegExp(`\\b${name}\\b`).test(text), false, name);
	}
});
