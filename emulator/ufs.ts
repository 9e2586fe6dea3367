// The BG95's file system, UFS (BG95-FAMILY-NOTES §4): AT+QFUPL uploads a file after CONNECT (exactly
// <size> bytes, answered `+QFUPL: <size>,<checksum>`), AT+QFLST lists, AT+QFDEL deletes, AT+QFLDS gives
// the space. Files live in NVRAM (a reboot keeps them); names are bare or with the "UFS:" prefix.
import { lateMs } from "./faults.js";
import { fields, int, ok, type Call, type Command, type Module } from "./module.js";

/** UFS's size (choice: the notes give none). */
const UFS_BYTES = 1 << 20;
const ACK_EVERY = 1024; // AT+QFUPL's <ackmode> 1: an `A` after every 1 KB

/** A file's name in UFS ("UFS:cacert.pem" and "cacert.pem" are the same file); undefined when it names
 *  another storage or nothing. */
export function ufsName(name: string): string | undefined {
	const bare = name.replace(/^UFS:/i, "");
	return bare && !/^[A-Z]+:/i.test(bare) ? bare : undefined;
}

/** The checksum AT+QFUPL answers: the XOR of the data's 16-bit big-endian words (an odd last byte is the
 *  high byte), in lower-case hex without padding (fwupd's check of Quectel modules). */
export function checksum(data: Uint8Array): string {
	let sum = 0;
	for (let i = 0; i < data.length; i += 2) sum ^= (data[i]! << 8) | (data[i + 1] ?? 0);
	return sum.toString(16);
}

function free(m: Module): number {
	let used = 0;
	for (const data of m.nv.files.values()) used += data.length;
	return UFS_BYTES - used;
}

// `*` and `?` as in the notes' patterns (`"*"`, `"ufs:/security/*"`).
function matcher(pattern: string): RegExp {
	return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
}

// AT+QFUPL="<name>"[,<size>[,<timeout>[,<ackmode>]]]: defaults 10240 bytes and 5 s (a BG96's test answer).
// A name in use is 407. Fewer bytes than <size> within <timeout>: what came is kept and answered with its
// size (choice: Quectel's own code compares that size with what it sent), none at all is 421.
function qfupl({ args, raw, fault }: Call, m: Module): string | undefined {
	if (args === "=?") return ok(`+QFUPL: <filename>,(1-${free(m)}),(1-65535),(0,1)`);
	const f = fields(raw.trim());
	const name = f?.[0]?.quoted ? ufsName(f[0].text) : undefined;
	const size = f?.[1] ? int(f[1], 1, UFS_BYTES) : 10240, timeout = f?.[2] ? int(f[2], 1, 65535) : 5, ackmode = f?.[3] ? int(f[3], 0, 1) : 0;
	if (!f || f.length > 4 || [size, timeout, ackmode].some(Number.isNaN)) return "ERROR";
	if (name === undefined) return "+CME ERROR: 406";
	if (m.nv.files.has(name)) return "+CME ERROR: 407";
	if (size > free(m)) return "+CME ERROR: 403";
	const save = (bytes: Uint8Array) => {
		m.nv.files.set(name, bytes);
		m.reply(ok(`+QFUPL: ${bytes.length},${checksum(bytes)}`), lateMs(fault));
	};
	m.uart.openData("\r\nCONNECT\r\n", {
		length: size,
		progress: (count) => {
			if (ackmode && count % ACK_EVERY === 0 && count < size) m.uart.emit("A");
		},
		done: save,
		failed: (_, bytes) => (bytes.length ? save(bytes) : m.reply("+CME ERROR: 421")),
	}, timeout, fault);
	return undefined;
}

export const FILE_COMMANDS: readonly Command[] = [
	{ name: "QFUPL", chapter: "notes 4", run: qfupl },
	{
		// AT+QFLST[="<pattern>"]: `+QFLST: "<name>",<size>` a file; names as the pattern writes them (with
		// "UFS:" when it has it).
		name: "QFLST", chapter: "notes 4", run({ args, raw }, m) {
			if (args === "=?") return "OK";
			const given = args === "" ? "*" : fields(raw.trim())?.[0]?.text;
			const pattern = given === undefined ? undefined : ufsName(given);
			if (pattern === undefined) return "ERROR";
			const prefix = /^UFS:/i.test(given!) ? "UFS:" : "";
			const match = matcher(pattern);
			return ok(...[...m.nv.files].filter(([name]) => match.test(name)).map(([name, data]) => `+QFLST: "${prefix}${name}",${data.length}`));
		},
	},
	{
		// AT+QFDEL="<name>" ("*": all); a missing file is 405 (the BG95 code's table; a BG770A said ERROR).
		name: "QFDEL", chapter: "notes 4", run({ args, raw }, m) {
			if (args === "=?") return "OK";
			const name = fields(raw.trim())?.[0]?.text;
			const bare = name === undefined ? undefined : ufsName(name);
			if (bare === undefined) return "ERROR";
			const gone = [...m.nv.files.keys()].filter((n) => matcher(bare).test(n));
			if (!gone.length && bare !== "*") return "+CME ERROR: 405";
			for (const n of gone) m.nv.files.delete(n);
			return "OK";
		},
	},
	{
		name: "QFLDS", chapter: "notes 4", run({ args }, m) { // UFS only: free and total bytes
			if (args === "=?") return ok("+QFLDS: (\"UFS\")");
			if (args !== "" && args !== "=\"UFS\"") return "ERROR";
			return ok(`+QFLDS: ${free(m)},${UFS_BYTES}`);
		},
	},
];
