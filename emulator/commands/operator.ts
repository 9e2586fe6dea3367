// The AT Commands Manual's chapter 7 ("other network commands"): CIoT optimizations, operator selection,
// control-plane data, bands, frequency locks, timing advance, PLMN search and the stored settings.
// AT+QIPERF is in iperf.ts.
import { fields, int, ok, setting, type Call, type Command, type Module } from "../module.js";
import { CELL, OPERATORS } from "../radio.js";

const BANDS = [1, 2, 3, 4, 5, 8, 12, 13, 17, 18, 19, 20, 25, 28, 66, 70, 85];
export const ALL_BANDS: readonly number[] = Object.freeze(BANDS);
/** AT+CCIOTOPT's defaults (choice: the manual's underlines are lost): no URC, both optimizations,
 *  control plane preferred. */
export const CIOTOPT_DEFAULT: readonly number[] = Object.freeze([0, 3, 1]);
const EARFCN_MAX = 262143;

// 7.1: <n> 0/1 (URC +CCIOTOPTI at attach), 3 resets; <supported_UE_opt> 1 or 3; <preferred_UE_opt> 0–2.
function ciotopt({ args }: Call, m: Module): string {
	if (args === "=?") return ok("+CCIOTOPT: (0,1,3),(1,3),(0-2)");
	if (args === "?") return ok(`+CCIOTOPT: ${m.nv.ciotopt.join(",")}`);
	const f = fields(args);
	if (!f || f.length > 3) return "ERROR";
	const n = int(f[0], 0, 3), supported = f[1] ? int(f[1], 1, 3) : m.nv.ciotopt[1]!, preferred = f[2] ? int(f[2], 0, 2) : m.nv.ciotopt[2]!;
	if (Number.isNaN(n) || n === 2 || supported === 2 || Number.isNaN(supported) || Number.isNaN(preferred)) return "ERROR";
	m.nv.ciotopt = n === 3 ? [...CIOTOPT_DEFAULT] : [n, supported, preferred];
	return "OK";
}

// The numeric operator for a name in <format> (0 long, 1 short, 2 numeric); the text itself when unknown.
function numeric(format: number, oper: string): string {
	return OPERATORS.find((o) => o[format === 0 ? 1 : format === 1 ? 2 : 3].toUpperCase() === oper.toUpperCase())?.[3] ?? oper;
}

// 7.2: <mode> 0 automatic, 1 manual (only that operator), 2 deregistered, 3 the format alone, 4 manual
// then automatic. Answers at once, registration follows (as AT+CGATT=1); modes 0, 1 and 4 are saved, 2
// lasts until the next of those or a reboot.
function cops({ args, raw }: Call, m: Module): string {
	const c = m.nv.cops;
	const radio = m.radio;
	if (args === "=?") {
		if (radio.functionality !== 1 || !radio.coverage) return ok("+COPS: ,,(0-4),(0-2)");
		const list = OPERATORS.map(([stat, long, short, plmn]) => `(${plmn === CELL.plmn && !radio.registered() ? 1 : stat},"${long}","${short}","${plmn}",9)`);
		return ok(`+COPS: ${list.join(",")},,(0-4),(0-2)`);
	}
	if (args === "?") {
		const mode = radio.deregistered ? 2 : c.mode;
		if (!radio.registered()) return ok(`+COPS: ${mode}`);
		const op = OPERATORS.find((o) => o[3] === CELL.plmn)!;
		return ok(`+COPS: ${mode},${c.format},"${c.format === 2 ? op[3] : op[c.format === 0 ? 1 : 2]}",9`);
	}
	const f = fields(raw.trim());
	if (!f || f.length > 4) return "ERROR";
	const mode = int(f[0], 0, 4);
	const format = f[1] ? int(f[1], 0, 2) : c.format;
	if (Number.isNaN(mode) || Number.isNaN(format) || (f[3] && int(f[3], 9, 9) !== 9)) return "ERROR";
	if (mode === 3) {
		if (!f[1]) return "ERROR";
		c.format = format;
		return "OK";
	}
	if ((mode === 1 || mode === 4) && !f[2]?.quoted) return "ERROR"; // <oper> must be present
	radio.deregistered = mode === 2;
	if (mode !== 2) c.mode = mode;
	c.format = format;
	if (f[2]) c.oper = numeric(format, f[2].text);
	if (mode === 4 && c.oper !== CELL.plmn) c.mode = 0; // the manual selection failed: automatic
	m.clock.setTimeout(() => radio.evaluate(), 0); // URCs after the OK
	return "OK";
}

// 7.4: <cid>,<cpdata_length>,<cpdata>[,<RAI>[,<type_of_user_data>]], the data in hex; it goes on the
// radio as any packet (RAI 1: released after it).
function csodcp({ args, raw }: Call, m: Module): string {
	if (args === "=?") return ok("+CSODCP: (0-10),(950),(0-2),(0,1)");
	const f = fields(raw.trim());
	if (!f || f.length < 3 || f.length > 5) return "ERROR";
	const cid = int(f[0], 0, 10), length = int(f[1], 0, 950), rai = f[3] ? int(f[3], 0, 2) : 0, type = f[4] ? int(f[4], 0, 1) : 0;
	const data = f[2]?.text ?? "";
	if ([cid, length, rai, type].some(Number.isNaN) || data.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(data)) return "ERROR";
	if (!m.radio.isActive(cid)) return "+CME ERROR: 304"; // PDN not active
	m.radio.connect();
	if (rai === 1) m.radio.releaseAssistance(true);
	else m.radio.lastPacket();
	return "OK";
}

// 7.5: <band_number> (0: all), then that many bands; a write detaches and attaches again.
function qband({ args }: Call, m: Module): string {
	if (args === "=?") return ok(`+QBAND: (0-17),(${BANDS.join(",")})`);
	if (args === "?") return ok(`+QBAND: ${m.nv.bands.join(",")}`);
	const f = fields(args);
	const count = int(f?.[0], 0, 17);
	if (!f || Number.isNaN(count) || f.length !== (count === 0 ? 1 : count + 1)) return "ERROR";
	const bands = count === 0 ? [...BANDS] : f.slice(1).map((b) => int(b, 1, 85));
	if (bands.some((b) => !BANDS.includes(b)) || new Set(bands).size !== bands.length) return "ERROR";
	m.nv.bands = bands;
	m.clock.setTimeout(() => m.radio.research(), 0);
	return "OK";
}

// 7.7: only with AT+CFUN=0, in effect from AT+CFUN=1. Mode 1 locks to an EARFCN (0 unlocks) and a PCI
// (above 503 is an error, a negative one ignored); mode 2 sets up to eight preferred EARFCNs.
function qlockf({ args }: Call, m: Module): string {
	const lock = m.nv.lock;
	if (args === "=?") return ok("+QLOCKF: (0-2)");
	if (args === "?") {
		const lines = [];
		if (lock.earfcn >= 0) lines.push(`+QLOCKF: 1,${lock.earfcn}${lock.pci >= 0 ? `,${lock.pci}` : ""}`);
		if (lock.preferred.length) lines.push(`+QLOCKF: 2,${lock.preferred.join(",")}`);
		return ok(...lines);
	}
	const f = fields(args);
	const mode = int(f?.[0], 0, 2);
	if (!f || Number.isNaN(mode)) return "ERROR";
	if (m.radio.functionality !== 0) return "+CME ERROR: 3";
	if (mode === 0) {
		if (f.length !== 1) return "ERROR";
		m.nv.lock = { earfcn: -1, pci: -1, preferred: [] };
		return "OK";
	}
	if (mode === 1) {
		// <EARFCN>[,,<pci>] as the syntax writes it, or <EARFCN>,<pci>
		const earfcn = int(f[1], 0, EARFCN_MAX);
		const pciField = f.length === 4 && !f[2] ? f[3] : f.length === 3 ? f[2] : undefined;
		if (Number.isNaN(earfcn) || f.length > 4 || (f.length === 4 && f[2])) return "ERROR";
		const pci = pciField ? int(pciField, -1e9, 1e9) : -1;
		if (pci > 503) return "ERROR";
		lock.earfcn = earfcn === 0 ? -1 : earfcn;
		lock.pci = earfcn === 0 || Number.isNaN(pci) || pci < 0 ? -1 : pci;
		return "OK";
	}
	const count = int(f[2], 1, 8);
	const list = f.slice(3).map((e) => int(e, 0, EARFCN_MAX));
	if (f[1] || Number.isNaN(count) || list.length !== count || list.some(Number.isNaN)) return "ERROR";
	lock.preferred = list;
	return "OK";
}

// 7.9: the PLMN search state; the execution form searches when out of service.
function qplmns({ args }: Call, m: Module): string {
	const radio = m.radio;
	if (args === "=?") return "OK";
	if (args === "?") {
		if (radio.functionality !== 1) return ok("+QPLMNS: 0");
		if (radio.hasCell()) return ok("+QPLMNS: 2");
		return ok(radio.stat === 2 ? "+QPLMNS: 1" : "+QPLMNS: 3,0"); // no PLMN search timer is modelled
	}
	if (args !== "") return "ERROR";
	if (radio.registered()) return "+CME ERROR: 3"; // in service
	m.clock.setTimeout(() => radio.evaluate(), 0);
	return "OK";
}

export const OPERATOR_COMMANDS: readonly Command[] = [
	{ name: "CCIOTOPT", chapter: "7.1", run: ciotopt },
	{ name: "COPS", chapter: "7.2", run: cops },
	setting("CRTDCP", "7.3", { values: [[0, 1]], defaults: [0], saved: false, test: "(0,1),(0-10),(1600)" }),
	{ name: "CSODCP", chapter: "7.4", run: csodcp },
	{ name: "QBAND", chapter: "7.5", run: qband },
	{
		name: "QCSEARFCN", chapter: "7.6", run({ args }, m) { // only with AT+CFUN=0
			if (args !== "") return "ERROR";
			return m.radio.functionality === 0 ? "OK" : "+CME ERROR: 3";
		},
	},
	{ name: "QLOCKF", chapter: "7.7", run: qlockf },
	{
		name: "QNBPARA", chapter: "7.8", run({ args }, m) { // -1 while RRC is not connected
			if (args === "=?") return ok("+QNBPARA: \"TA\",(-1-1282)");
			if (args !== "?" && args !== "=\"TA\"") return "ERROR";
			return ok(`+QNBPARA: "TA",${m.radio.rrc ? 0 : -1}`);
		},
	},
	{ name: "QPLMNS", chapter: "7.9", run: qplmns },
	setting("QRHPLMNS", "7.10", { values: [[0, 1], [0, 1]], defaults: [0, 0], saved: true }),
	setting("QLAPI", "7.11", { values: [[0, 1]], defaults: [0], saved: true }),
	setting("QLEDMODE", "7.12", { values: [[0, 1]], defaults: [1], saved: true }),
	setting("QBANDSCAN", "7.14", { values: [[0, 1]], defaults: [0], saved: true }),
];
