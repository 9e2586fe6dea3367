// The AT Commands Manual's chapter 8: the (U)SIM (sim.ts). AT+CFUN=0 powers the card down: its commands
// answer +CME ERROR: 13 (USIM failure) then, except AT+QCCID, which gives no data.
import { fields, int, ok, setting, single, type Call, type Command, type Module } from "../module.js";

/** The status word the emulated card answers to every APDU: 6D00, instruction not supported. */
const APDU_ANSWER = "6D00";

// The card's error while it is off or blocked, or while a PIN is pending (for what needs one); 0: none.
function cardError(m: Module, needsPin: boolean): number {
	if (m.radio.functionality === 0 || m.sim.state === "BLOCKED") return 13;
	if (needsPin && m.sim.state === "SIM PIN") return 11;
	if (needsPin && m.sim.state === "SIM PUK") return 12;
	return 0;
}

// A hex APDU with its length in characters (AT+CSIM, AT+CGLA): whether it is well formed.
function apdu(length: number, command: string | undefined): boolean {
	return command !== undefined && command.length === length && length % 2 === 0 && length > 0 && /^[0-9A-F]+$/i.test(command);
}

function cpin({ args, raw }: Call, m: Module): string {
	if (args === "=?") return "OK";
	const error = cardError(m, false);
	if (args === "?") return error ? `+CME ERROR: ${error}` : ok(`+CPIN: ${m.sim.state}`);
	const f = fields(raw.trim());
	if (!f || !f[0] || f.length > 2) return "ERROR";
	if (error) return `+CME ERROR: ${error}`;
	const code = m.sim.enter(f[0].text, f[1]?.text);
	if (code) return `+CME ERROR: ${code}`;
	m.clock.setTimeout(() => m.radio.evaluate(), 0); // now the module can register
	return "OK";
}

// 8.5: "SC" only; mode 2 asks whether the lock is on; the lock takes effect at the next power-on.
function clck({ args, raw }: Call, m: Module): string {
	if (args === "=?") return ok("+CLCK: (\"SC\")");
	const f = fields(raw.trim());
	const mode = int(f?.[1], 0, 2);
	if (!f || f.length > 4 || f[0]?.text.toUpperCase() !== "SC" || Number.isNaN(mode)) return "ERROR";
	const error = cardError(m, true);
	if (error) return `+CME ERROR: ${error}`;
	if (mode === 2) return ok(`+CLCK: ${m.sim.locked ? 1 : 0}`);
	if (!f[2]) return "ERROR";
	const code = m.sim.lock(mode === 1, f[2].text);
	return code ? `+CME ERROR: ${code}` : "OK";
}

function cpinr({ args, raw }: Call, m: Module): string {
	if (args === "=?") return "OK";
	const f = args === "" ? [] : fields(raw.trim());
	const which = f?.[0]?.text.toUpperCase();
	if (!f || f.length > 1 || (which !== undefined && which !== "SIM PIN" && which !== "SIM PUK")) return "ERROR";
	const error = cardError(m, false);
	if (error) return `+CME ERROR: ${error}`;
	const [pin, pinDefault, puk, pukDefault] = m.sim.retries;
	const lines = [];
	if (which !== "SIM PUK") lines.push(`+CPINR: "SIM PIN",${pin},${pinDefault}`);
	if (which !== "SIM PIN") lines.push(`+CPINR: "SIM PUK",${puk},${pukDefault}`);
	return ok(...lines);
}

// 8.9: READ BINARY (176) of the three files sim.ts keeps; other files are not found (6A82); the card is
// read-only (UPDATE: 6982); STATUS and GET RESPONSE answer 9000 without data.
function crsm({ args }: Call, m: Module): string {
	if (args === "=?") return "OK";
	const f = fields(args);
	const command = int(f?.[0], 0, 255);
	if (!f || ![176, 178, 192, 214, 220, 242].includes(command)) return "ERROR";
	const error = cardError(m, true);
	if (error) return `+CME ERROR: ${error}`;
	if (command === 242 || command === 192) return ok("+CRSM: 144,0");
	const id = int(f[1], 0, 0xffff);
	if (Number.isNaN(id)) return "ERROR";
	const file = m.sim.file(id);
	if (!file) return ok("+CRSM: 106,130");
	if (command !== 176) return ok(command === 178 ? "+CRSM: 105,129" : "+CRSM: 105,130");
	const offset = (int(f[2], 0, 255) || 0) * 256 + (int(f[3], 0, 255) || 0);
	const length = int(f[4], 0, 255) || file.length - offset;
	const data = file.subarray(offset, offset + length);
	return ok(`+CRSM: 144,0,"${Buffer.from(data).toString("hex").toUpperCase()}"`);
}

export const USIM_COMMANDS: readonly Command[] = [
	{
		name: "CCHO", chapter: "8.1", run({ args, raw }, m) { // a DF name of 1–16 bytes opens a channel
			if (args === "=?") return "OK";
			const name = fields(raw.trim())?.[0]?.text;
			if (!name || !apdu(name.length, name) || name.length > 32 || fields(raw.trim())!.length !== 1) return "ERROR";
			const error = cardError(m, true);
			return error ? `+CME ERROR: ${error}` : ok(`${m.sim.open()}`);
		},
	},
	{
		name: "CCHC", chapter: "8.2", run({ args }, m) {
			if (args === "=?") return "OK";
			const id = single(args, 0, 0xffff);
			if (Number.isNaN(id)) return "ERROR";
			return m.sim.closeChannel(id) ? ok("+CCHC") : "+CME ERROR: 21"; // invalid index
		},
	},
	{
		name: "CGLA", chapter: "8.3", run({ args }, m) {
			if (args === "=?") return "OK";
			const f = fields(args);
			const id = int(f?.[0], 0, 0xffff), length = int(f?.[1], 1, 522);
			if (!f || f.length !== 3 || Number.isNaN(id) || !apdu(length, f[2]?.text)) return "ERROR";
			if (!m.sim.isOpen(id)) return "+CME ERROR: 21";
			return ok(`+CGLA: ${APDU_ANSWER.length},"${APDU_ANSWER}"`);
		},
	},
	{
		name: "CIMI", chapter: "8.4", run({ args }, m) {
			if (args === "=?") return "OK";
			if (args !== "") return "ERROR";
			const error = cardError(m, true);
			return error ? `+CME ERROR: ${error}` : ok(m.sim.imsi);
		},
	},
	{ name: "CLCK", chapter: "8.5", run: clck },
	{ name: "CPIN", chapter: "8.6", run: cpin },
	{ name: "CPINR", chapter: "8.7", run: cpinr },
	{
		name: "CPWD", chapter: "8.8", run({ args, raw }, m) {
			if (args === "=?") return ok("+CPWD: (\"SC\",8)");
			const f = fields(raw.trim());
			if (!f || f.length !== 3 || f[0]?.text.toUpperCase() !== "SC" || !f[1] || !f[2]) return "ERROR";
			const error = cardError(m, true);
			if (error) return `+CME ERROR: ${error}`;
			const code = m.sim.changePin(f[1].text, f[2].text);
			return code ? `+CME ERROR: ${code}` : "OK";
		},
	},
	{ name: "CRSM", chapter: "8.9", run: crsm },
	{
		name: "CSIM", chapter: "8.10", run({ args }, m) {
			const f = fields(args);
			const length = int(f?.[0], 1, 522);
			if (!f || f.length !== 2 || !apdu(length, f[1]?.text)) return "ERROR";
			const error = cardError(m, true);
			return error ? `+CME ERROR: ${error}` : ok(`+CSIM: ${APDU_ANSWER.length},"${APDU_ANSWER}"`);
		},
	},
	{
		name: "QCCID", chapter: "8.11", run({ args }, m) { // an unreadable card gives no data
			if (args !== "") return "ERROR";
			return ok(...(m.radio.functionality === 0 ? [] : [`+QCCID: ${m.sim.iccid}`]));
		},
	},
	setting("QSIMPOLL", "8.12", { values: [[0, 1]], defaults: [0], saved: true }),
	setting("QSIMSLEEP", "8.13", { values: [[0, 1]], defaults: [1], saved: false }),
];
