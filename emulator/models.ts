// The modules the emulator can be: each one's command table (AT Commands Manual rows and its HTTP(S)
// dialect), and every command name any of them knows (for the fault language).
import { BC660K_HTTP_COMMANDS } from "./bc660k.js";
import { DEVICE_COMMANDS } from "./commands/device.js";
import { IPERF } from "./commands/iperf.js";
import { OPERATOR_COMMANDS } from "./commands/operator.js";
import { PDN_COMMANDS } from "./commands/pdn.js";
import { POWER_COMMANDS } from "./commands/power.js";
import { REGISTRATION_COMMANDS } from "./commands/registration.js";
import { USIM_COMMANDS } from "./commands/usim.js";
import type { Command } from "./module.js";

export type ModuleName = "bc660k";

/** The BC660K AT Commands Manual's commands the emulator answers: the chapters its README lists. */
const MANUAL_COMMANDS: readonly Command[] = [
	...DEVICE_COMMANDS, ...REGISTRATION_COMMANDS, ...PDN_COMMANDS, ...OPERATOR_COMMANDS, IPERF, ...USIM_COMMANDS, ...POWER_COMMANDS,
];

export const MODELS: Readonly<Record<ModuleName, readonly Command[]>> = Object.freeze({
	bc660k: [...MANUAL_COMMANDS, ...BC660K_HTTP_COMMANDS],
});

/** Every command some emulated module knows, by the name faults use. */
export const COMMAND_NAMES: readonly string[] = Object.freeze([...new Set(Object.values(MODELS).flat().map((c) => c.name))].sort());
