// Responses with no body whatever their headers say: to HEAD (expectBody false), 204 and 304.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { feed, wire } from "./feed.js";

test("HEAD: Content-Length describes the GET body, none follows", () => {
	deepEqual(feed(wire("HTTP/1.1 200 OK\r\nContent-Length: 1256\r\n\r\n"), 1, { expectBody: false, finish: false }).log,
		["status 200 \"OK\"", "header content-length: 1256", "complete"]);
});

test("HEAD: a chunked Transfer-Encoding is not read either", () => {
	deepEqual(feed(wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 2, { expectBody: false }).log,
		["status 200 \"OK\"", "header transfer-encoding: chunked", "complete"]);
});

test("204 No Content ends at its head", () => {
	deepEqual(feed(wire("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"), 1, { finish: false }).log,
		["status 204 \"No Content\"", "header content-length: 5", "complete"]);
});

test("304 Not Modified ends at its head", () => {
	deepEqual(feed(wire("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"), 7).log,
		["status 304 \"Not Modified\"", "header etag: \"x\"", "complete"]);
});

test("a body after a no-body response is 916", () => {
	deepEqual(feed(wire("HTTP/1.1 204 No Content\r\n\r\nxyz"), 1).log, ["status 204 \"No Content\"", "complete", "error 916"]);
});
