// ModemError: code, step, command (the AT line only), recovery and retryable, and a message that
// says what happened (what to do is remedy(), outside the core). The row comes from the layer that owns the code: the module's
// profile (bc660k/codes.ts), http/codes.ts, or the library's own (the default).
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { ERR_CANCELLED, RECOVER_LADDER, RECOVER_NONE, RECOVER_RESEND } from "../../modules/quectel/codes.js";
import { lookup } from "../../modules/quectel/bc660k/codes.js";
import { ERR_HTTP_CHUNK, httpError } from "../../modules/http/codes.js";
import { ModemError } from "../../modules/quectel/errors.js";
import { remedy } from "../../modules/remedies.js";

/** An error for one of the module's codes, as the modem makes it. */
function moduleError(code: number, step: string, command = ""): ModemError {
	return new ModemError(code, step, command, "", lookup(code));
}

test("a module code: fields and a message with step, meaning, code and command; its remedy is remedy()'s", () => {
	const e = moduleError(714, "QHTTPGET", "AT+QHTTPGET=80");
	ok(e instanceof Error);
	ok(e instanceof ModemError);
	equal(e.code, 714);
	equal(e.step, "QHTTPGET");
	equal(e.command, "AT+QHTTPGET=80");
	equal(e.recovery, RECOVER_LADDER);
	equal(e.retryable, true);
	equal(e.message, "QHTTPGET: HTTP(S) DNS error (714) after AT+QHTTPGET=80");
	ok(remedy(e.code).startsWith("Make sure the domain name is valid (chapter 4.2)."));
	ok(remedy(e.code).includes("AT+QIDNSCFG"));
});

test("a detail goes after the meaning", () => {
	const e = httpError(ERR_HTTP_CHUNK, "response", "byte 120 in a chunk size");
	equal(e.message, "response: malformed chunked encoding (912): byte 120 in a chunk size");
	equal(e.command, "");
	equal(e.recovery, RECOVER_RESEND);
});

test("an unknown module code keeps its number with a generic meaning", () => {
	const e = moduleError(724, "QHTTPREAD", "AT+QHTTPREAD=1024");
	equal(e.code, 724);
	equal(e.message, "QHTTPREAD: unknown module error (724) after AT+QHTTPREAD=1024");
	equal(e.retryable, true);
});

test("the command is cut at its first line end: data sent after > never reaches the message", () => {
	const e = moduleError(726, "QHTTPPOST", "AT+QHTTPPOST=120,60,60\r\nPOST / HTTP/1.1\r\nAuthorization: Bearer s3cr3t\r\n");
	equal(e.command, "AT+QHTTPPOST=120,60,60");
	ok(!e.message.includes("s3cr3t"));
});

test("not retryable for a caller mistake", () => {
	const e = moduleError(730, "QHTTPURL", "AT+QHTTPURL=300,80");
	equal(e.retryable, false);
	equal(e.recovery, RECOVER_NONE);
});

test("the fields are own properties set in the constructor, and name is Error's", () => {
	const e = moduleError(702, "QHTTPGET");
	ok(Object.prototype.hasOwnProperty.call(e, "code"));
	ok(Object.prototype.hasOwnProperty.call(e, "retryable"));
	equal(e.name, "Error");
	equal(String(e), "Error: QHTTPGET: HTTP(S) timeout (702)");
});

test("instanceof ModemError holds for errors from a second copy of the module, and only for them", () => {
	const e = moduleError(702, "QHTTPGET");
	const copy = Object.create(Error.prototype);
	copy[Symbol.for("nbiot-http.ModemError")] = true; // what a second load of errors.js puts on its errors
	ok(copy instanceof ModemError);
	ok(!(new Error("x") instanceof ModemError));
	ok(!((null as unknown) instanceof ModemError));
	ok(!({ code: 702 } instanceof ModemError));
	ok(e instanceof ModemError);
});

test("the library's own codes need no row", () => {
	equal(new ModemError(ERR_CANCELLED, "QHTTPGET").message, "QHTTPGET: request cancelled (931)");
});
