// The result-code tables, one per layer: every code of the manual's chapter 5 with its meaning and its
// recovery (the BC660K profile); our own codes outside 700–730 (the library's, HTTP's, a download's and an
// update's); unknown codes get a generic row. What to do about each is remedy() (remedies.ts).
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import {
	CORE_CODES, ERR_AT_ERROR, ERR_TLS_CONFIG, ERR_CANCELLED, ERR_CLOSED, ERR_DENIED, ERR_NETWORK_LOST, ERR_NO_ADDRESS, ERR_NOT_REGISTERED, ERR_SIM, ERR_PROTOCOL, ERR_REBOOTED, ERR_SERIAL, ERR_TIMEOUT, RECOVER_LADDER,
	RECOVER_NONE, RECOVER_REINIT, RECOVER_RESEND, RECOVER_RETRY, rowIn,
} from "../../modules/quectel/codes.js";
import { CODES, lookup as moduleRow } from "../../modules/quectel/bc660k/codes.js";
import { BC660K } from "../../modules/quectel/bc660k/profile.js";
import golden from "./codes.golden.js";
import {
	ERR_HTTP_CHUNK, ERR_HTTP_CONTENT_LENGTH, ERR_HTTP_EXTRA_DATA, ERR_HTTP_HEAD_TOO_LARGE, ERR_HTTP_INCOMPLETE,
	ERR_HTTP_MALFORMED, ERR_RANGE_MISMATCH, HTTP_CODES, ERR_CALLBACK, ERR_CALLER_TIMEOUT,
} from "../../modules/http/codes.js";
import { DOWNLOAD_CODES, ERR_DIGEST, ERR_SIZE, ERR_TARGET } from "../../modules/http/download.js";
import { remedy } from "../../modules/remedies.js";

/** Any code's row, whichever layer holds it. */
function lookup(code: number) {
	return rowIn(HTTP_CODES, code) ?? rowIn(DOWNLOAD_CODES, code) ?? moduleRow(code);
}

function isRetryable(code: number): boolean {
	return lookup(code)[2] !== RECOVER_NONE;
}

// codes.golden.json: every code's meaning (701–730 as chapter 5, Table 2 prints them) and what its remedy
// must name: the commands to send, the option to change, the chapter to follow.
interface Golden {
	code: number;
	meaning: string;
	remedy: string[];
}
const GOLDEN = golden as Golden[];
const MANUAL: [number, string][] = GOLDEN.filter((row) => row.code < 900).map((row) => [row.code, row.meaning]);
// In table order: the module's TLS code (its profile), the library's, HTTP's, a download's.
const OURS = [ERR_TLS_CONFIG, ERR_AT_ERROR, ERR_TIMEOUT, ERR_REBOOTED, ERR_PROTOCOL, ERR_SERIAL, ERR_CLOSED, ERR_CANCELLED,
	ERR_SIM, ERR_DENIED, ERR_NOT_REGISTERED, ERR_NO_ADDRESS, ERR_NETWORK_LOST,
	ERR_HTTP_INCOMPLETE, ERR_HTTP_CHUNK, ERR_HTTP_HEAD_TOO_LARGE, ERR_HTTP_CONTENT_LENGTH, ERR_HTTP_MALFORMED,
	ERR_HTTP_EXTRA_DATA, ERR_RANGE_MISMATCH, ERR_CALLER_TIMEOUT, ERR_CALLBACK, ERR_SIZE, ERR_DIGEST, ERR_TARGET];

const RECOVERIES = [RECOVER_NONE, RECOVER_RETRY, RECOVER_RESEND, RECOVER_LADDER, RECOVER_REINIT];

test("every code 701–723 and 726–730 has the manual's meaning and a remedy", () => {
	for (const [code, meaning] of MANUAL) {
		const row = lookup(code);
		equal(row[0], code);
		equal(row[1], meaning);
		ok(remedy(code).endsWith("."), `remedy of ${code}: ${remedy(code)}`);
		ok(RECOVERIES.includes(row[2]), `recovery of ${code}`);
	}
});

test("the tables hold the manual's 28 codes and our 25, each once", () => {
	deepEqual([...CODES, ...CORE_CODES, ...HTTP_CODES, ...DOWNLOAD_CODES].map((row) => row[0]), [...MANUAL.map(([code]) => code), ...OURS]);
});

test("our codes sit outside the module's range, each with a meaning and a remedy", () => {
	for (const code of OURS) {
		ok(code >= 900 && code < 1000, String(code));
		const row = lookup(code);
		equal(row[0], code);
		ok(row[1].length > 0 && remedy(code).endsWith("."), String(code));
		ok(!remedy(code).startsWith("Not a code"), `${code} has its own remedy`);
	}
});

test("each remedy names what to do: the commands, options and chapters of codes.golden.json, and each code has its row", () => {
	deepEqual(GOLDEN.map((row) => row.code).sort(), [...MANUAL.map(([code]) => code), ...OURS].sort());
	for (const { code, meaning, remedy: names } of GOLDEN) {
		const row = lookup(code);
		equal(row[1], meaning, String(code));
		ok(names.length > 0, `${code}: the golden names something`);
		for (const name of names) ok(remedy(code).includes(name), `remedy of ${code} names ${name}: ${remedy(code)}`);
	}
});

test("chapter 4's remedies: DNS (4.2), UART busy (4.3), socket read (4.5), ERROR (4.1)", () => {
	const dns = remedy(714);
	for (const command of ["AT+CGATT?", "AT+CGPADDR", "AT+QIDNSCFG", "AT+CFUN=0", "AT+CFUN=1"]) ok(dns.includes(command), command);
	ok(dns.includes("domain"));
	equal(lookup(714)[2], RECOVER_LADDER);
	ok(remedy(704).includes("data mode"));
	equal(lookup(704)[2], RECOVER_RETRY);
	ok(remedy(717).startsWith("Resend"));
	equal(lookup(717)[2], RECOVER_RESEND);
	ok(remedy(702).includes("AT+CFUN=0")); // 4.4 when resending fails
	ok(remedy(ERR_AT_ERROR).includes("AT+CPIN?"));
	// The ladder the modem climbs is the profile's table: the checks, the reactivation, the attach.
	deepEqual(BC660K.ladder.map((step) => step.text), ["AT+CPIN?", "AT+CGATT?", "AT+CGPADDR", "AT+QIDNSCFG?", "AT+CFUN=0", "AT+CFUN=1", "AT+CGATT?"]);
	equal(BC660K.ladder[BC660K.reactivateAt]!.text, "AT+CFUN=0");
});

test("retryable: caller mistakes and server faults are not, transient failures are", () => {
	for (const code of [705, 711, 720, 730, ERR_HTTP_HEAD_TOO_LARGE, ERR_HTTP_CONTENT_LENGTH, ERR_RANGE_MISMATCH, ERR_TLS_CONFIG, ERR_CLOSED, ERR_CANCELLED]) {
		equal(isRetryable(code), false, String(code));
	}
	for (const code of [702, 703, 704, 714, 716, 717, 728, ERR_TIMEOUT, ERR_REBOOTED, ERR_HTTP_INCOMPLETE]) {
		equal(isRetryable(code), true, String(code));
	}
	equal(lookup(ERR_REBOOTED)[2], RECOVER_REINIT);
	equal(lookup(712)[2], RECOVER_REINIT);
});

test("unknown codes: a generic row, row[0] 0 so the caller keeps its own code", () => {
	for (const code of [724, 725, 731, 799]) {
		const row = lookup(code);
		equal(row[0], 0);
		equal(row[1], "unknown module error");
		equal(row[2], RECOVER_RESEND);
	}
	equal(lookup(42)[1], "unknown error");
	equal(isRetryable(42), false);
	ok(remedy(799).startsWith("Not in the application note"));
	ok(remedy(799, "bg95").startsWith("Not in the family's HTTP(S) table"));
	ok(remedy(42).startsWith("Not a code of this library"));
});

test("remedy() speaks the module's manual: the BC660K's ladder is AT+CFUN, the BG95 family's AT+QIDEACT/AT+QIACT", () => {
	ok(remedy(714).includes("AT+CFUN=0"));
	for (const module of ["bg95", "BG77", "bg96"]) {
		ok(remedy(714, module).includes("AT+QIDEACT=1"), module);
		ok(!remedy(714, module).includes("AT+CFUN"), module);
	}
	ok(remedy(724, "bg95").includes("call"));
	// The library's own codes read the same for every module.
	equal(remedy(ERR_TIMEOUT, "bg95"), remedy(ERR_TIMEOUT));
	equal(remedy(ERR_HTTP_CHUNK, "bg95"), remedy(ERR_HTTP_CHUNK, "bc950k"));
	// What Modem took as its module: a name or a profile object; a careless value gets the default's texts.
	equal(remedy(714, BC660K), remedy(714));
	equal(remedy(714, { name: "BG95" }), remedy(714, "bg95"));
	for (const careless of [undefined, null, 95, ""]) equal(remedy(714, careless as never), remedy(714), String(careless));
});
