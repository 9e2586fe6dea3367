// XS side of "one suite, two engines": runs the cases a case file registered, in order, and reports
// each to Node through the worker's synchronous issueCommand(). Imported into the worker after the
// case file.
import { runCase, takeCases } from "../harness.js";
import { installWorld } from "../support/world.js";
import { installXsWorld } from "../support/xs-world.js";

installXsWorld(installWorld);

declare function issueCommand(message: ArrayBuffer): ArrayBuffer;

function report(value: object): void {
	issueCommand(new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer);
}

async function runAll(): Promise<void> {
	try {
		await (globalThis as { caseFileLoaded?: Promise<unknown> }).caseFileLoaded;
	} catch (e) {
		const error = e as Error;
		report({ count: 1 });
		report({ name: "the case file loads", ok: false, error: `${error?.message ?? error}\n${error?.stack ?? ""}` });
		return;
	}
	const cases = takeCases();
	report({ count: cases.length });
	for (const c of cases) {
		try {
			await runCase(c);
			report({ name: c.name, ok: true });
		} catch (e) {
			const error = e as Error;
			report({ name: c.name, ok: false, error: `${error?.message ?? error}\n${error?.stack ?? ""}` });
		}
	}
}

// The worker runs the promise jobs after handleCommand returns, then answers with `result`.
(globalThis as any).handleCommand = () => {
	const answer: { result?: ArrayBuffer } = {};
	runAll().then(
		() => { answer.result = new ArrayBuffer(0); },
		(e) => { answer.result = new TextEncoder().encode(String(e)).buffer as ArrayBuffer; },
	);
	return answer;
};
