// Numbers and fields read from spans.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { equalsBytes, equalsQuoted, fieldAt, fieldEnd, fieldSigned, fieldUint, nextField, parseUint } from "../../modules/at/fields.js";
import { ascii } from "../support/mock-serial.js";

test("parseUint reads digits, allows spaces, rejects junk and overflow", () => {
	const b = ascii(" 1256 |12a|99999999999999999999|9007199254740991|");
	equal(parseUint(b, 0, 6), 1256);
	equal(parseUint(b, 7, 10), -1);
	equal(parseUint(b, 11, 31), -1);
	equal(parseUint(b, 32, 48), 9007199254740991);
	equal(parseUint(b, 3, 3), -1);
});

test("fields split on commas outside quotes", () => {
	const b = ascii("0,\"a,b\", 206,1024");
	const end = b.length;
	let s = 0, e = fieldEnd(b, s, end);
	equal(parseUint(b, s, e), 0);
	s = nextField(b, e, end); e = fieldEnd(b, s, end);
	ok(equalsQuoted(b, s, e, ascii("a,b")));
	s = nextField(b, e, end); e = fieldEnd(b, s, end);
	equal(parseUint(b, s, e), 206);
	s = nextField(b, e, end); e = fieldEnd(b, s, end);
	equal(parseUint(b, s, e), 1024);
	equal(nextField(b, e, end), end);
});

test("fieldAt and fieldUint count fields past quoted commas; absent or non-numeric fields read -1", () => {
	const b = ascii("0,\"a,b\", 206,,x");
	const end = b.length;
	equal(fieldAt(b, 0, end, 0), 0);
	equal(fieldAt(b, 0, end, 1), 2);
	equal(fieldAt(b, 0, end, 2), 9); // the space after the comma is skipped
	equal(fieldAt(b, 0, end, 9), end);
	equal(fieldUint(b, 0, end, 0), 0);
	equal(fieldUint(b, 0, end, 1), -1); // quoted
	equal(fieldUint(b, 0, end, 2), 206);
	equal(fieldUint(b, 0, end, 3), -1); // empty
	equal(fieldUint(b, 0, end, 4), -1); // not a number
	equal(fieldUint(b, 0, end, 5), -1); // absent
});

test("fieldSigned reads a field with or without its minus; absent, empty or non-numeric fields read NaN", () => {
	const b = ascii("0,-112,\"-3\", -9,,x");
	const end = b.length;
	equal(fieldSigned(b, 0, end, 0), 0);
	equal(fieldSigned(b, 0, end, 1), -112);
	equal(Number.isNaN(fieldSigned(b, 0, end, 2)), true); // quoted
	equal(fieldSigned(b, 0, end, 3), -9);
	equal(Number.isNaN(fieldSigned(b, 0, end, 4)), true); // empty
	equal(Number.isNaN(fieldSigned(b, 0, end, 5)), true); // not a number
	equal(Number.isNaN(fieldSigned(b, 0, end, 6)), true); // absent
});

test("equalsQuoted: quotes optional; exact, or letters (only) in either case with anyCase", () => {
	const b = ascii("\"Iot.Example-1\",iot.example-1,\"iot.example\"");
	ok(equalsQuoted(b, 0, 15, ascii("iot.example-1"), true));
	ok(!equalsQuoted(b, 0, 15, ascii("iot.example-1")));
	ok(equalsQuoted(b, 16, 29, ascii("iot.example-1")));
	ok(equalsQuoted(b, 16, 29, ascii("IOT.EXAMPLE-1"), true));
	ok(!equalsQuoted(b, 30, 43, ascii("iot.example-1"), true)); // shorter
	// Only letters fold: "." (0x2e) is not the control byte 0x0e, nor "@" the backquote.
	ok(!equalsQuoted(ascii("a\x0eb"), 0, 3, ascii("a.b"), true));
	ok(!equalsQuoted(ascii("`"), 0, 1, ascii("@"), true));
});

test("equalsBytes compares exactly", () => {
	const b = ascii("READY");
	ok(equalsBytes(b, 0, 5, ascii("READY")));
	ok(!equalsBytes(b, 0, 4, ascii("READY")));
	ok(!equalsBytes(b, 0, 5, ascii("READX")));
});
