// The AT Commands Manual's chapter 9: eDRX, functionality, PSM, DRX, release assistance, PSM events and
// sleep. The radio (radio.ts) keeps the state these commands ask for and what the network granted.
import { ok, type Call, type Command, type Module } from "../module.js";
import { PSM_DEFAULT } from "../radio.js";
import { EDRX_MS, encodeT3324, encodeT3412, t3324Seconds, t3412Seconds } from "../timers.js";

// AT+CEDRXS=3 and the power-on defaults: eDRX off; the manual's AT+QEDRXCFG? example values.
export const EDRX_DEFAULT = Object.freeze({ mode: 0, value: "0011", ptw: "0011" });

// 9.1 and 9.6: the same setting, AT+QEDRXCFG with the paging time window too.
function edrx(name: "CEDRXS" | "QEDRXCFG", chapter: string): Command {
	const q = name === "QEDRXCFG";
	return {
		name,
		chapter,
		run({ args }, m) {
			const e = m.nv.edrx;
			if (args === "=?") return ok(`+${name}: (0-3),(5),("0000"-"1111")${q ? ",(\"0000\"-\"1111\")" : ""}`);
			if (args === "?") return ok(`+${name}: 5,"${e.value}"${q ? `,"${e.ptw}"` : ""}`);
			const w = q ? /^=([0-3])(?:,5(?:,"([01]{4})"(?:,"([01]{4})")?)?)?$/.exec(args) : /^=([0-3])(?:,5(?:,"([01]{4})")?)?$/.exec(args);
			if (!w) return "ERROR";
			if (w[2] !== undefined && EDRX_MS[w[2]] === undefined) return "ERROR"; // not in the manual's table
			const mode = Number(w[1]);
			m.nv.edrx = mode === 3 ? { ...EDRX_DEFAULT } : { mode, value: w[2] ?? e.value, ptw: w[3] ?? e.ptw };
			m.radio.settingsChanged(m.uart.turnaround());
			return "OK";
		},
	};
}

function cfun({ args }: Call, m: Module): string {
	const radio = m.radio;
	if (args === "=?") return ok("+CFUN: (0,1,4),(0,1)");
	if (args === "?") return ok(`+CFUN: ${radio.functionality}`);
	const w = /^=([014])(?:,([01]))?$/.exec(args);
	if (!w) return "ERROR";
	const fun = Number(w[1]);
	if (w[2] === "1") { // reset into <fun> (the manual's example: AT+CFUN=0,1 gives OK, RDY, then +CFUN: 0)
		m.afterAnswer(() => m.reboot(fun));
		return "OK";
	}
	const was = radio.functionality;
	if (fun === was) return "OK";
	radio.account();
	radio.functionality = fun;
	if (fun === 1) radio.attach = true;
	m.clock.setTimeout(() => { // URCs after the OK
		if (was === 0) { // the (U)SIM is powered again
			m.sim.powerOn();
			m.urc(`+CPIN: ${m.sim.state}`);
		}
		radio.evaluate();
	}, 0);
	return "OK";
}

function cpsms({ args }: Call, m: Module): string {
	const psm = m.radio.psm;
	if (args === "=?") return ok("+CPSMS: (0-2),,,(\"00000000\"-\"11111111\"),(\"00000000\"-\"11111111\")");
	if (args === "?") return ok(`+CPSMS: ${psm.mode},,,"${psm.tau}","${psm.active}"`);
	const w = /^=([0-2])(?:,,,(?:"([01]{8})")?(?:,(?:"([01]{8})")?)?)?$/.exec(args);
	if (!w) return "ERROR";
	const mode = Number(w[1]);
	m.radio.psm = mode === 2 ? { ...PSM_DEFAULT } : { mode, tau: w[2] ?? psm.tau, active: w[3] ?? psm.active };
	m.nv.psm = { ...m.radio.psm };
	m.radio.settingsChanged(m.uart.turnaround());
	return "OK";
}

// 9.9: its table writes AT+QSCLK=<T1>,<T2>, a misprint for AT+QPSMS; seconds become the greatest
// encodable value not above them; the read form is the network's grant. Not saved to NVRAM.
function qpsms({ args }: Call, m: Module): string {
	const radio = m.radio;
	if (args === "=?") return ok("+QPSMS: (0-11160),(0-35712000)");
	if (args === "?") {
		const g = radio.granted;
		const t1 = g.psm ? t3324Seconds(g.active) ?? 1 : 1; // "If the value is 1, T3324 is disabled"
		const t2 = g.psm ? t3412Seconds(g.tau) ?? radio.t3412Ms / 1000 : radio.t3412Ms / 1000;
		return ok(`+QPSMS: ${t1},${t2}`);
	}
	const w = /^=(\d+),(\d+)$/.exec(args);
	if (!w) return "ERROR";
	const t1 = Number(w[1]), t2 = Number(w[2]);
	if (t1 > 11160 || t2 > 35712000) return "ERROR";
	radio.psm = { mode: 1, tau: encodeT3412(t2), active: encodeT3324(t1) };
	radio.settingsChanged(m.uart.turnaround());
	return "OK";
}

export const POWER_COMMANDS: readonly Command[] = [
	edrx("CEDRXS", "9.1"),
	{
		name: "CEDRXRDP", chapter: "9.2", run({ args }, m) {
			if (args === "=?") return "OK";
			if (args !== "") return "ERROR";
			const g = m.radio.granted;
			return ok(m.radio.registered() && g.edrx ? `+CEDRXRDP: 5,"${m.nv.edrx.value}","${g.edrxValue}","${g.ptw}"` : "+CEDRXRDP: 0");
		},
	},
	{ name: "CFUN", chapter: "9.3", run: cfun },
	{ name: "CPSMS", chapter: "9.4", run: cpsms },
	{
		name: "QDRX", chapter: "9.5", run({ args }, m) { // the connected-mode figures are ours: nothing uses them
			const radio = m.radio;
			if (args === "=?") return "OK";
			if (args !== "?") return "ERROR";
			if (!radio.registered() || radio.inPsm) return ok("+QDRX: 3");
			return ok(radio.rrc ? "+QDRX: 2,8,4,0,4,2048,8" : `+QDRX: 1,${radio.cycleMs()}`);
		},
	},
	edrx("QEDRXCFG", "9.6"),
	{
		// Only while RRC is connected ("+CME ERROR: 602", No RRC connection, otherwise); asks for the
		// release of this connection, not of the next one.
		name: "QNBIOTRAI", chapter: "9.7", run({ args }, m) {
			if (args === "=?") return ok("+QNBIOTRAI: (0,1)");
			const w = /^=([01])$/.exec(args);
			if (!w) return "ERROR";
			if (!m.radio.rrc) return "+CME ERROR: 602";
			m.radio.releaseAssistance(w[1] === "1");
			return "OK";
		},
	},
	{
		name: "QNBIOTEVENT", chapter: "9.8", run({ args }, m) { // event 1 (PSM) is the only one
			if (args === "=?") return "OK";
			if (args === "?") return ok(`+QNBIOTEVENT: ${m.nv.event},1`);
			const w = /^=([01]),1$/.exec(args);
			if (!w) return "ERROR";
			m.nv.event = Number(w[1]);
			return "OK";
		},
	},
	{ name: "QPSMS", chapter: "9.9", run: qpsms },
	{
		name: "QSCLK", chapter: "9.10", run({ args }, m) { // not saved: a reboot restores the default
			if (args === "=?") return ok("+QSCLK: (0-2)");
			if (args === "?") return ok(`+QSCLK: ${m.uart.sleep}`);
			const w = /^=([0-2])$/.exec(args);
			if (!w) return "ERROR";
			m.uart.sleep = Number(w[1]);
			return "OK";
		},
	},
];
