// The Modem a user sees is its documented API: its declaration file shows the options, the methods and the
// settable callbacks, and none of the plumbing the http layer uses (marked internal, stripped).
import { test } from "node:test";
import { deepEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const built = join(dirname(fileURLToPath(import.meta.url)), "../../modules/quectel");

// The members a declaration shows: `name(`, `get name(`, `set name(`, `name?:`/`name:` at the class's or interface's top level.
function members(text: string, name: string): string[] {
	const start = text.indexOf(`${name} {`);
	const body = text.slice(start, text.indexOf("\n}", start));
	const found = new Set<string>();
	for (const [, member] of body.matchAll(/^ {4}(?:(?:get|set|static|readonly) )?(#?[A-Za-z]+)\??[(:<]/gm)) found.add(member!);
	return [...found].sort();
}

test("Modem's .d.ts shows the documented methods and settable callbacks, no plumbing", () => {
	const text = readFileSync(join(built, "modem.d.ts"), "utf8");
	deepEqual(members(text, "class Modem"), ["close", "constructor", "network", "onNetwork", "releaseAssistance", "setPower", "sleep", "start", "status", "timer"]);
});

test("ModemOptions shows the documented options", () => {
	const text = readFileSync(join(built, "options.d.ts"), "utf8");
	deepEqual(members(text, "interface ModemOptions"), ["inputTime", "module", "onError", "onNetwork", "onTrace", "promptDelay", "readTime", "readTimeout", "releaseAssistance", "reset", "serial", "sleep", "timer"]);
});
