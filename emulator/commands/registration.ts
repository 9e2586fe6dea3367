// The AT Commands Manual's chapter 4: registration (+CEREG, +CREG), signal, attach, the signalling
// connection, the engineering report and the EMM/ESM state queries. AT+CGPADDR (4.4) is with the PDN
// commands.
import { CELL } from "../radio.js";
import { ok, setting, type Command, type Module } from "../module.js";

/** The serving cell's figures for AT+CSQ, AT+CESQ and AT+QENG=0 (indexes of 3GPP TS 27.007). */
function signal(m: Module): { rssi: number; ber: number; rsrq: number; rsrp: number } {
	const s = m.options.signal ?? {};
	return { rssi: s.rssi ?? 22, ber: s.ber ?? 0, rsrq: s.rsrq ?? 25, rsrp: s.rsrp ?? 61 };
}

// AT+CEREG (4.1) and AT+CREG (4.5): a presentation mode kept in NVRAM, and the read form.
function presentation(name: "CEREG" | "CREG", chapter: string, max: number): Command {
	return {
		name,
		chapter,
		run({ args }, m) {
			const key = name === "CEREG" ? "cereg" : "creg";
			const n = m.nv[key];
			if (args === "=?") return ok(`+${name}: (0-${max})`);
			if (args === "?") return ok(`+${name}: ${n},${name === "CEREG" ? m.radio.ceregFields(n) : m.radio.cregFields(n)}`);
			const w = /^=(\d)$/.exec(args);
			if (!w || Number(w[1]) > max) return "ERROR";
			m.nv[key] = Number(w[1]);
			return "OK";
		},
	};
}

// 4.8 mode 3: the EMM and PLMN states.
function plmnStatus(m: Module): string {
	const radio = m.radio;
	const stat = radio.stat;
	const emm = radio.functionality !== 1 ? "NULL" : radio.registered() ? "REG" : stat === 2 ? "REG INIT" : "DEREG";
	const mode = !radio.registered() ? "UNKNOWN" : radio.rrc ? "CONNECTED" : radio.inPsm ? "PSM" : "IDLE";
	const plmn = radio.hasCell() ? "SELECTED" : stat === 2 ? "SEARCHING" : "NO PLMN";
	const type = radio.hasCell() ? (stat === 5 ? "VPLMN" : "EHPLMN") : "OTHERS";
	return `+QENG: 4,"${emm}","${mode}","${plmn}","${type}","${radio.hasCell() ? "0x460,0xf000" : ""}"`;
}

// 4.8: the serving cell (mode 0), the time asleep and on the air (2), the PLMN (3); mode 1 is "not
// supported currently". Mode 0 without a cell has no report line.
function qeng({ args }: { args: string }, m: Module): string {
	if (args === "=?") return ok("+QENG: (0-3)");
	const w = /^=([0-3])(?:,(\d+))?$/.exec(args);
	if (!w || w[1] === "1" || (w[2] !== undefined && w[1] !== "2")) return "ERROR";
	if (w[1] === "3") return ok(plmnStatus(m));
	if (w[1] === "2") { // since power-on (or the last powerStats reset); <accuracy> 0: Rx and Tx in ms.
		// Tx is not modelled: a tenth of Rx
		const s = m.radio.stats(false);
		const unit = w[2] === "0" ? 1 : 100;
		return ok(`+QENG: 3,${Math.round((s.lightSleepMs + s.psmMs) / 100)},${Math.round(s.connectedMs / unit)},${Math.round(s.connectedMs / 10 / unit)}`);
	}
	if (!m.radio.hasCell()) return "OK";
	const s = signal(m);
	const rsrp = -141 + s.rsrp, rsrq = Math.round(-19.75 + s.rsrq / 2), rssi = -113 + 2 * s.rssi;
	return ok(`+QENG: 0,${CELL.earfcn},${CELL.offset},${CELL.pci},"${CELL.id}",${rsrp},${rsrq},${rssi},14,${CELL.band},"${CELL.tac}",0,-128,3`);
}

// 4.10: the EMM main state and substate, as one string like the manual's example.
function emmState(m: Module): string {
	const radio = m.radio;
	if (radio.functionality !== 1) return "NULL";
	if (radio.registered()) return "EMM_REGISTERED,NORMAL_SERVICE";
	const sub = ["ATTACH_NEEDED", "", "PLMN_SEARCH", "LIMITED_SERVICE", "NO_CELL_AVAILABLE"][radio.stat]!;
	return `EMM_DEREGISTERED,${sub}`;
}

export const REGISTRATION_COMMANDS: readonly Command[] = [
	presentation("CEREG", "4.1", 5),
	{
		name: "CESQ", chapter: "4.2", run({ args }, m) { // rxlev, ber, rscp and ecno are not NB-IoT's (99, 99, 255, 255)
			if (args === "=?") return ok("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)");
			if (args !== "") return "ERROR";
			const cell = m.radio.hasCell(), s = signal(m);
			return ok(`+CESQ: 99,99,255,255,${cell ? s.rsrq : 255},${cell ? s.rsrp : 255}`);
		},
	},
	{
		name: "CGATT", chapter: "4.3", run({ args }, m) {
			if (args === "=?") return ok("+CGATT: (0,1)");
			if (args === "?") return ok(`+CGATT: ${m.radio.registered() ? 1 : 0}`);
			const w = /^=([01])$/.exec(args);
			if (!w) return "ERROR";
			if (m.radio.functionality !== 1) return "+CME ERROR: 3";
			m.radio.attach = w[1] === "1";
			m.clock.setTimeout(() => m.radio.evaluate(), 0); // URCs after the OK
			return "OK";
		},
	},
	presentation("CREG", "4.5", 3),
	{
		name: "CSCON", chapter: "4.6", run({ args }, m) {
			if (args === "=?") return ok("+CSCON: (0,1)");
			if (args === "?") return ok(`+CSCON: ${m.nv.cscon},${m.radio.rrc ? 1 : 0}`);
			const w = /^=([01])$/.exec(args);
			if (!w) return "ERROR";
			m.nv.cscon = Number(w[1]);
			return "OK";
		},
	},
	{
		name: "CSQ", chapter: "4.7", run({ args }, m) {
			if (args === "=?") return ok("+CSQ: (0-31,99),(0-7,99)");
			if (args !== "") return "ERROR";
			const s = signal(m);
			return ok(m.radio.hasCell() ? `+CSQ: ${s.rssi},${s.ber}` : "+CSQ: 99,99");
		},
	},
	{ name: "QENG", chapter: "4.8", run: qeng },
	{
		name: "QESMC", chapter: "4.9", run({ args }, m) { // the last ESM cause the network gave, if any
			if (args === "=?") return "OK";
			if (args !== "?") return "ERROR";
			return ok(m.radio.esmCause ? `+QESMC: 1,0,${m.radio.esmCause}` : "+QESMC: 0");
		},
	},
	{
		name: "QEMMS", chapter: "4.10", run({ args }, m) {
			if (args === "=?") return "OK";
			return args === "?" ? ok(`+QEMMS: "${emmState(m)}"`) : "ERROR";
		},
	},
	setting("QOOSAIND", "4.11", { values: [[0, 1]], defaults: [0], saved: true }),
	{
		// 4.12: T3346 and T3448 never run here; T3412 runs in RRC idle (its URCs: radio.ts).
		name: "QEMMTIMER", chapter: "4.12", run({ args }, m) {
			if (args === "=?") return ok("+QEMMTIMER: (0-7)");
			if (args === "?") {
				const left = m.radio.t3412Left();
				return ok("+QEMMTIMER: 0,1", "+QEMMTIMER: 1,1", left === undefined ? "+QEMMTIMER: 2,1" : `+QEMMTIMER: 2,0,${left}`);
			}
			const w = /^=([0-7])$/.exec(args);
			if (!w) return "ERROR";
			m.nv.emmTimers = Number(w[1]);
			return "OK";
		},
	},
];
