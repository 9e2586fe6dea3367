// The BG95's PDP context commands (BG95-FAMILY-NOTES §2): AT+QICSGP defines a context, AT+QIACT
// activates it (the host does, before HTTP), AT+QIDEACT deactivates it. Contexts 1–16; the radio keeps
// which are active, and a lost registration drops them (+QIURC: "pdpdeact").
import { fields, int, ok, single, type Call, type Command, type Module } from "../module.js";
import { addressOf } from "../radio.js";

/** <context_type> 1–3. */
const TYPES = ["", "IP", "IPV6", "IPV4V6"];

function context(m: Module, cid: number): { type: string; apn: string; user?: string; password?: string; auth?: number } {
	return m.nv.contexts.get(cid) ?? { type: "IP", apn: "" };
}

// AT+QICSGP=<ctx>[,<type>,"<APN>"[,"<user>","<password>"[,<auth>]]]: the query form (just <ctx>) prints
// `+QICSGP: <type>,"<APN>","<user>","<password>",<auth>` (a BG96 capture); auth 0–3 (none, PAP, CHAP,
// either: a choice, the sources list 0–2 or 0–3).
function qicsgp({ args, raw }: Call, m: Module): string {
	if (args === "=?") return ok("+QICSGP: (1-16),(1-3),<APN>,<username>,<password>,(0-3)");
	const f = fields(raw.trim());
	const cid = int(f?.[0], 1, 16);
	if (!f || Number.isNaN(cid) || f.length > 6 || f.length === 2 || f.length === 4) return "ERROR";
	if (f.length === 1) {
		const c = context(m, cid);
		return ok(`+QICSGP: ${TYPES.indexOf(c.type)},"${c.apn}","${c.user ?? ""}","${c.password ?? ""}",${c.auth ?? 0}`);
	}
	const type = int(f[1], 1, 3), auth = f[5] ? int(f[5], 0, 3) : 0;
	const apn = f[2]?.text ?? "", user = f[3]?.text ?? "", password = f[4]?.text ?? "";
	if (Number.isNaN(type) || Number.isNaN(auth) || apn.length > 99 || user.length > 127 || password.length > 127) return "ERROR";
	m.nv.contexts.set(cid, { type: TYPES[type]!, apn, user, password, auth });
	return "OK";
}

// AT+QIACT=<ctx>: answers once the context is up (at once here: the network's time is not modelled);
// ERROR when not registered or the APN is not the network's. AT+QIACT? lists active contexts only.
function qiact({ args }: Call, m: Module): string {
	if (args === "=?") return ok("+QIACT: (1-16)");
	if (args === "?") {
		return ok(...m.radio.active.map((cid) => `+QIACT: ${cid},1,${TYPES.indexOf(context(m, cid).type)},"${addressOf(cid)}"`));
	}
	const cid = single(args, 1, 16);
	if (Number.isNaN(cid)) return "ERROR";
	return m.radio.activate(cid, context(m, cid).apn) ? "ERROR" : "OK";
}

export const PDP_COMMANDS: readonly Command[] = [
	{ name: "QICSGP", chapter: "notes 2", run: qicsgp },
	{ name: "QIACT", chapter: "notes 2", run: qiact },
	{
		name: "QIDEACT", chapter: "notes 2", run({ args }, m) { // the last context may go: the host's to decide
			if (args === "=?") return ok("+QIDEACT: (1-16)");
			const cid = single(args, 1, 16);
			if (Number.isNaN(cid)) return "ERROR";
			m.radio.deactivate(cid, false);
			return "OK";
		},
	},
];
