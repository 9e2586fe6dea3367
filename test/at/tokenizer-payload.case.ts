// The counted payload after +QHTTPREAD: <actual>,<remaining>: exactly <actual> bytes whatever they
// hold, for both readformat layouts, then the final OK. The fed inputs and their tokens are
// tokenizer-payload.golden.json; the payload larger than the ring is generated here.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { tokenCases } from "./tokens.js";
import { ByteRing } from "../../modules/at/ring.js";
import { Tokenizer } from "../../modules/at/tokenizer.js";
import { Token } from "../../modules/at/tokens.js";
import { ascii } from "../support/mock-serial.js";
import golden from "./tokenizer-payload.golden.js";

// The line that announces a read's payload: the tokenizer is told its name, it knows none itself.
const READ = ascii("+QHTTPREAD:");

tokenCases(golden);

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
		for (let kind = tokenizer.next(); kind !== Token.NONE; kind = tokenizer.next()) {
			if (kind === Token.PAYLOAD) {
				for (let i = tokenizer.start; i < tokenizer.end; i++) if (tokenizer.bytes[i] !== body[got++]) mismatches++;
			} else if (kind === 1) oks++;
		}
	}
	equal(got, 5000);
	equal(mismatches, 0);
	equal(oks, 1);
});
