// Finds the compiled test files under build/test.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const testRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export function findFiles(suffix: string, dir = testRoot): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) found.push(...findFiles(suffix, path));
		else if (entry.name.endsWith(suffix)) found.push(path);
	}
	return found.sort();
}

/** Whether a file is in the selection given to the runner (TEST_ONLY, comma-separated words). */
export function selected(file: string): boolean {
	const only = (process.env.TEST_ONLY ?? "").split(",").filter(Boolean);
	return only.length === 0 || only.some((word) => file.includes(word));
}
