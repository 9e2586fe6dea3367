// The portable test registry: a case file calls test() at module load; the engine runner that
// imported it (Node's test runner, or the XS worker) takes the cases and runs them.
export type CaseFn = () => void | Promise<void>;

export interface Case {
	name: string;
	fn: CaseFn;
}

const pending: Case[] = [];

export function test(name: string, fn: CaseFn): void {
	pending.push({ name, fn });
}

/** Hands over the cases registered since the last call (one case file's worth). */
export function takeCases(): Case[] {
	return pending.splice(0, pending.length);
}
