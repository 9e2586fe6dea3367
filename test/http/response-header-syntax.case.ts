// Header lines as servers really send them: case, whitespace, folding, repeats, bare LF; and what
// is rejected (915): bad status lines, bad names, NUL, CR without LF.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { writeUtf8 } from "../../modules/http/utf8.js";
import { feed, SPLITS, wire } from "./feed.js";

function head(lines: string): string[] {
	return feed(wire("HTTP/1.1 200 OK\r\n" + lines + "Content-Length: 0\r\n\r\n"), 1).log.slice(1, -2);
}

for (const split of SPLITS) {
	test(`whitespace around values is trimmed, inner whitespace kept (split ${split})`, () => {
		const run = feed(wire("HTTP/1.1 200 OK\r\nX-A:tight\r\nX-B: \t spaced  out \t \r\nX-Empty:\r\nX-Blank:   \r\n\r\n"), split);
		deepEqual(run.log, ["status 200 \"OK\"", "header x-a: tight", "header x-b: spaced  out", "header x-empty: ", "header x-blank: ", "complete"]);
	});
}

test("names are lowercased", () => {
	deepEqual(head("CONTENT-Type: text/plain\r\n"), ["header content-type: text/plain"]);
});

test("a repeated header is joined with \", \", set-cookie included", () => {
	deepEqual(head("Set-Cookie: a=1; Path=/\r\nVary: Accept\r\nset-cookie: b=2\r\nVARY: Origin\r\n"),
		["header set-cookie: a=1; Path=/, b=2", "header vary: Accept, Origin"]);
});

test("an obs-fold continues the value after one space", () => {
	deepEqual(head("X-Folded: first  \r\n   second\r\n\tthird\r\nX-Next: n\r\n"),
		["header x-folded: first second third", "header x-next: n"]);
});

test("a fold of a header with an empty value starts the value", () => {
	deepEqual(head("X-Late:\r\n  value\r\n"), ["header x-late: value"]);
});

test("bare LF ends lines as CRLF does", () => {
	deepEqual(feed(wire("HTTP/1.1 200 OK\nA: 1\nB: 2\n\n"), 1).log, ["status 200 \"OK\"", "header a: 1", "header b: 2", "complete"]);
});

test("empty lines before the status line are skipped", () => {
	deepEqual(feed(wire("\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 1).log,
		["status 200 \"OK\"", "header content-length: 0", "complete"]);
});

test("status lines: no reason, a reason with spaces, HTTP/1.0", () => {
	equal(feed(wire("HTTP/1.1 200\r\n\r\n"), 1).log[0], "status 200 \"\"");
	equal(feed(wire("HTTP/1.1 404 Not Found Here\r\n\r\n"), 1).log[0], "status 404 \"Not Found Here\"");
	equal(feed(wire("HTTP/1.0 500 Internal Server Error\r\n\r\n"), 1).log[0], "status 500 \"Internal Server Error\"");
});

test("values are decoded as UTF-8", () => {
	const bytes = new Uint8Array(64);
	const prefix = wire("HTTP/1.1 200 OK\r\nX-Name: ");
	bytes.set(prefix);
	let at = writeUtf8("Grüße €", bytes, prefix.length);
	at = writeUtf8("\r\n\r\n", bytes, at);
	deepEqual(feed(bytes.subarray(0, at), 1).log, ["status 200 \"OK\"", "header x-name: Grüße €", "complete"]);
});

const REJECTED: [string, string][] = [
	["a status line without HTTP/", "HTTP 200 OK\r\n\r\n"],
	["a two-digit status", "HTTP/1.1 20 OK\r\n\r\n"],
	["a status starting with 0", "HTTP/1.1 099 Odd\r\n\r\n"],
	["no space after the status", "HTTP/1.1 200OK\r\n\r\n"],
	["lowercase http", "http/1.1 200 OK\r\n\r\n"],
	["a space before the colon", "HTTP/1.1 200 OK\r\nServer : x\r\n\r\n"],
	["a name with a slash", "HTTP/1.1 200 OK\r\nX/Y: 1\r\n\r\n"],
	["a line with no colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"],
	["a fold before the first header", "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n"],
	["NUL in a value", "HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n"],
	["CR without LF in a value", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"],
	["CR without LF after the headers", "HTTP/1.1 200 OK\r\nX: 1\r\n\rX"],
];

for (const [name, input] of REJECTED) {
	test(`${name} is 915`, () => {
		for (const split of [1, 128]) deepEqual(feed(wire(input), split).log, ["error 915"], name);
	});
}
