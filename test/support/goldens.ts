// Bytes as a golden data file writes them (the convention at the top of tools/goldens.mjs): a string of
// code units 0–255, one per byte, or an array of parts joined in order. A part is bytes again, or a fill,
// `{ "fill": "…", "to": n }`: the parts before it in its array, padded with repeats of `fill` and cut at
// `n` bytes (a counted payload the manual shows only the start of).
export interface Fill {
	fill: string;
	to: number;
}
export type Bytes = string | readonly (Bytes | Fill)[];

/** The bytes as a string of code units 0–255; a code unit above 0xFF is a broken golden. */
export function bytes(value: Bytes): string {
	if (typeof value === "string") {
		for (let i = 0; i < value.length; i++) {
			if (value.charCodeAt(i) > 0xff) throw new Error(`golden: ${JSON.stringify(value.slice(Math.max(0, i - 20), i + 1))} holds a code unit above 0xFF (write bytes as \\u00XX)`);
		}
		return value;
	}
	let out = "";
	for (const part of value) {
		if (typeof part === "object" && !Array.isArray(part)) {
			const { fill, to } = part as Fill;
			if (!fill || out.length > to) throw new Error(`golden: a fill to ${to} bytes after ${out.length}`);
			while (out.length < to) out += bytes(fill);
			out = out.slice(0, to);
		} else out += bytes(part as Bytes);
	}
	return out;
}

/** Refuses a golden row with a field its driver does not know (a misspelt optional field would be ignored). */
export function fields<T extends object>(row: T, known: readonly string[], where: string): T {
	for (const key of Object.keys(row)) if (key !== "$comment" && !known.includes(key)) throw new Error(`golden ${where}: unknown field ${JSON.stringify(key)}`);
	return row;
}
