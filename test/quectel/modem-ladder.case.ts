// The chapter-4 recovery ladder, step by step, as transcripts on the stand-in module (issue 14.6): for
// each step the answer that passes it and the answer that fails it, reactivation (AT+CFUN=0/1) when a
// check fails or when a failure follows a failure, the hardware-reset hook after repeated failures, and
// sleep and wake. Each row states the commands the module must see, in order: a step left out of the
// modem, or taken when it should not be, changes the transcript and fails its row. The rows are
// modem-ladder.golden.json; the cases after them drive their own sequences.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { get, setup, type Outcome } from "../http/client-rig.js";
import type { FakeModule } from "./fake-module.js";
import { bytes, fields, type Bytes } from "../support/goldens.js";
import golden from "./modem-ladder.golden.js";

const OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const CHECKS = ["AT+CPIN?", "AT+CGATT?", "AT+CGPADDR", "AT+QIDNSCFG?"];
// AT+CFUN=0/1 restarts the protocol stack: the attach is awaited, then everything is configured again.
const REACTIVATE = ["AT+CFUN=0", "AT+CFUN=1", "AT+CGATT?", "ATE0", "AT+QSCLK=0", "AT+QHTTPCFG=\"responseheader\",1",
	"AT+QHTTPCFG=\"readformat\",0", "AT+QHTTPCFG=\"requestheader\",0", "AT+QHTTPURL=19,60", "data:http://example.com/"];
const GET = "AT+QHTTPGET=60,300";

function fail(module: FakeModule, answer: string): void {
	module.overrides.push({ prefix: "AT+QHTTPGET=", answer: { reply: answer } });
}

function answer(module: FakeModule, prefix: string, reply: string): void {
	module.overrides.push({ prefix, answer: { reply } });
}

/** The commands of the request up to and including its AT+QHTTPGET (or all, if none). */
function upToGet(commands: string[]): string[] {
	const at = commands.indexOf(GET);
	return at < 0 ? commands.slice() : commands.slice(0, at + 1);
}

/** A row of modem-ladder.golden.json. */
interface Row {
	name: string;
	/** Answers to AT+QHTTPGET= for the requests before the one observed (each fails once). */
	before: Bytes[];
	/** Answers for the observed request's ladder: `reply` to the next command starting with `prefix`, `times` times. */
	ladder?: { prefix: string; reply: Bytes; times?: number }[];
	/** The commands of the observed request, up to its AT+QHTTPGET. */
	expect: string[];
	/** The observed request's error code (omitted: it succeeds). */
	code?: number;
}

const CME_714 = "\r\n+CME ERROR: 714\r\n";
const ROWS = (golden as { rows: Row[] }).rows;

for (const row of ROWS) {
	test(`ladder: ${row.name}`, () => {
		fields(row, ["name", "before", "ladder", "expect", "code"], row.name);
		const { module, client } = setup();
		module.responses.push(OK_RESPONSE);
		equal(get(module, client, "/").body, "ok"); // configured, URL set
		for (const before of row.before) {
			fail(module, bytes(before));
			const failed = get(module, client, "/");
			ok(failed.error, "the failure before was not a failure");
		}
		for (const { prefix, reply, times } of (row.ladder ?? []).map((step) => fields(step, ["prefix", "reply", "times"], row.name))) {
			for (let i = 0; i < (times ?? 1); i++) answer(module, prefix, bytes(reply));
		}
		module.commands.length = 0;
		module.responses.push(OK_RESPONSE);
		const outcome: Outcome = get(module, client, "/");
		deepEqual(upToGet(module.commands), row.expect);
		if (row.code === undefined) {
			equal(outcome.error, null);
			equal(outcome.body, "ok");
		} else equal((outcome.error as { code?: number })?.code, row.code);
		equal(outcome.dones, 1);
	});
}

test("ladder: a success clears the record: 714, success, 714 again: no reactivation", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	fail(module, CME_714);
	get(module, client, "/");
	module.responses.push(OK_RESPONSE);
	equal(get(module, client, "/").body, "ok");
	fail(module, CME_714);
	get(module, client, "/");
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	deepEqual(upToGet(module.commands), [...CHECKS, GET]);
});

test("repeated failures: two ladders (the second reactivating) do not help, the third failure pulses the reset hook", () => {
	let resets = 0;
	const { module, client } = setup({}, { reset: () => resets++ });
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	const seen: string[][] = [];
	for (let i = 0; i < 3; i++) {
		fail(module, CME_714);
		module.commands.length = 0;
		get(module, client, "/");
		seen.push(upToGet(module.commands));
	}
	deepEqual(seen, [[GET], [...CHECKS, GET], [...CHECKS, ...REACTIVATE, GET]]);
	equal(resets, 0, "reset too early");
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	const next = get(module, client, "/");
	equal(resets, 1);
	equal(next.body, "ok");
	// After the reset the module is new: probe, configure, set the URL, no ladder.
	equal(module.commands[0], "AT");
	ok(!module.commands.includes("AT+CPIN?"), module.commands.join(" | "));
	ok(module.commands.includes("ATE0") && module.commands.some((c) => c.startsWith("AT+QHTTPURL=")), module.commands.join(" | "));
});

test("each ladder waits its own ten tries for the attach: one that took six leaves the next its ten", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	for (let round = 1; round <= 2; round++) {
		fail(module, CME_714);
		ok(get(module, client, "/").error, `round ${round}: the failure before was not a failure`);
		// The check finds it detached (reactivation), then the attach comes on its sixth AT+CGATT?.
		for (let i = 0; i < 6; i++) answer(module, "AT+CGATT?", "\r\n+CGATT: 0\r\n\r\nOK\r\n");
		module.commands.length = 0;
		module.responses.push(OK_RESPONSE);
		const outcome = get(module, client, "/");
		equal(module.commands.filter((c) => c === "AT+CGATT?").length, 7, `round ${round}`);
		equal(outcome.error, null, `round ${round}`);
		equal(outcome.body, "ok", `round ${round}`);
	}
});

test("a module that never answers: ten ATs, then the reset hook and 901", () => {
	let resets = 0;
	const { module, client } = setup({}, { reset: () => resets++ });
	for (let i = 0; i < 10; i++) answer(module, "AT", "");
	const failed = get(module, client, "/");
	equal((failed.error as { code?: number })?.code, 901);
	equal(module.commands.filter((c) => c === "AT").length, 10);
	equal(resets, 1);
});

test("sleep: idle sends AT+QSCLK=1; the next request wakes the module with AT (the first one lost) before anything else", () => {
	const { module, client } = setup({}, { sleep: true });
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	module.run(() => false, 100);
	equal(module.commands[module.commands.length - 1], "AT+QSCLK=1");
	module.commands.length = 0;
	answer(module, "AT", "\r\n"); // the wake byte is lost: a bare CR LF
	module.responses.push(OK_RESPONSE);
	equal(get(module, client, "/").body, "ok");
	deepEqual(module.commands.slice(0, 3), ["AT", "AT", GET]);
});

test("without sleep the module is told AT+QSCLK=0 and never probed between requests", () => {
	const { module, client } = setup();
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	ok(module.commands.includes("AT+QSCLK=0"));
	module.run(() => false, 60000);
	module.commands.length = 0;
	module.responses.push(OK_RESPONSE);
	get(module, client, "/");
	deepEqual(module.commands, [GET, "AT+QHTTPREAD=1024"]);
});

test("a 901 or a 903 forgets the URL and configuration: the next request sets them again", () => {
	for (const [label, answerGet] of [["901", ""], ["903", null]] as const) {
		const { module, client } = setup();
		module.responses.push(OK_RESPONSE);
		get(module, client, "/");
		if (answerGet === null) answer(module, "AT+QHTTPREAD=", "\r\n+QHTTPREAD: 3,37\r\nHTTP\r\nOK\r\n"); // a byte doubled: 903
		else fail(module, answerGet);
		module.responses.push(OK_RESPONSE);
		const failed = get(module, client, "/");
		equal((failed.error as { code?: number })?.code, Number(label), label);
		module.commands.length = 0;
		module.responses.push(OK_RESPONSE);
		equal(get(module, client, "/").body, "ok", label);
		ok(module.commands.includes("ATE0"), `${label}: ${module.commands.join(" | ")}`);
		ok(module.commands.some((c) => c.startsWith("AT+QHTTPURL=")), `${label}: ${module.commands.join(" | ")}`);
	}
});
