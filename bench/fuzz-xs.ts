// Runs inside the XS worker: fuzz sessions on command (test/reliability/fuzz.ts), one batch per
// delivery so the heap can be read between batches.
import { describe, fuzz } from "../test/reliability/fuzz.js";
import { serveCommands } from "./xs-commands.js";

serveCommands((_op, [seed, firstSession, bytes]) => {
	const report = fuzz({ seed: Number(seed), firstSession: Number(firstSession), bytes: Number(bytes) });
	return { ...report, failures: report.failures.map(describe) };
});
