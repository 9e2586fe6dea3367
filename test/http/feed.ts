// Feeds a response to a ResponseParser in pieces of a given size and records what it reports as a
// log of lines, so one golden log checks every split. Adjacent body spans merge into one line.
import { ResponseParser } from "../../modules/http/response.js";
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { bytes, fields, type Bytes } from "../support/goldens.js";

/** The splits every response is fed at: one byte, two, seven, 128, and whole. */
export const SPLITS = [1, 2, 7, 128, Infinity];

/** Bytes from a string of code units 0–255 (the wire as written in a test). */
export function wire(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

export interface Run {
	log: string[];
	body: Uint8Array;
	parser: ResponseParser;
}

export interface FeedOptions {
	expectBody?: boolean;
	maxHeaderBytes?: number;
	/** Call finish() after the last byte (the module reported nothing remaining). Default true. */
	finish?: boolean;
}

export function feed(input: Uint8Array, split: number, options: FeedOptions = {}): Run {
	const log: string[] = [];
	const chunks: number[] = [];
	let lineBytes = 0; // bytes of the last log line, when it is a body line
	const parser = new ResponseParser({
		maxHeaderBytes: options.maxHeaderBytes,
		onHeaders(status, headers, statusText) {
			log.push(`status ${status} ${JSON.stringify(statusText)}`);
			for (const [name, value] of headers) log.push(`header ${name}: ${value}`);
		},
		onBody(bytes, start, end) {
			if (bytes !== input) log.push("body copied"); // spans of the caller's buffer, never copies
			for (let i = start; i < end; i++) chunks.push(bytes[i]!);
			if (log.length > 0 && log[log.length - 1]!.startsWith("body ")) lineBytes += end - start;
			else {
				lineBytes = end - start;
				log.push("");
			}
			log[log.length - 1] = `body ${lineBytes} bytes`;
		},
		onComplete() {
			log.push("complete");
		},
	});
	parser.reset(options.expectBody ?? true);
	let code = 0;
	for (let i = 0; i < input.length && code === 0; i += split) code = parser.execute(input, i, Math.min(input.length, i + split));
	if (code === 0 && options.finish !== false) code = parser.finish();
	if (code !== 0) log.push(`error ${code}`);
	return { log, body: Uint8Array.from(chunks), parser };
}

/** The body as text (code units 0–255), for comparing readable bodies. */
export function text(bytes: Uint8Array): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
	return s;
}

/** One feeding of a response golden (e.g. response-header-syntax.golden.json). */
export interface FeedGoldenRun {
	/** What the server sent. */
	wire: Bytes;
	/** The splits it is fed at; omitted: every one of SPLITS. */
	splits?: number[];
	/** The log feed() makes of it. */
	log: string[];
	/** Only the first lines of the log are checked. */
	prefix?: boolean;
	/** What this run varies, for the failure message. */
	why?: string;
}

export interface FeedGolden {
	$comment?: string;
	/** A case per row; with `eachSplit`, a case per split of SPLITS, named "<name> (split <n>)". */
	cases: { name: string; eachSplit?: boolean; runs: FeedGoldenRun[] }[];
}

function check(run: FeedGoldenRun, splits: readonly number[]): void {
	const input = wire(bytes(run.wire));
	for (const split of splits) {
		const { log } = feed(input, split);
		deepEqual(run.prefix ? log.slice(0, run.log.length) : log, run.log, `${run.why ? run.why + ", " : ""}split ${split}`);
	}
}

/** The cases of a response golden. */
export function feedCases(golden: unknown): void {
	for (const entry of (golden as FeedGolden).cases) {
		const { name, eachSplit, runs } = entry;
		const checkAll = (splits?: readonly number[]) => {
			fields(entry, ["name", "eachSplit", "runs"], name);
			for (const run of runs) check(fields(run, ["wire", "splits", "log", "prefix", "why"], name), splits ?? run.splits ?? SPLITS);
		};
		if (eachSplit) {
			for (const split of SPLITS) test(`${name} (split ${split})`, () => checkAll([split]));
		} else test(name, () => checkAll());
	}
}
