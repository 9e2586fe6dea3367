// The AT trace (npm start --trace): lines each way, payloads shortened, secrets redacted unless asked.
import { test } from "../harness.js";
import { deepEqual, equal, ok } from "../assert.js";
import { AtTrace, redact } from "../../hosts/trace.js";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

test("commands, answers and the prompt, each on its own line", () => {
	const lines: string[] = [];
	const trace = new AtTrace((line) => lines.push(line));
	trace.mcu(bytes("AT+QHTTPURL=22,80\r"));
	trace.module(bytes("\r\n>"));
	trace.mcu(bytes("http://example.com/"));
	trace.module(bytes("\r\nOK\r\n\r\n+QHTTPGET: 0,200,12\r\n"));
	deepEqual(lines, ["→ AT+QHTTPURL=22,80", "← >", "→ http://example.com/", "← OK", "← +QHTTPGET: 0,200,12"]);
});

test("credentials in a request head are redacted, even split across writes", () => {
	const lines: string[] = [];
	const trace = new AtTrace((line) => lines.push(line));
	trace.mcu(bytes("GET /x HTTP/1.1\r\nAuthori"));
	trace.mcu(bytes("zation: Bearer s3cr3t\r\nCookie: id=42; k=v\r\nAccept: */*\r\n\r\n"));
	trace.flush();
	deepEqual(lines, ["→ GET /x HTTP/1.1", "→ Authorization: [redacted]", "→ Cookie: [redacted]", "→ Accept: */*"]);
	ok(!lines.join("\n").includes("s3cr3t"));
});

test("URL user info and credential query parameters are redacted; secrets: true shows them", () => {
	equal(redact("https://user:pw@host/a?token=abc&x=1&api_key=k"), "https://[redacted]@host/a?token=[redacted]&x=1&api_key=[redacted]");
	equal(redact("Set-Cookie: session=1"), "Set-Cookie: [redacted]");
	const lines: string[] = [];
	const trace = new AtTrace((line) => lines.push(line), { secrets: true });
	trace.mcu(bytes("Authorization: Basic YTpi\r"));
	deepEqual(lines, ["→ Authorization: Basic YTpi"]);
});

test("binary payloads are escaped and long lines shortened with their size", () => {
	const lines: string[] = [];
	const trace = new AtTrace((line) => lines.push(line));
	const payload = new Uint8Array(1000);
	for (let i = 0; i < payload.length; i++) payload[i] = i === 5 ? 10 : 0x80 + (i % 100);
	trace.module(payload);
	trace.flush();
	equal(lines.length, 2);
	equal(lines[0], "← \\x80\\x81\\x82\\x83\\x84");
	ok(lines[1]!.endsWith("… (994 bytes)"), lines[1]);
	ok(lines[1]!.length < 200);
});
