// The documentation as the docs tests read it: the markdown files a user reads (README.md, docs/, and
// emulator/README.md, the emulator's reference) and their fenced blocks, each with its language, its
// tags (the words after the language: `sh no-run`) and the line it starts on.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface Block {
	file: string; // relative to the root
	line: number; // of the opening fence, 1-based
	lang: string;
	tags: string[];
	text: string;
}

/** The user's pages: the front page and docs/ (no references they cannot open). */
export function userPages(): string[] {
	const docs = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
	return ["README.md", ...docs.sort()];
}

/** Every page whose samples are checked. */
export function checkedPages(): string[] {
	return [...userPages(), "emulator/README.md"];
}

export function blocks(file: string): Block[] {
	const lines = readFileSync(join(root, file), "utf8").split("\n");
	const found: Block[] = [];
	for (let i = 0; i < lines.length; i++) {
		const open = /^```(\S*)(.*)$/.exec(lines[i]!);
		if (!open) continue;
		const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
		if (end < 0) throw new Error(`${file}:${i + 1}: a fence that is never closed`);
		found.push({ file, line: i + 1, lang: open[1]!, tags: open[2]!.trim().split(/\s+/).filter(Boolean), text: lines.slice(i + 1, end).join("\n") });
		i = end;
	}
	return found;
}

/** Where a block is, for messages: `docs/api.md:42`. */
export const at = (block: Block) => `${block.file}:${block.line}`;
