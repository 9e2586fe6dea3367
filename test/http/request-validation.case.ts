// Caller mistakes throw TypeError synchronously, before anything is built: CR, LF or NUL in the
// method, path, header name or value (request splitting), and names that are not tokens.
import { test } from "../harness.js";
import { equal, ok, throws } from "../assert.js";
import { authority, checkRequest, serializeHead } from "../../modules/http/request.js";

const ORIGIN = { host: "example.com" };
const BAD = ["\r", "\n", "\u0000"];

// As the client does: the request is checked once, then its head is built.
function head(method: string, path: string, headers?: Map<string, string>): Uint8Array {
	checkRequest(method, path, headers);
	return serializeHead(method, authority(ORIGIN), path, headers, 0);
}

for (const bad of BAD) {
	const shown = JSON.stringify(bad);
	test(`${shown} in the method is a TypeError`, () => {
		throws(() => head("GET" + bad, "/"), TypeError, (e) => e.message.includes("method"));
	});

	test(`${shown} in the path is a TypeError`, () => {
		throws(() => head("GET", "/a" + bad + "b"), TypeError, (e) => e.message.includes("path"));
	});

	test(`${shown} in a header name is a TypeError`, () => {
		throws(() => head("GET", "/", new Map([["X-A" + bad, "1"]])), TypeError, (e) => e.message.includes("header name"));
	});

	test(`${shown} in a header value is a TypeError that does not show the value`, () => {
		const secret = "Bearer s3cr3t" + bad + "Injected: yes";
		throws(() => head("GET", "/", new Map([["Authorization", secret]])), TypeError,
			(e) => e.message.includes("\"Authorization\"") && !e.message.includes("s3cr3t"));
	});

	test(`${shown} in the host is a TypeError`, () => {
		throws(() => authority({ host: "example.com" + bad }), TypeError);
	});
}

test("header names must be tokens", () => {
	for (const name of ["", "X Y", "X:Y", "X(Y)", "Ünicode", "X\tY"]) {
		throws(() => checkRequest("GET", "/", new Map([[name, "v"]])), TypeError, (e) => e.message.includes("header name"));
	}
	checkRequest("GET", "/", new Map([["X-Custom_1!#$%&'*+.^`|~", "v"]]));
});

test("methods must be tokens; they are not uppercased", () => {
	throws(() => head("", "/"), TypeError);
	throws(() => head("GE T", "/"), TypeError);
	equal(head("purge", "/")[0], 0x70);
});

test("paths must start with / and have no space", () => {
	throws(() => head("GET", "example.com/"), TypeError);
	throws(() => head("GET", ""), TypeError);
	throws(() => head("GET", "/a b"), TypeError);
	ok(head("GET", "/a%20b?q=1&r=ü").length > 0);
});

test("a header value may hold tabs and any other text", () => {
	checkRequest("GET", "/", new Map([["X-Ok", "a\tb ü €"]]));
});

test("a content-length is 1 to 15 digits, white space around", () => {
	const length = (value: string) => checkRequest("POST", "/", new Map([["Content-Length", value]]));
	equal(length(" \t12\t "), 12);
	for (const value of ["1 2", "0x10", "-1", "1234567890123456", ""]) throws(() => length(value), TypeError, (e) => e.message.includes("byte count"));
});
