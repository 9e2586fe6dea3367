// The modules a build knows, by the name new Modem({ module }) takes. The BC660K is the default and is in
// the core; another module's profile comes with its own manifest (manifest_bg95.json) and names itself
// here when it loads (on a device, at preload), so an app carries only the profiles it includes.
import type { Profile } from "./profile.js";
import { BC660K } from "./bc660k/profile.js";

const PROFILES: Record<string, Profile> = { bc660k: BC660K, bc950k: BC660K };

/** Makes `profile` known under `names`: a profile module calls it when it loads. */
export function addProfile(names: readonly string[], profile: Profile): void {
	for (const name of names) PROFILES[name] = profile;
}

/** The profile for `module` (a name, or a profile object); a TypeError names the modules the build has. */
export function profileOf(module: string | Profile | undefined): Profile {
	if (module === undefined) return BC660K;
	if (typeof module === "object" && module !== null && typeof module.lookup === "function") return module;
	const profile = typeof module === "string" ? PROFILES[module.toLowerCase()] : undefined;
	if (!profile) throw new TypeError(`Modem: options.module ${JSON.stringify(module)} is not a module this build has: ${Object.keys(PROFILES).join(", ")}; include the module's manifest (manifest_bg95.json for the bg95, bg77 and bg96) or pass a profile object`);
	return profile;
}
