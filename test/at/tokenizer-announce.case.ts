// The announcing line (`+NAME: <count>…`, e.g. +QHTTPREAD) is taken in place: its name compared a word
// at a time, its count parsed on the way, its LF searched for after the digits. These cases hold that
// fast path to what the general line path gives, at every split, for counts and names of every shape.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { ByteRing } from "../../modules/at/ring.js";
import { Tokenizer } from "../../modules/at/tokenizer.js";
import { Token } from "../../modules/at/tokens.js";
import { ascii } from "../support/mock-serial.js";
import { TOKEN_SPLITS, tokens } from "./tokens.js";

/** The tokens of `input` with `name` armed once, and the `announced` count of each INFO. */
function announced(input: string, name: string, split: number): { log: string[]; counts: number[] } {
	const counts: number[] = [];
	const log = tokens(input, split, {
		setup: (t) => t.expectPayload(ascii(`+${name}:`)),
		after: (t, kind) => {
			if (kind === Token.INFO) counts.push(t.announced);
		},
	});
	return { log, counts };
}

// [the count field as printed, the count the tokenizer must announce (-1: unreadable, no payload)]
const COUNTS: [string, number][] = [
	["4,0", 4],
	["4", 4],
	[" 4,0", 4],
	["4 ,0", 4],
	["0004,9", 4],
	["0,0", 0],
	["", -1],
	[",3", -1],
	["4x,0", -1],
	["\"4\",0", -1],
	["-4,0", -1],
	["99999999999999999999,0", -1],
];

test("the announced count is read as the general field parser reads it, at every split", () => {
	for (const [field, count] of COUNTS) {
		for (const split of TOKEN_SPLITS) {
			const payload = count > 0 ? "wxyz".slice(0, count) : "";
			const input = `\r\n+QHTTPREAD: ${field}\r\n${payload}\r\nOK\r\n`;
			const { log, counts } = announced(input, "QHTTPREAD", split);
			const value = field.replace(/^ +/, "");
			const expected = [`INFO QHTTPREAD|${value}`, ...(payload ? [`PAYLOAD ${payload}`] : []), "OK OK"];
			deepEqual(log, expected, `${JSON.stringify(field)} split ${split}`);
			deepEqual(counts, [count], `${JSON.stringify(field)} split ${split}`);
		}
	}
});

test("names of one to eleven bytes announce, near misses do not", () => {
	for (const name of ["R", "RD", "RDX", "RDXY", "QHTTPREAD", "ABCDEFGHIJK"]) {
		for (const split of TOKEN_SPLITS) {
			const { log, counts } = announced(`+${name}: 3,0\r\nabc\r\nOK\r\n`, name, split);
			deepEqual(log, [`INFO ${name}|3,0`, "PAYLOAD abc", "OK OK"], `${name} split ${split}`);
			deepEqual(counts, [3]);
		}
	}
	for (const near of ["QHTTPREAX", "QHTTPREADY", "QHTTPREA", "XHTTPREAD", "QHTTP", "qhttpread"]) {
		for (const split of TOKEN_SPLITS) {
			const { log } = announced(`+${near}: 3,0\r\nOK\r\n`, "QHTTPREAD", split);
			deepEqual(log, [`INFO ${near}|3,0`, "OK OK"], `${near} split ${split}`);
		}
	}
});

test("a line too short to hold the name is a line, taken whole", () => {
	for (const split of TOKEN_SPLITS) {
		deepEqual(announced("+Q\r\n+QHTTPREAD: 1\r\nz\r\nOK\r\n", "QHTTPREAD", split).log, ["INFO Q|", "INFO QHTTPREAD|1", "PAYLOAD z", "OK OK"], `split ${split}`);
	}
});

test("the announcing line right after a payload (re-armed) starts the next payload", () => {
	const name = ascii("+QHTTPREAD:");
	for (const split of TOKEN_SPLITS) {
		const log = tokens("\r\n+QHTTPREAD: 2\r\nab\r\n+QHTTPREAD: 3\r\nxyz\r\n\r\nOK\r\n", split, {
			setup: (t) => t.expectPayload(name),
			after: (t, kind) => {
				if (kind === Token.INFO) t.expectPayload(name);
			},
		});
		deepEqual(log, ["INFO QHTTPREAD|2", "PAYLOAD ab", "INFO QHTTPREAD|3", "PAYLOAD xyz", "OK OK"], `split ${split}`);
	}
});

test("bytes left in the ring from an earlier line are never read as this line's end", () => {
	// The ring empties to its front, so a shorter line lands on the old one's bytes, LF included.
	const ring = new ByteRing(64, 16);
	const tokenizer = new Tokenizer(ring);
	const feed = (text: string) => {
		const bytes = ascii(text);
		ring.write(bytes, 0, bytes.length);
		const kinds: string[] = [];
		for (let kind = tokenizer.next(); kind !== Token.NONE; kind = tokenizer.next()) kinds.push(`${kind}:${ring.bytes.subarray(tokenizer.start, tokenizer.end).length}`);
		return kinds;
	};
	// A long line first: its digits and LF stay where the shorter lines below end.
	const long = "+CEREG: 1,5,\"1A2B\",\"01A2B3C4\",7";
	deepEqual(feed(`${long}\r\n`), [`${Token.INFO}:${long.length}`]);
	equal(ring.head, 0, "the ring emptied to its front");
	deepEqual(feed("+CE"), []);
	tokenizer.expectPayload(ascii("+QHTTPREAD:"));
	deepEqual(feed("REG: 2"), []);
	deepEqual(feed("\r\n"), [`${Token.INFO}:9`]);
	deepEqual(feed("+QHTTPREAD: 1"), [], "the count's line waits for its LF");
	equal(tokenizer.announced, -1, "nothing announced yet");
	deepEqual(feed("0\r\n"), [`${Token.INFO}:${"+QHTTPREAD: 10".length}`]);
	equal(tokenizer.announced, 10);
	equal(tokenizer.payloadRemaining, 10);
});

test("a line with the announcing line's lead (CR LF +Q) is a line; the announce after it still counts", () => {
	for (const split of TOKEN_SPLITS) {
		const input = "\r\n+QHTTPGET: 0,200,12\r\n\r\n+Q\r\n\r\n+QHTTPREAD\r\n\r\n+QHTTPREAD: 3,0\r\nabc\r\nOK\r\n";
		const { log, counts } = announced(input, "QHTTPREAD", split);
		deepEqual(log, ["INFO QHTTPGET|0,200,12", "INFO Q|", "INFO QHTTPREAD|", "INFO QHTTPREAD|3,0", "PAYLOAD abc", "OK OK"], `split ${split}`);
		deepEqual(counts, [-1, -1, -1, 3], `split ${split}`);
	}
});

test("a line's end is found wherever its LF falls in a four-byte word", () => {
	for (let n = 0; n < 9; n++) {
		const text = "x".repeat(n);
		for (const split of TOKEN_SPLITS) {
			const { log } = announced(`\r\n+QHTTPREAD: 2,${text}\r\nab\r\nOK\r\n+U: ${text}\r\nAT${text}\r\n`, "QHTTPREAD", split);
			deepEqual(log, [`INFO QHTTPREAD|2,${text}`, "PAYLOAD ab", "OK OK", `INFO U|${text}`, `LINE AT${text}`], `${n} split ${split}`);
		}
	}
});
