// The fault language, shared by tests and the command lines (--fault SPEC, repeatable):
//   cme=<code>@<CMD>[#n]     answer the n-th <CMD> (default every) with +CME ERROR: <code>
//   urc=<code>@<CMD>[#n]     answer OK, then the result URC +<CMD>: <code>
//   silent@<CMD>[#n]         never answer
//   late=<ms>@<CMD>[#n]      answer <ms> later than usual
//   reboot@<CMD>[#n]         reboot (RDY) instead of answering
//   noprompt@<CMD>[#n]       never send the prompt (`>`, or CONNECT)
//   prompt-late=<ms>@<CMD>[#n]  send the prompt late
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
// <CMD> is a command an emulated module knows: its name without AT+ (QHTTPGET, QHTTPREAD…), or AT (the
// bare AT), ATE, ATI. Anything else — an unknown kind or command, a missing or needless @<CMD>, a missing
// or needless value — is refused with what is known (the command lines print it and exit 2).
import { COMMAND_NAMES } from "./models.js";

export interface Fault {
	kind: string;
	value: number;
	command: string | undefined;
	nth: number; // 0: every occurrence
}

/** How much later than usual a command answers: a `late` fault's value, else 0. */
export function lateMs(fault: Fault | undefined): number {
	return fault?.kind === "late" ? fault.value : 0;
}

type Shape = { command: boolean; value: "required" | "optional" | "none"; rate?: boolean };

const AT_COMMAND: Shape = { command: true, value: "none" };
const AT_COMMAND_VALUE: Shape = { command: true, value: "required" };
const RATE: Shape = { command: false, value: "required", rate: true };
const NETWORK: Shape = { command: false, value: "optional" };

/** Every fault kind and what it takes. */
const KINDS: Record<string, Shape> = {
	"cme": AT_COMMAND_VALUE, "urc": AT_COMMAND_VALUE, "silent": AT_COMMAND, "late": AT_COMMAND_VALUE, "reboot": AT_COMMAND,
	"noprompt": AT_COMMAND, "prompt-late": AT_COMMAND_VALUE,
	"drop-rx": RATE, "corrupt-rx": RATE, "dup-rx": RATE, "drop-tx": RATE, "corrupt-tx": RATE, "dup-tx": RATE, "urcs": RATE, "noise": RATE,
	"truncate": { command: false, value: "required" }, "stall": { command: false, value: "none" },
	"searching": { command: false, value: "none" }, "denied": NETWORK, "coverage-lost": NETWORK, "coverage-back": NETWORK,
};

/** Every fault kind the emulator knows. */
const FAULT_KINDS: readonly string[] = Object.freeze(Object.keys(KINDS));

const SYNTAX = /^([a-z-]+)(?:=(\d+(?:\.\d*)?|\.\d+))?(?:@([A-Z0-9+]+)(?:#(\d+))?)?$/;

/** Parses fault specs (separated by spaces or `;`); throws an Error naming what is wrong and what is known. */
export function parseFaults(spec: string | string[] | undefined): Fault[] {
	const specs = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
	return specs.flatMap((s) => s.split(/[\s;]+/)).filter(Boolean).map(parseOne);
}

function parseOne(one: string): Fault {
	const m = SYNTAX.exec(one);
	const kind = /^[a-z-]+/.exec(one)?.[0] ?? one;
	const shape = KINDS[kind];
	if (!shape) throw new Error(`unknown fault "${kind}" (known: ${FAULT_KINDS.join(", ")}; see emulator/README.md)`);
	if (!m) throw new Error(`bad fault "${one}": write ${example(kind, shape)} (see emulator/README.md)`);
	const [, , value, command, nth] = m;
	const wrong = (what: string) => new Error(`bad fault "${one}": ${what}; write ${example(kind, shape)} (see emulator/README.md)`);
	if (shape.command && command === undefined) throw wrong(`${kind} needs @COMMAND`);
	if (!shape.command && command !== undefined) throw wrong(`${kind} takes no @COMMAND`);
	if (shape.value === "required" && value === undefined) throw wrong(`${kind} needs a value`);
	if (shape.value === "none" && value !== undefined) throw wrong(`${kind} takes no value`);
	if (shape.rate && Number(value) > 1) throw wrong("a rate is between 0 and 1");
	const name = command?.replace(/^AT\+/, "");
	if (name !== undefined && !COMMAND_NAMES.includes(name)) {
		throw new Error(`unknown command "${name}" in fault "${one}" (known: ${COMMAND_NAMES.join(", ")}; see emulator/README.md)`);
	}
	return { kind, value: value === undefined ? 0 : Number(value), command: name, nth: nth ? Number(nth) : 0 };
}

function example(kind: string, shape: Shape): string {
	const value = shape.value === "none" ? "" : shape.value === "optional" ? "[=<n>]" : shape.rate ? "=<rate>" : "=<n>";
	return `${kind}${value}${shape.command ? "@<COMMAND>[#n]" : ""}`;
}

/** The faults in force. */
export class FaultSet {
	#faults: Fault[] = [];
	#counts = new Map<string, number>();

	add(faults: Fault[]): void {
		this.#faults.push(...faults);
	}

	clear(): void {
		this.#faults.length = 0;
	}

	/** The fault for this occurrence of `command` (counted here), if any; a fault for the n-th is used once. */
	take(command: string): Fault | undefined {
		const count = (this.#counts.get(command) ?? 0) + 1;
		this.#counts.set(command, count);
		const i = this.#faults.findIndex((f) => f.command === command && (f.nth === 0 || f.nth === count));
		if (i < 0) return undefined;
		const fault = this.#faults[i]!;
		if (fault.nth !== 0) this.#faults.splice(i, 1);
		return fault;
	}

	has(kind: string): boolean {
		return this.#faults.some((f) => f.kind === kind);
	}

	/** The value of the first fault of this kind (a rate, a byte count), 0 without one. */
	rate(kind: string): number {
		return this.#faults.find((f) => f.kind === kind)?.value ?? 0;
	}
}
