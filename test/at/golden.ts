// Runs a transcript golden (manual-*.golden.json) at every split and read limit and compares each log
// with the golden one. Every string of a golden is bytes as tools/goldens.mjs writes them.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { bytes, fields, type Bytes } from "../support/goldens.js";
import { replay, SPLITS, type Exchange, type Transcript } from "./transcript.js";

/** An exchange as a golden writes it: Exchange's fields, as bytes; the terminator is its byte (e.g. "\u001a", Ctrl+Z). */
interface GoldenExchange {
	command: string;
	reply: Bytes;
	data?: Bytes;
	terminator?: string;
	dataReply?: Bytes;
	timeout?: number;
	payload?: string;
}

export interface TranscriptGolden {
	$comment?: string;
	/** The case's name. */
	name: string;
	urcs?: string[];
	banner?: Bytes;
	exchanges: GoldenExchange[];
	after?: Bytes;
	/** What replay() logs, at every split and read limit. */
	log: Bytes[];
}

function transcriptOf(golden: TranscriptGolden): Transcript {
	fields(golden, ["name", "urcs", "banner", "exchanges", "after", "log"], golden.name);
	const exchanges = golden.exchanges.map((row): Exchange => {
		fields(row, ["command", "reply", "data", "terminator", "dataReply", "timeout", "payload"], row.command);
		const exchange: Exchange = { command: row.command, reply: bytes(row.reply) };
		if (row.data !== undefined) exchange.data = bytes(row.data);
		if (row.terminator !== undefined) exchange.terminator = bytes(row.terminator).charCodeAt(0);
		if (row.dataReply !== undefined) exchange.dataReply = bytes(row.dataReply);
		if (row.timeout !== undefined) exchange.timeout = row.timeout;
		if (row.payload !== undefined) exchange.payload = row.payload;
		return exchange;
	});
	const transcript: Transcript = { exchanges };
	if (golden.urcs) transcript.urcs = golden.urcs;
	if (golden.banner !== undefined) transcript.banner = bytes(golden.banner);
	if (golden.after !== undefined) transcript.after = bytes(golden.after);
	return transcript;
}

function checkEverySplit(transcript: Transcript, golden: string[]): void {
	for (const readLimit of [1, 7, 64]) {
		for (const chunk of SPLITS) {
			const { log } = replay(transcript, chunk, readLimit);
			deepEqual(log, golden, `chunk ${chunk}, read limit ${readLimit}`);
		}
	}
}

/** The case of a transcript golden. */
export function transcriptCase(golden: unknown): void {
	const row = golden as TranscriptGolden;
	test(row.name, () => checkEverySplit(transcriptOf(row), row.log.map(bytes)));
}

/** A transcript golden's exchange, as replay() takes it (e.g. the CA another test uploads). */
export function exchangeOf(golden: unknown, command: string): Exchange {
	const exchange = transcriptOf(golden as TranscriptGolden).exchanges.find((row) => row.command === command);
	if (!exchange) throw new Error(`golden: no exchange ${command}`);
	return exchange;
}
