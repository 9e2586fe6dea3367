// Feeds bytes to a Tokenizer through a ring in pieces and logs its tokens as text.
import { ByteRing } from "../../modules/at/ring.js";
import { Tokenizer } from "../../modules/at/tokenizer.js";
import { Token } from "../../modules/at/tokens.js";
import { ascii } from "../support/mock-serial.js";
import { bytes, fields, type Bytes } from "../support/goldens.js";
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { show } from "./transcript.js";

export const KINDS = ["NONE", "OK", "ERROR", "CME", "INFO", "LINE", "ECHO", "PROMPT", "RDY", "PAYLOAD", "OVERFLOW", "GARBLED"];

export interface TokenRun {
	capacity?: number;
	chunk?: number;
	/** Called before feeding, to set expectations. */
	setup?(tokenizer: Tokenizer): void;
	/** Called after each token (e.g. to re-arm the payload). */
	after?(tokenizer: Tokenizer, kind: number): void;
	/** An open payload ends after this many bytes (as the layer above, which knows the response's
	 *  length, would say). */
	endAfter?: number;
}

/** The tokens of `input` fed `split` bytes at a time, payload spans merged. */
export function tokens(input: string, split: number, run: TokenRun = {}): string[] {
	const ring = new ByteRing(run.capacity ?? 256, run.chunk ?? 32);
	const tokenizer = new Tokenizer(ring);
	run.setup?.(tokenizer);
	const bytes = ascii(input);
	const log: string[] = [];
	let payload = "";
	let taken = 0; // bytes of the open payload so far
	const take = () => {
		for (let kind = tokenizer.next(); kind !== Token.NONE; kind = tokenizer.next()) {
			const b = tokenizer.bytes;
			if (KINDS[kind] === "PAYLOAD") {
				let end = tokenizer.end;
				if (run.endAfter !== undefined && tokenizer.payloadOpen && taken + end - tokenizer.start >= run.endAfter) {
					end = tokenizer.start + run.endAfter - taken;
					tokenizer.endPayload(end);
				}
				taken += end - tokenizer.start;
				payload += show(b, tokenizer.start, end);
				continue;
			}
			if (payload) log.push(`PAYLOAD ${payload}`);
			payload = "";
			if (kind === Token.INFO) log.push(`INFO ${show(b, tokenizer.nameStart, tokenizer.nameEnd)}|${show(b, tokenizer.valueStart, tokenizer.valueEnd)}`);
			else if (kind === Token.CME_ERROR) log.push(`CME ${tokenizer.code}`);
			else if (KINDS[kind] === "OVERFLOW" || KINDS[kind] === "GARBLED") log.push(KINDS[kind]!);
			else log.push(`${KINDS[kind]} ${show(b, tokenizer.start, tokenizer.end)}`);
			run.after?.(tokenizer, kind);
		}
	};
	for (let at = 0; at < bytes.length; at += split) {
		const end = Math.min(bytes.length, at + split);
		let from = at;
		while (from < end) {
			from += ring.write(bytes, from, end);
			take();
		}
	}
	take();
	if (payload) log.push(`PAYLOAD ${payload}`);
	return log;
}

export const TOKEN_SPLITS = [1, 2, 7, 128, 1 << 20];

/** One feeding of a tokenizer golden (tokenizer-*.golden.json). */
export interface TokenGoldenRun {
	/** What the module sent. */
	input: Bytes;
	/** The splits it is fed at; omitted: every one of TOKEN_SPLITS. */
	splits?: number[];
	/** The tokenizer expects a counted payload after the line of this name (e.g. "QHTTPREAD")… */
	payload?: string;
	/** …and again after every OK (one read after another). */
	rearm?: boolean;
	/** The command just sent, whose echo is expected. */
	echo?: string;
	/** A prompt is expected: a `>`, or the line `promptLine` when given (CONNECT). */
	prompt?: boolean;
	promptLine?: string;
	/** The payload's announcing line may come without a count: the payload ends after `endAfter` bytes. */
	open?: boolean;
	endAfter?: number;
	/** The tokens, as bytes ("KIND span", "INFO name|value", "OVERFLOW", "GARBLED"). */
	tokens: Bytes[];
	/** Only the first tokens are checked: the rest is whatever the resync finds. */
	prefix?: boolean;
	/** What this run varies, for the failure message. */
	why?: string;
}

export interface TokenGolden {
	$comment?: string;
	cases: { name: string; runs: TokenGoldenRun[] }[];
}

const RUN_FIELDS = ["input", "splits", "payload", "rearm", "echo", "prompt", "promptLine", "open", "endAfter", "tokens", "prefix", "why"];

function runOf(run: TokenGoldenRun): TokenRun {
	const name = run.payload === undefined ? undefined : ascii(run.payload);
	const echo = run.echo === undefined ? undefined : ascii(run.echo);
	return {
		setup(t) {
			if (name) t.expectPayload(name, run.open);
			if (echo) t.expectEcho(echo, 0, echo.length);
			if (run.promptLine) t.setPrompt(ascii(run.promptLine));
			if (run.prompt) t.expectPrompt(true);
		},
		after(t, kind) {
			if (name && run.rearm && KINDS[kind] === "OK") t.expectPayload(name, run.open);
		},
		endAfter: run.endAfter,
	};
}

/** A case per golden row: each run's tokens at each of its splits, shown as tokens() shows them. */
export function tokenCases(golden: unknown): void {
	for (const entry of (golden as TokenGolden).cases) {
		test(entry.name, () => {
			fields(entry, ["name", "runs"], entry.name);
			for (const run of entry.runs) {
				fields(run, RUN_FIELDS, entry.name);
				const input = bytes(run.input);
				const expected = run.tokens.map((token) => {
					const raw = ascii(bytes(token));
					return show(raw, 0, raw.length);
				});
				for (const split of run.splits ?? TOKEN_SPLITS) {
					const got = tokens(input, split, runOf(run));
					deepEqual(run.prefix ? got.slice(0, expected.length) : got, expected, `${run.why ? run.why + ", " : ""}split ${split}`);
				}
			}
		});
	}
}
