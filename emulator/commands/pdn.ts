// The PDP contexts: AT+CGPADDR (AT Commands Manual 4.4), chapter 5 (activation, APN rate control,
// authentication, definitions, attach without PDN, the default context) and AT+QIDNSCFG (the TCP/IP
// manual's, which the HTTP(S) note's chapter 4.2 points to). Context 0 is the data bearer.
import { fields, int, ok, range, single, volatile, type Call, type Command, type Module } from "../module.js";
import { addressOf } from "../radio.js";

const PDP_TYPES = ["IP", "IPV6", "IPV4V6", "Non-IP"];
const TYPES_LIST = `(${PDP_TYPES.map((t) => `"${t}"`).join(",")})`;

// The context defined from the start (BC660K: 0) and those defined since, in order.
function defined(m: Module): number[] {
	return [...new Set([m.model.contexts.predefined, ...m.nv.contexts.keys()])].sort((a, b) => a - b);
}

function pdpType(text: string | undefined): string | undefined {
	return PDP_TYPES.find((t) => t.toUpperCase() === text?.toUpperCase());
}

// 4.4: the addresses of active contexts (the execution and read forms list those; the write form any).
function cgpaddr({ args }: Call, m: Module): string {
	const line = (cid: number) => `+CGPADDR: ${cid}${m.radio.isActive(cid) ? `,"${addressOf(cid)}"` : ""}`;
	if (args === "=?") return ok(`+CGPADDR: ${range(defined(m))}`);
	if (args === "" || args === "?") return ok(...defined(m).filter((cid) => m.radio.isActive(cid)).map(line));
	const cid = single(args, m.model.contexts.first, m.model.contexts.last);
	return Number.isNaN(cid) ? "ERROR" : ok(line(cid));
}

// 5.1: one context a write; activating needs the registration and an APN the network serves;
// deactivating the last active one is refused (171).
function cgact({ args }: Call, m: Module): string {
	if (args === "=?") return ok("+CGACT: (0,1)");
	if (args === "?") return ok(...defined(m).map((cid) => `+CGACT: ${cid},${m.radio.isActive(cid) ? 1 : 0}`));
	const f = fields(args);
	const state = int(f?.[0], 0, 1), cid = int(f?.[1], m.model.contexts.first, m.model.contexts.last);
	if (!f || f.length !== 2 || Number.isNaN(state) || Number.isNaN(cid)) return "ERROR";
	if (!defined(m).includes(cid)) return "+CME ERROR: 143"; // unknown PDP context
	const apn = m.nv.contexts.get(cid)?.apn ?? m.radio.apnInUse;
	const error = state === 1 ? m.radio.activate(cid, apn) : m.radio.deactivate(cid, true);
	return error ? `+CME ERROR: ${error}` : "OK";
}

// 5.3: per context, not saved to NVRAM.
function cgauth({ args, raw }: Call, m: Module): string {
	const auth = volatile(m, "CGAUTH", () => new Map<number, { proto: number; user: string; password: string }>());
	if (args === "=?") return ok("+CGAUTH: (0-10),(0-1),(20),(20)");
	if (args === "?") {
		return ok(...defined(m).map((cid) => {
			const a = auth.get(cid) ?? { proto: 0, user: "", password: "" };
			return `+CGAUTH: ${cid},${a.proto},"${a.user}","${a.password}"`;
		}));
	}
	const f = fields(raw.trim());
	const cid = int(f?.[0], 0, 10), proto = f?.[1] ? int(f[1], 0, 1) : 0;
	if (!f || f.length > 4 || Number.isNaN(cid) || Number.isNaN(proto)) return "ERROR";
	const user = f[2]?.text ?? "", password = f[3]?.text ?? "";
	if (!defined(m).includes(cid) || user.length > 20 || password.length > 20) return "ERROR";
	auth.set(cid, { proto, user, password });
	return "OK";
}

// 5.4: contexts 1–10 (0 is AT+QCGDEFCONT's); the read form upper-cases APNs (its note 1).
function cgdcont({ args, raw }: Call, m: Module): string {
	if (args === "=?") return ok(`+CGDCONT: (0-10),${TYPES_LIST},,,,,(0,1),(0-3),(0-2),(0,1),(0,1),(0,1),(0,1),(0,1),(0,1),(0,1)`);
	if (args === "?") {
		const apn = (m.radio.apnInUse || m.radio.networkApn()).toUpperCase();
		const lines = [`+CGDCONT: 0,"${m.nv.apn.type}","${apn}"${m.radio.isActive(0) ? `,"${addressOf(0)}"` : ""}`];
		for (const cid of defined(m).slice(1)) {
			const c = m.nv.contexts.get(cid)!;
			lines.push(`+CGDCONT: ${cid},"${c.type}","${c.apn.toUpperCase()}"`);
		}
		return ok(...lines);
	}
	const w = /^=(\d+)(?:,"([^"]*)"(?:,"([^"]*)"(?:,"[^"]*"(?:,\d+)*)?)?)?$/.exec(raw.trim());
	if (!w) return "ERROR";
	const cid = Number(w[1]);
	if (cid < 1 || cid > 10) return "ERROR";
	if (w[2] === undefined) { // undefines it
		m.nv.contexts.delete(cid);
		m.radio.deactivate(cid, false);
		return "OK";
	}
	const type = pdpType(w[2]);
	if (!type || (w[3]?.length ?? 0) > 99) return "ERROR";
	m.nv.contexts.set(cid, { type, apn: w[3] ?? "" });
	return "OK";
}

// 5.6: takes effect at the next boot; <auth_type> 2 (CHAP) is "not supported currently".
function qcgdefcont({ args, raw }: Call, m: Module): string {
	const a = m.nv.apn;
	if (args === "=?") return ok(`+QCGDEFCONT: ${TYPES_LIST}`);
	if (args === "?") {
		let text = `+QCGDEFCONT: "${a.type}"`;
		if (a.user) text += `,"${a.apn}","${a.user}","${a.password}",${a.auth}`;
		else if (a.apn) text += `,"${a.apn}"`;
		return ok(text);
	}
	const w = /^="([^"]*)"(?:,"([^"]*)"(?:,"([^"]*)","([^"]*)"(?:,(\d+))?)?)?$/.exec(raw.trim());
	if (!w) return "ERROR";
	const type = pdpType(w[1]);
	const auth = w[5] === undefined ? (w[3] ? 1 : 0) : Number(w[5]);
	if (!type || (w[2]?.length ?? 0) > 99 || (w[3]?.length ?? 0) > 19 || (w[4]?.length ?? 0) > 19 || auth > 1) return "ERROR";
	m.nv.apn = { type, apn: w[2] ?? "", user: w[3] ?? "", password: w[4] ?? "", auth };
	return "OK";
}

export const PDN_COMMANDS: readonly Command[] = [
	{ name: "CGPADDR", chapter: "4.4", run: cgpaddr },
	{ name: "CGACT", chapter: "5.1", run: cgact },
	{
		name: "CGAPNRC", chapter: "5.2", run({ args }, m) { // the network sends no APN rate control
			const active = defined(m).filter((cid) => m.radio.isActive(cid));
			if (args === "=?") return ok(`+CGAPNRC: ${range(active)}`);
			const cid = single(args, 0, 10);
			if (Number.isNaN(cid)) return "ERROR";
			return active.includes(cid) ? ok(`+CGAPNRC: ${cid}`) : "+CME ERROR: 304";
		},
	},
	{ name: "CGAUTH", chapter: "5.3", run: cgauth },
	{ name: "CGDCONT", chapter: "5.4", run: cgdcont },
	{
		name: "CIPCA", chapter: "5.5", run({ args }, m) { // <n> is always 3; <attach_without_PDN> from the next attach
			if (args === "=?") return ok("+CIPCA: (3),(0,1)");
			if (args === "?") return ok(`+CIPCA: 3,${m.nv.attachWithoutPdn}`);
			const w = /^=3(?:,([01]))?$/.exec(args);
			if (!w) return "ERROR";
			if (w[1] !== undefined) m.nv.attachWithoutPdn = Number(w[1]);
			return "OK";
		},
	},
	{ name: "QCGDEFCONT", chapter: "5.6", run: qcgdefcont },
	{
		name: "QIDNSCFG", chapter: "TCP/IP", run({ args }) { // the servers are fixed: a write is taken and ignored
			if (args === "?" || args === "") return ok("+QIDNSCFG: \"8.8.8.8\",\"8.8.4.4\"");
			return args.startsWith("=") ? "OK" : "ERROR";
		},
	},
];
