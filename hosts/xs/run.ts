// The desktop host's entry in the xsnap worker: opens the host, runs main.ts, and turns the worker's
// one delivery into an event loop (Bridge.runUntil) until the app's promise settles.
import app from "../../main.js";
import { Bridge, call } from "./bridge.js";
import { openHost } from "./host.js";

const LIMIT_MS = 30 * 60 * 1000; // of the launcher's clock: virtual against the emulator

(globalThis as any).handleCommand = () => {
	const answer: { result?: ArrayBuffer } = {};
	const bridge = new Bridge(call("now").header.now);
	let outcome: { failed?: number; error?: string } | undefined;
	Promise.resolve()
		.then(() => app(openHost(bridge)))
		.then((failed) => { outcome = { failed }; }, (error) => { outcome = { error: String((error as Error)?.stack ?? error) }; });
	bridge.runUntil(() => outcome !== undefined, LIMIT_MS).then((finished) => {
		const report = finished ? outcome : { error: "the app did not finish in time" };
		answer.result = new TextEncoder().encode(JSON.stringify(report)).buffer as ArrayBuffer;
	});
	return answer;
};
