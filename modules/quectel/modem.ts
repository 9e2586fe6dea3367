// The modem for a Quectel BC660K-GL or BC950K-GL: the core (core.ts) driven by the BC660K profile. A
// sibling module gets a folder of its own beside bc660k/ and a class like this one.
import { ModemCore, type ModemOptions } from "./core.js";
import { BC660K } from "./bc660k/profile.js";

export type { ModemOptions } from "./core.js";

export class Modem extends ModemCore {
	constructor(options: ModemOptions) {
		super(options, BC660K);
	}
}
