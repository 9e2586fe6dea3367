// The request head for custom-header mode: request line and Host matching the URL, the caller's
// headers in order, then the framing: Content-Length when the length is known, chunked when not.
import { test } from "../harness.js";
import { deepEqual, equal, throws } from "../assert.js";
import { BODY_UNKNOWN, serializeHead } from "../../modules/http/request.js";
import { text } from "./feed.js";

test("the manual's POST head (1.1.1)", () => {
	const head = serializeHead("POST", "220.180.239.212:8011", "/processorder.php", new Map([
		["Accept", "*/*"],
		["User-Agent", "QUECTEL_MODULE"],
		["Connection", "Keep-Alive"],
		["Content-Type", "application/x-www-form-urlencoded"],
	]), 48);
	equal(text(head),
		"POST /processorder.php HTTP/1.1\r\n" +
		"Host: 220.180.239.212:8011\r\n" +
		"Accept: */*\r\n" +
		"User-Agent: QUECTEL_MODULE\r\n" +
		"Connection: Keep-Alive\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: 48\r\n" +
		"\r\n");
});

test("a body of unknown length is sent chunked", () => {
	equal(text(serializeHead("PUT", "h", "/up", undefined, BODY_UNKNOWN)),
		"PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
});

test("no body: no Content-Length for GET, Content-Length: 0 for POST, PUT and PATCH", () => {
	equal(text(serializeHead("GET", "h", "/", undefined, 0)), "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	equal(text(serializeHead("DELETE", "h", "/x", undefined, 0)), "DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n");
	for (const method of ["POST", "PUT", "PATCH"]) {
		equal(text(serializeHead(method, "h", "/", undefined, 0)), `${method} / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n`);
	}
});

test("the caller's Host, Content-Length and Transfer-Encoding are replaced by the serializer's", () => {
	const head = serializeHead("POST", "h:8080", "/", new Map([
		["HOST", "elsewhere"], ["content-length", "999"], ["Transfer-Encoding", "gzip"], ["X-Kept", "1"],
	]), 5);
	equal(text(head), "POST / HTTP/1.1\r\nHost: h:8080\r\nX-Kept: 1\r\nContent-Length: 5\r\n\r\n");
});

test("the head is UTF-8 bytes: a non-ASCII value is counted in bytes", () => {
	const head = serializeHead("GET", "h", "/ü", new Map([["X-Name", "€"]]), 0);
	deepEqual(Array.from(head.subarray(4, 7)), [0x2f, 0xc3, 0xbc]);
	equal(head.length, "GET /ü HTTP/1.1\r\nHost: h\r\nX-Name: €\r\n\r\n".length + 1 + 2);
});

test("a body length that is not a count is a RangeError", () => {
	for (const n of [-2, 1.5, NaN]) throws(() => serializeHead("POST", "h", "/", undefined, n), RangeError);
});
