// The firmware update benchmark (issue 16): a 1 MiB image over the emulator's nbiot network, in XS, on the
// virtual clock, with the fault case's five faults (a reboot, a 702, a 717, a stall, a server cutting a
// range) against the same image without them: efficiency = faultFreeMs / ms (target ≥ 0.9). One line
// per module and emulator profile, the manual's first.
import type { ModuleName } from "../emulator/models.js";
import { perModule, withXsWorld } from "./xs-world.js";

export function run(): Promise<object[]> {
	return perModule(runModule);
}

async function runModule(module: ModuleName): Promise<object[]> {
	const lines: object[] = [];
	for (const profile of ["manual", "field"]) {
		const once = (faults: boolean) => withXsWorld(`bench-ota-${profile}`, "ota-xs.js", async (worker) =>
			JSON.parse(new TextDecoder().decode((await worker.command(`run ${profile} ${faults ? 1 : 0}`)).reply)), module);
		const faulty = await once(true);
		const clean = await once(false);
		for (const r of [faulty, clean]) if (r.error || r.completed !== 1) throw new Error(`ota (${module}, ${profile}): ${JSON.stringify(r)}`);
		lines.push({
			bench: "ota", engine: "xs", profile, bytes: faulty.bytes, faults: faulty.faults, resumes: faulty.resumes,
			completed: faulty.completed, digestOk: faulty.digestOk, ms: Math.round(faulty.ms), faultFreeMs: Math.round(clean.ms),
			efficiency: Math.round((clean.ms / faulty.ms) * 1000) / 1000,
		});
	}
	return lines;
}
