// The portable test registry: a case file calls test() at module load; the engine runner that
// imported it (Node's test runner, or the XS worker) takes the cases and runs them with runCase.
import { takeHostFaults } from "./support/host-serial.js";
export type CaseFn = () => void | Promise<void>;

export interface Case {
	name: string;
	fn: CaseFn;
}

const pending: Case[] = [];

export function test(name: string, fn: CaseFn): void {
	pending.push({ name, fn });
}

/** Runs one case; it fails too if the host doubles saw what a real host would abort or crash on. */
export async function runCase(c: Case): Promise<void> {
	try {
		await c.fn();
	} catch (error) {
		takeHostFaults();
		throw error;
	}
	const faults = takeHostFaults();
	if (faults.length) throw new Error(`host faults: ${faults.join("; ")}`);
}

/** Hands over the cases registered since the last call (one case file's worth). */
export function takeCases(): Case[] {
	return pending.splice(0, pending.length);
}
