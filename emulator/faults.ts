// The fault language, shared by tests and the command line (--fault SPEC, repeatable):
//   cme=<code>@<CMD>[#n]     answer the n-th <CMD> (default every) with +CME ERROR: <code>
//   urc=<code>@<CMD>[#n]     answer OK, then the result URC +<CMD>: <code>
//   silent@<CMD>[#n]         never answer
//   late=<ms>@<CMD>[#n]      answer <ms> later than usual
//   reboot@<CMD>[#n]         reboot (RDY) instead of answering
//   noprompt@<CMD>[#n]       never send `>`
//   prompt-late=<ms>@<CMD>[#n]  send `>` late
//   drop-rx=<rate> | corrupt-rx=<rate> | dup-rx=<rate>   module → host bytes, seeded
//   drop-tx=<rate> | corrupt-tx=<rate> | dup-tx=<rate>   host → module bytes, seeded
//   urcs=<rate>              an unsolicited URC before an output burst, at that rate
//   noise=<rate>             a line of garbage bytes before an output burst, at that rate
//   truncate=<bytes>         server responses cut after <bytes>
//   stall                    server responses never arrive (the module's timeouts apply)
//   searching                the network is not found: +CEREG stat 2 until clear
//   denied[=<cause>]         the network rejects the module: stat 3, EMM cause (default 11)
//   coverage-lost[=<ms>]     coverage goes (now or <ms> later): stat 4
//   coverage-back[=<ms>]     coverage returns (now or <ms> later): a search, then registered
//   (these four act on the network when given; `clear` undoes them)
// <CMD> is the command name without AT+ (QHTTPGET, QHTTPREAD…), or AT for the bare AT.

/** Every fault kind the emulator knows (the command lines refuse any other). */
export const FAULT_KINDS: readonly string[] = ["cme", "urc", "silent", "late", "reboot", "noprompt", "prompt-late", "drop-rx", "corrupt-rx", "dup-rx",
	"drop-tx", "corrupt-tx", "dup-tx", "urcs", "noise", "truncate", "stall"];

export interface Fault {
	kind: string;
	value: number;
	command: string | undefined;
	nth: number; // 0: every occurrence
}

export function parseFaults(spec: string | string[] | undefined): Fault[] {
	const specs = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
	const faults: Fault[] = [];
	for (const one of specs.flatMap((s) => s.split(/[\s;]+/)).filter(Boolean)) {
		const m = /^([a-z-]+)(?:=([\d.]+))?(?:@([A-Z+]+)(?:#(\d+))?)?$/.exec(one);
		if (!m) throw new Error(`bad fault "${one}": see emulator/README.md for the fault language`);
		faults.push({ kind: m[1]!, value: m[2] === undefined ? 0 : Number(m[2]), command: m[3]?.replace(/^AT\+/, ""), nth: m[4] ? Number(m[4]) : 0 });
	}
	return faults;
}
