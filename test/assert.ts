// Assertions that run unchanged in Node and in XS (node:assert does not exist in XS).
export class AssertionError extends Error {
	constructor(message: string) {
		super(message);
	}
}

function show(value: unknown): string {
	if (value instanceof Uint8Array) return `Uint8Array[${Array.prototype.join.call(value, ",")}]`;
	if (typeof value === "string") return JSON.stringify(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

export function ok(value: unknown, message = "expected a truthy value"): asserts value {
	if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
	if (!Object.is(actual, expected)) throw new AssertionError(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
}

function same(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
		const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
		const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
		if (x.length !== y.length) return false;
		for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
		return true;
	}
	if (a instanceof Map && b instanceof Map) {
		if (a.size !== b.size) return false;
		for (const [k, v] of a) if (!b.has(k) || !same(v, b.get(k))) return false;
		return true;
	}
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a), kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	return true;
}

export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
	if (!same(actual, expected)) throw new AssertionError(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
}

/** Calls fn and checks that it throws an instance of type (and, if given, that check accepts it). */
export function throws(fn: () => unknown, type: abstract new (...args: never[]) => unknown, check?: (e: any) => boolean): void {
	try {
		fn();
	} catch (e) {
		if (!(e instanceof type)) throw new AssertionError(`expected ${type.name}, got ${show(e)}`);
		if (check && !check(e)) throw new AssertionError(`${type.name} thrown but not the expected one: ${(e as Error).message}`);
		return;
	}
	throw new AssertionError(`expected ${type.name} to be thrown`);
}

export function fail(message: string): never {
	throw new AssertionError(message);
}
