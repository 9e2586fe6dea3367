// The modules the library knows, by the name new Modem({ module }) takes. A new module is a folder beside
// bc660k/ with its profile, and one line here.
import type { Profile } from "./profile.js";
import { BC660K } from "./bc660k/profile.js";
import { BG95 } from "./bg95/profile.js";

// The BG77 and BG96 speak the BG95's HTTP(S) dialect.
export const PROFILES: Readonly<Record<string, Profile>> = Object.freeze({ bc660k: BC660K, bc950k: BC660K, bg95: BG95, bg77: BG95, bg96: BG95 });

/** The profile for `module` (a name, or a profile object); a TypeError names the known modules. */
export function profileOf(module: string | Profile | undefined): Profile {
	if (module === undefined) return BC660K;
	if (typeof module === "object" && module !== null && typeof module.lookup === "function") return module;
	const profile = typeof module === "string" ? PROFILES[module.toLowerCase()] : undefined;
	if (!profile) throw new TypeError(`Modem: options.module ${JSON.stringify(module)} is not a module this library knows: ${Object.keys(PROFILES).join(", ")} (or a profile object)`);
	return profile;
}
