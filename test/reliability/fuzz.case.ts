// The fuzzer (fuzz.ts) on a short budget in both engines, and its checks shown able to fail.
// `npm run fuzz` runs the full 10^7 bytes.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { applyOps, describe, fuzz, runSession } from "./fuzz.js";

test("fuzz: 300 KB of mutated module output, every request settled once, no wrong body", () => {
	const report = fuzz({ bytes: 300000, seed: 20261125 });
	if (report.failures.length) throw new Error(report.failures.map(describe).join("\n\n"));
	ok(report.bytes >= 300000, `${report.bytes} bytes`);
	ok(report.succeeded > report.requests / 4 && report.succeeded < report.requests, `${report.succeeded} of ${report.requests} succeeded`);
});

test("fuzz: a session replays bit for bit from its seed", () => {
	const a = runSession(7, 3);
	const b = runSession(7, 3);
	equal(a.bytes, b.bytes);
	equal(JSON.stringify(a.ops), JSON.stringify(b.ops));
	ok(a.ops.length > 0, "no mutation drawn");
	const replay = runSession(7, 3, { ops: a.ops });
	equal(replay.bytes, a.bytes);
	equal(replay.succeeded, a.succeeded);
});

test("fuzz: a body one byte off is reported with the seed, the request and its transcript", () => {
	const result = runSession(5, 0, { rate: 0, tamper: true });
	ok(result.failure, "the tampered body passed");
	const text = describe(result.failure!);
	ok(text.includes("seed 5, session 0, request 0"), text);
	ok(/wrong body|status/.test(text), text);
	ok(text.includes("host:   AT+QHTTP") && text.includes("module#"), text);
});

test("fuzz: mutations keep their place (flip, drop, dup, truncate, huge line, URC)", () => {
	const reply = "\r\nOK\r\n";
	equal(applyOps(reply, [{ reply: 0, kind: "flip", at: 2, value: 1 }]), "\r\nNK\r\n");
	equal(applyOps(reply, [{ reply: 0, kind: "drop", at: 0, value: 0 }]), "\nOK\r\n");
	equal(applyOps(reply, [{ reply: 0, kind: "dup", at: 3, value: 0 }]), "\r\nOKK\r\n");
	equal(applyOps(reply, [{ reply: 0, kind: "truncate", at: 3, value: 0 }]), "\r\nO\r\n");
	equal(applyOps(reply, [{ reply: 0, kind: "truncate", at: 3, value: 1 }]), "\r\nO");
	equal(applyOps(reply, [{ reply: 0, kind: "huge", at: 2, value: 5 }]), "\r\n+QHTT\r\nOK\r\n");
	equal(applyOps(reply, [{ reply: 0, kind: "urc", at: 6, value: 0 }]), "\r\nOK\r\n\r\n+CEREG: 5\r\n");
});
