// The modules the emulator can be: each one's command table (the AT commands it shares with the others
// and its own HTTP(S) dialect), identity, PDP contexts, boot, error texts and field profile; and every
// command name any of them knows (for the fault language).
import { BC660K_HTTP_COMMANDS } from "./bc660k.js";
import { BG95_HTTP_COMMANDS } from "./bg95.js";
import { DEVICE_COMMANDS } from "./commands/device.js";
import { IPERF } from "./commands/iperf.js";
import { OPERATOR_COMMANDS } from "./commands/operator.js";
import { PDN_COMMANDS } from "./commands/pdn.js";
import { PDP_COMMANDS } from "./commands/pdp.js";
import { POWER_COMMANDS } from "./commands/power.js";
import { REGISTRATION_COMMANDS } from "./commands/registration.js";
import { USIM_COMMANDS } from "./commands/usim.js";
import { BG95_TEXTS, HTTP_TEXTS } from "./errors.js";
import type { Command, Module } from "./module.js";
import { FIELD_ALL, FIELD_NONE, type FieldSwitches } from "./options.js";
import { ADDRESS, CTZEU } from "./radio.js";
import { FILE_COMMANDS } from "./ufs.js";

export type ModuleName = "bc660k" | "bg95";
export const MODULE_NAMES: readonly ModuleName[] = Object.freeze(["bc660k", "bg95"]);

export interface Model {
	readonly commands: readonly Command[];
	/** The lines of ATI, AT+CGMI, AT+CGMM and AT+CGMR. */
	readonly identity: Readonly<Record<"ATI" | "CGMI" | "CGMM" | "CGMR", readonly string[]>>;
	/** PDP context ids; the context defined from the start, and whether the attach activates it. */
	readonly contexts: { readonly first: number; readonly last: number; readonly predefined: number; readonly attach: boolean };
	/** What follows RDY at power-on. */
	boot(m: Module, registered: boolean): string;
	/** The texts of its own error codes under AT+CMEE=2. */
	readonly texts: Readonly<Record<number, string>>;
	/** What profile "field" turns on. */
	readonly field: FieldSwitches;
	/** A context the network dropped: the module's URC for it, if it has one. */
	dropped?(m: Module, cid: number): void;
}

const BC660K_REVISION = "BC660KGLAAR01A05_EMU";
const BG95_REVISION = "BG95M3LAR02A03_EMU";

const BC660K: Model = Object.freeze({
	// AT Commands Manual V1.4 chapters 2–5 and 7–10, the HTTP(S) note's chapter 2, the SSL note's AT+QSSLCFG
	commands: [...DEVICE_COMMANDS, ...REGISTRATION_COMMANDS, ...PDN_COMMANDS, ...OPERATOR_COMMANDS, IPERF, ...USIM_COMMANDS, ...POWER_COMMANDS, ...BC660K_HTTP_COMMANDS],
	identity: {
		ATI: ["Quectel_Ltd", "Quectel_BC660K-GL", `Revision: ${BC660K_REVISION}`], CGMI: ["Quectel_Ltd", "Quectel_BC660K-GL", "Revision: QCX"],
		CGMM: ["Quectel_BC660K-GL"], CGMR: [`Revision: ${BC660K_REVISION}`],
	},
	contexts: { first: 0, last: 10, predefined: 0, attach: true },
	boot(m: Module, registered: boolean): string {
		const { radio, nv } = m;
		if (radio.functionality === 0) return "";
		const more = m.field.bootUrcs ? `\r\n${CTZEU}\r\n\r\n+QSCLK: 1\r\n` : "";
		const cereg = registered && nv.cereg ? `\r\n+CEREG: ${radio.ceregFields(nv.cereg)}\r\n` : "";
		const creg = registered && nv.creg ? `\r\n+CREG: ${radio.cregFields(nv.creg)}\r\n` : "";
		const ip = registered ? `${cereg}${creg}${radio.isActive(0) ? `\r\n+IP: ${ADDRESS}\r\n` : ""}` : "";
		return `\r\n+CFUN: ${radio.functionality}\r\n\r\n+CPIN: ${m.sim.state}\r\n${ip}${more}`;
	},
	texts: HTTP_TEXTS,
	field: FIELD_ALL,
});

// The BG95-M3 (and BG77, BG96: one HTTP(S) dialect), from shared/spec/BG95-FAMILY-NOTES.md. Its general
// commands answer as the BC660K manual's tables do (its own AT manual was not available); the
// BC660K-only ones (AT+QENG's form, AT+QCGDEFCONT, AT+QBAND…) are not there.
const BG95: Model = Object.freeze({
	commands: [
		...DEVICE_COMMANDS.filter((c) => !["QADC", "QRST", "QRFSTAT"].includes(c.name)),
		...REGISTRATION_COMMANDS.filter((c) => ["CEREG", "CESQ", "CGATT", "CREG", "CSCON", "CSQ"].includes(c.name)),
		...PDN_COMMANDS.filter((c) => ["CGPADDR", "CGACT"].includes(c.name)),
		...OPERATOR_COMMANDS.filter((c) => c.name === "COPS"),
		...USIM_COMMANDS.filter((c) => ["CIMI", "CLCK", "CPIN", "CPINR", "CPWD", "CRSM", "CSIM", "QCCID"].includes(c.name)),
		...POWER_COMMANDS.filter((c) => ["CEDRXS", "CEDRXRDP", "CFUN", "CPSMS", "QSCLK"].includes(c.name)),
		...PDP_COMMANDS, ...BG95_HTTP_COMMANDS, ...FILE_COMMANDS,
	],
	identity: { ATI: ["Quectel", "BG95-M3", `Revision: ${BG95_REVISION}`], CGMI: ["Quectel"], CGMM: ["BG95-M3"], CGMR: [BG95_REVISION] },
	contexts: { first: 1, last: 16, predefined: 1, attach: false },
	// RDY, APP RDY, then the (U)SIM's URCs (notes §11); no +CFUN, no +IP: the host activates its context.
	boot(m: Module): string {
		if (m.radio.functionality === 0) return "";
		return `\r\nAPP RDY\r\n\r\n+CPIN: ${m.sim.state}\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n`;
	},
	texts: BG95_TEXTS,
	// FIELD-NOTES "Seen on sibling modules": late result URCs, no length, blank lines, read stalls
	field: { ...FIELD_NONE, blankLines: true, noLength: true, lateUrcs: true, readPauses: true },
	dropped(m: Module, cid: number): void {
		m.urc(`+QIURC: "pdpdeact",${cid}`);
	},
});

export const MODELS: Readonly<Record<ModuleName, Model>> = Object.freeze({ bc660k: BC660K, bg95: BG95 });

/** Every command some emulated module knows, by the name faults use. */
export const COMMAND_NAMES: readonly string[] = Object.freeze([...new Set(Object.values(MODELS).flatMap((m) => m.commands.map((c) => c.name)))].sort());
