// The counted payload after +QHTTPREAD: <actual>,<remaining>: exactly <actual> bytes whatever they
// hold, for both readformat layouts, then the final OK.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { tokens, TOKEN_SPLITS } from "./tokens.js";
import { ByteRing } from "../../modules/at/ring.js";
import { Tokenizer } from "../../modules/at/tokenizer.js";
import { TOKEN_NONE, TOKEN_PAYLOAD } from "../../modules/at/tokens.js";
import { ascii } from "../support/mock-serial.js";

// The line that announces a read's payload: the tokenizer is told its name, it knows none itself.
const READ = ascii("QHTTPREAD");
const armed = { setup: (t: Tokenizer) => t.expectPayload(READ) };
const HOSTILE = "\r\nOK\r\n>\x00\xffERROR\r\n+QHTTPREAD: 5,5\r\nRDY\r\n";

test("payload bytes that look like lines, prompts, NUL and invalid UTF-8 stay payload", () => {
	const input = `\r\n+QHTTPREAD: ${HOSTILE.length},0\r\n${HOSTILE}\r\nOK\r\n`;
	for (const split of TOKEN_SPLITS) {
		deepEqual(tokens(input, split, armed), [
			`INFO QHTTPREAD|${HOSTILE.length},0`,
			"PAYLOAD \\r\\nOK\\r\\n>\\x00\\xffERROR\\r\\n+QHTTPREAD: 5,5\\r\\nRDY\\r\\n",
			"OK OK",
		], `split ${split}`);
	}
});

test("readformat 0 and 1: OK right after the data, or after a CR LF", () => {
	deepEqual(tokens("\r\n+QHTTPREAD: 3,0\r\nabcOK\r\n", 1, armed), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", "OK OK"]);
	deepEqual(tokens("\r\n+QHTTPREAD: 3,0\r\nabc\r\n\r\nOK\r\n", 2, armed), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", "OK OK"]);
});

test("+QHTTPREAD: 0,0 has no payload; an unarmed +QHTTPREAD line (a URC) has none either", () => {
	deepEqual(tokens("\r\n+QHTTPREAD: 0,0\r\n\r\nOK\r\n", 1, armed), ["INFO QHTTPREAD|0,0", "OK OK"]);
	deepEqual(tokens("\r\n+QHTTPREAD: 4,0\r\nOK\r\n", 1), ["INFO QHTTPREAD|4,0", "OK OK"]);
});

test("a payload larger than the ring streams through it in spans", () => {
	const ring = new ByteRing(64, 16);
	const tokenizer = new Tokenizer(ring);
	tokenizer.expectPayload(READ);
	const body = new Uint8Array(5000);
	for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
	const head = ascii("\r\n+QHTTPREAD: 5000,0\r\n");
	const all = new Uint8Array(head.length + body.length + 6);
	all.set(head);
	all.set(body, head.length);
	all.set(ascii("\r\nOK\r\n"), head.length + body.length);
	let got = 0, mismatches = 0, oks = 0, at = 0;
	while (at < all.length) {
		at += ring.write(all, at, Math.min(all.length, at + 16));
		for (let kind = tokenizer.next(); kind !== TOKEN_NONE; kind = tokenizer.next()) {
			if (kind === TOKEN_PAYLOAD) {
				for (let i = tokenizer.start; i < tokenizer.end; i++) if (tokenizer.bytes[i] !== body[got++]) mismatches++;
			} else if (kind === 1) oks++;
		}
	}
	equal(got, 5000);
	equal(mismatches, 0);
	equal(oks, 1);
});

test("bytes lost inside a payload: what follows it is not a line end, so GARBLED (regression: drop-rx)", () => {
	for (const split of TOKEN_SPLITS) {
		deepEqual(tokens("\r\n+QHTTPREAD: 4,0\r\nabc\r\nOK\r\n", split, armed), ["INFO QHTTPREAD|4,0", "PAYLOAD abc\\r", "GARBLED", "OK OK"], `split ${split}`);
	}
});

test("a byte doubled inside a payload: GARBLED, then the leftover byte as a line (regression: dup-rx)", () => {
	deepEqual(tokens("\r\n+QHTTPREAD: 3,0\r\nabbc\r\nOK\r\n", 1, armed), ["INFO QHTTPREAD|3,0", "PAYLOAD abb", "GARBLED", "LINE c", "OK OK"]);
});

test("a doubled byte that is O, E or +, then the real CR LF OK, is GARBLED too (regression: fuzz seed 16)", () => {
	for (const last of ["O", "E", "+"]) {
		for (const split of TOKEN_SPLITS) {
			const kinds = tokens(`\r\n+QHTTPREAD: 3,0\r\nab${last}${last}\r\nOK\r\n`, split, armed);
			deepEqual(kinds.slice(0, 3), ["INFO QHTTPREAD|3,0", `PAYLOAD ab${last}`, "GARBLED"], `${last}, split ${split}`);
		}
	}
});

test("no separator at all: OK, ERROR, +CME ERROR and a URC may follow a payload directly", () => {
	for (const [after, kind] of [["OK", "OK OK"], ["ERROR", "ERROR ERROR"], ["+CME ERROR: 703", "CME 703"], ["+QIURC: 1", "INFO QIURC|1"]]) {
		for (const split of TOKEN_SPLITS) {
			deepEqual(tokens(`\r\n+QHTTPREAD: 3,0\r\nabc${after}\r\n`, split, armed), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", kind], `${after}, split ${split}`);
		}
	}
});

test("the blank lines between a payload and its OK vary from read to read (0–3 CR LF pairs): never an error (issue 14)", () => {
	const again = {
		setup: (t: Tokenizer) => t.expectPayload(READ),
		after: (t: Tokenizer, kind: number) => {
			if (kind === 1) t.expectPayload(READ); // OK: the next read is armed
		},
	};
	// The first read padded, then none, then three, then one: a parser that learned the first form fails the rest.
	const input = "\r\n+QHTTPREAD: 3,9\r\nabc\r\n\r\n\r\nOK\r\n\r\n+QHTTPREAD: 3,6\r\ndefOK\r\n"
		+ "\r\n+QHTTPREAD: 3,3\r\nghi\r\n\r\n\r\n\r\nOK\r\n\r\n\r\n+QHTTPREAD: 3,0\r\njkl\r\nOK\r\n";
	for (const split of TOKEN_SPLITS) {
		deepEqual(tokens(input, split, again), [
			"INFO QHTTPREAD|3,9", "PAYLOAD abc", "OK OK", "INFO QHTTPREAD|3,6", "PAYLOAD def", "OK OK",
			"INFO QHTTPREAD|3,3", "PAYLOAD ghi", "OK OK", "INFO QHTTPREAD|3,0", "PAYLOAD jkl", "OK OK",
		], `split ${split}`);
	}
});

test("blank lines after a payload must be whole CR LF pairs: a lone CR or LF is GARBLED (a byte lost or doubled)", () => {
	for (const [trailer, why] of [["\r\n\rOK", "CR without LF"], ["\r\n\nOK", "LF without CR"], ["\n\r\nOK", "LF first"], ["\r\r\nOK", "CR CR"]]) {
		for (const split of TOKEN_SPLITS) {
			const kinds = tokens(`\r\n+QHTTPREAD: 3,0\r\nabc${trailer}\r\n`, split, armed);
			deepEqual(kinds.slice(0, 3), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", "GARBLED"], `${why}, split ${split}`);
		}
	}
});

test("after blank lines the line must be a result line: a text line is GARBLED", () => {
	deepEqual(tokens("\r\n+QHTTPREAD: 3,0\r\nabc\r\n\r\nxyz\r\nOK\r\n", 1, armed).slice(0, 3), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", "GARBLED"]);
	deepEqual(tokens("\r\n+QHTTPREAD: 3,0\r\nabc\r\n\r\n\r\n+CEREG: 1\r\n\r\nOK\r\n", 1, armed), ["INFO QHTTPREAD|3,0", "PAYLOAD abc", "INFO CEREG|1", "OK OK"]);
});
