// Part of `npm run build`, which is incremental (tsc's build info in build/.tsbuildinfo): removes what
// build/ holds for a source that is gone (a deleted or renamed .ts file or golden), so a stale compiled
// test is never run. `npm run clean` empties build/ for a build from scratch.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const build = join(root, "build");
// What each kind of output is made from, relative to the project's root.
const SOURCES = [
	[/\.d\.ts(\.map)?$/, ".ts"],
	[/\.golden\.js$/, ".golden.json"],
	[/\.js(\.map)?$/, ".ts"],
];
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
	entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]);
if (existsSync(build)) {
	for (const file of walk(build)) {
		const rule = SOURCES.find(([pattern]) => pattern.test(file));
		if (!rule) continue; // build info and the like
		const source = join(root, relative(build, file)).replace(rule[0], rule[1]);
		if (!existsSync(source)) rmSync(file);
	}
}
