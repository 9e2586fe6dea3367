// The core knows the BC660K only; another module's profile names itself when its module loads (on a
// device: preloaded by its manifest), so an app carries the profiles it includes and no other. Each case
// runs in a fresh Node, where nothing has loaded the BG95's profile yet.
import { test } from "node:test";
import { equal, match } from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runNode } from "../commands/spawn.js";

const modules = join(dirname(fileURLToPath(import.meta.url)), "../../modules/quectel");
const url = (path: string) => JSON.stringify(pathToFileURL(join(modules, path)).href);

async function run(source: string): Promise<string> {
	const file = join(mkdtempSync(join(tmpdir(), "profiles-")), "probe.mjs");
	writeFileSync(file, source);
	const ran = await runNode(file, []);
	equal(ran.code, 0, ran.err);
	return ran.out.trim();
}

test("without the BG95's profile loaded, module \"bg95\" is a TypeError that says which manifest brings it", async () => {
	const out = await run(`import { profileOf } from ${url("profiles.js")};
		console.log(profileOf(undefined).name, profileOf("BC950K").name);
		try { profileOf("bg95"); console.log("no error"); } catch (e) { console.log(e.constructor.name + ": " + e.message); }`);
	const [names, error] = out.split("\n");
	equal(names, "BC660K-GL BC660K-GL");
	match(error!, /^TypeError: Modem: options\.module "bg95" is not a module this build has: bc660k, bc950k; include .*manifest_bg95\.json/);
});

test("loading the BG95's profile makes bg95, bg77 and bg96 its names; the BC660K stays the default", async () => {
	const out = await run(`import { profileOf } from ${url("profiles.js")};
		await import(${url("bg95/profile.js")});
		console.log(["bg95", "BG77", "bg96", undefined, "bc660k"].map((m) => profileOf(m).name).join(" "));`);
	equal(out, "BG95 BG95 BG95 BC660K-GL BC660K-GL");
});
