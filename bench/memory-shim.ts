// Imported into the XS worker before the library: notes every ArrayBuffer that library code (a caller
// under modules/) allocates, through the typed-array and ArrayBuffer constructors and the slices. The
// caller is read from the stack, so the world's own buffers (the bridge, the harness) are not counted.
// Each is held weakly: after a collection, what is still alive is the RAM the library keeps.
const OriginalBuffer = ArrayBuffer;
interface Allocation {
	bytes: number;
	where: string;
	buffer: WeakRef<object>;
}
const allocations: Allocation[] = [];
(globalThis as unknown as { libraryMemory: object }).libraryMemory = {
	reset() {
		allocations.length = 0;
	},
	/** Bytes allocated since reset, transients included. */
	allocated(): number {
		return allocations.reduce((sum, a) => sum + a.bytes, 0);
	},
	/** What is still alive (call after a collection), with where each was made. */
	alive(): { bytes: number; where: string[] } {
		const live = allocations.filter((a) => a.buffer.deref() !== undefined);
		return { bytes: live.reduce((sum, a) => sum + a.bytes, 0), where: live.map((a) => `${a.bytes} ${a.where}`) };
	},
};

function fromLibrary(): string | undefined {
	const stack = String(new Error().stack ?? "").split("\n");
	// [0] the message, [1] this function, [2] the counting wrapper, [3] its caller
	for (let i = 3; i < stack.length; i++) {
		const line = stack[i]!;
		if (line.includes("/bench/memory-shim.")) continue;
		return /\/modules\/(at|quectel|http)\//.test(line) ? line.trim() : undefined;
	}
	return undefined;
}

function count(bytes: number, buffer: object): void {
	if (!bytes) return;
	const where = fromLibrary();
	if (where) allocations.push({ bytes, where, buffer: new WeakRef(buffer) });
}

type AnyCtor = new (...args: any[]) => ArrayBufferView & { byteLength: number };
const global = globalThis as unknown as Record<string, AnyCtor>;
for (const name of ["Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array", "Uint8ClampedArray"]) {
	const Original = global[name]!;
	// A view on an existing buffer allocates nothing; from a length or an array-like, a new buffer.
	const Counted = class extends Original {
		constructor(...args: any[]) {
			super(...args);
			if (!(args[0] instanceof OriginalBuffer)) count(this.byteLength, this.buffer);
		}
		// Arrays made inside the engine (TextEncoder, slices of the original) are still instances.
		static override [Symbol.hasInstance](value: unknown): boolean {
			return value instanceof Original;
		}
	};
	Object.defineProperty(Counted, "name", { value: name });
	global[name] = Counted as unknown as AnyCtor;
}
const CountedBuffer = class extends OriginalBuffer {
	constructor(length: number) {
		super(length);
		count(length, this);
	}
	static override [Symbol.hasInstance](value: unknown): boolean {
		return value instanceof OriginalBuffer;
	}
};
(globalThis as unknown as { ArrayBuffer: typeof ArrayBuffer }).ArrayBuffer = CountedBuffer as unknown as typeof ArrayBuffer;
const slice = OriginalBuffer.prototype.slice;
OriginalBuffer.prototype.slice = function (this: ArrayBuffer, start?: number, end?: number): ArrayBuffer {
	const result = slice.call(this, start, end);
	count(result.byteLength, result);
	return result;
};
