// Runs a transcript at every split and read limit and compares each log with the golden one.
import { deepEqual } from "../assert.js";
import { replay, show, SPLITS, type Transcript } from "./transcript.js";
import { ascii } from "../support/mock-serial.js";

/** The golden form of a payload line. */
export function payloadLine(text: string): string {
	const bytes = ascii(text);
	return `payload ${show(bytes, 0, bytes.length)}`;
}

export function checkEverySplit(transcript: Transcript, golden: string[]): void {
	for (const readLimit of [1, 7, 64]) {
		for (const chunk of SPLITS) {
			const { log } = replay(transcript, chunk, readLimit);
			deepEqual(log, golden, `chunk ${chunk}, read limit ${readLimit}`);
		}
	}
}
