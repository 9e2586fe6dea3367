// Feeds bytes to a Tokenizer through a ring in pieces and logs its tokens as text.
import { ByteRing } from "../../modules/at/ring.js";
import { Tokenizer } from "../../modules/at/tokenizer.js";
import { TOKEN_CME_ERROR, TOKEN_INFO, TOKEN_NONE } from "../../modules/at/tokens.js";
import { ascii } from "../support/mock-serial.js";
import { show } from "./transcript.js";

export const KINDS = ["NONE", "OK", "ERROR", "CME", "INFO", "LINE", "ECHO", "PROMPT", "RDY", "PAYLOAD", "OVERFLOW", "GARBLED"];

export interface TokenRun {
	capacity?: number;
	chunk?: number;
	/** Called before feeding, to set expectations. */
	setup?(tokenizer: Tokenizer): void;
	/** Called after each token (e.g. to re-arm the payload). */
	after?(tokenizer: Tokenizer, kind: number): void;
}

/** The tokens of `input` fed `split` bytes at a time, payload spans merged. */
export function tokens(input: string, split: number, run: TokenRun = {}): string[] {
	const ring = new ByteRing(run.capacity ?? 256, run.chunk ?? 32);
	const tokenizer = new Tokenizer(ring);
	run.setup?.(tokenizer);
	const bytes = ascii(input);
	const log: string[] = [];
	let payload = "";
	const take = () => {
		for (let kind = tokenizer.next(); kind !== TOKEN_NONE; kind = tokenizer.next()) {
			const b = tokenizer.bytes;
			if (KINDS[kind] === "PAYLOAD") {
				payload += show(b, tokenizer.start, tokenizer.end);
				continue;
			}
			if (payload) log.push(`PAYLOAD ${payload}`);
			payload = "";
			if (kind === TOKEN_INFO) log.push(`INFO ${show(b, tokenizer.nameStart, tokenizer.nameEnd)}|${show(b, tokenizer.valueStart, tokenizer.valueEnd)}`);
			else if (kind === TOKEN_CME_ERROR) log.push(`CME ${tokenizer.code}`);
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
