// What a command handler sees of the emulated module: its settings (kept or not across a reboot), its
// parts (UART, radio, USIM) and the few services the interpreter gives it. A handler is one row of a
// command table: a name, the manual's chapter, and a function from the command line to the answer.
import type { Clock } from "./clock.js";
import type { Fault, FaultSet } from "./faults.js";
import type { Http } from "./http.js";
import type { Model } from "./models.js";
import type { EmulatorOptions, FieldSwitches } from "./options.js";
import type { Radio } from "./radio.js";
import type { Sim } from "./sim.js";
import type { Uart } from "./uart.js";

/** Settings saved to NVRAM (the manual's "saved to NVRAM automatically"): a reboot keeps these. */
export interface Nvram {
	cereg: number;
	creg: number;
	cscon: number;
	event: number;
	baud: number;
	psm: { mode: number; tau: string; active: string };
	edrx: { mode: number; value: string; ptw: string };
	apn: { type: string; apn: string; user: string; password: string; auth: number };
	/** The contexts AT+CGDCONT or AT+QICSGP defined (their user and password: AT+QICSGP's). */
	contexts: Map<number, { type: string; apn: string; user?: string; password?: string; auth?: number }>;
	/** AT+COPS: the saved <mode> (0, 1 or 4), <format>, the operator of a manual selection. */
	cops: { mode: number; format: number; oper: string };
	/** AT+QBAND's bands. */
	bands: number[];
	/** AT+QLOCKF: mode 1's EARFCN and PCI (-1: none), mode 2's preferred EARFCNs. */
	lock: { earfcn: number; pci: number; preferred: number[] };
	/** AT+CIPCA's <attach_without_PDN>. */
	attachWithoutPdn: number;
	/** AT+QEMMTIMER's <bitmap>: which EMM timers report URCs (bit 2: T3412). */
	emmTimers: number;
	/** AT+CCIOTOPT's <n>, <supported_UE_opt>, <preferred_UE_opt>. */
	ciotopt: number[];
	/** Integer settings that only store their values: the command's name → its values. */
	plain: Map<string, number[]>;
	/** Certificates (BC660K: AT+QSSLCFG's "cacert", "clientcert", "clientkey", which its note keeps). */
	certs: Map<string, string>;
	/** The BG95's file system (UFS): name → contents. */
	files: Map<string, Uint8Array>;
}

/** One command line as the interpreter hands it to a handler. */
export interface Call {
	/** What follows the command's name, upper case ("=?", "?", "=1,2", ""). */
	args: string;
	/** The same as typed (quoted strings keep their case). */
	raw: string;
	/** The fault given for this command, if any (prompt, result code or lateness). */
	fault: Fault | undefined;
}

export interface Module {
	/** Which module this is: its commands, identity, contexts, boot. */
	readonly model: Model;
	readonly options: EmulatorOptions;
	readonly field: FieldSwitches;
	readonly clock: Clock;
	readonly nv: Nvram;
	/** State not saved to NVRAM (a reboot forgets it), by command name: settings, a test under way. */
	readonly volatile: Map<string, unknown>;
	readonly uart: Uart;
	readonly radio: Radio;
	readonly sim: Sim;
	readonly http: Http;
	readonly faults: FaultSet;
	echo: boolean;
	random(): number;
	trace(line: string): void;
	/** An unsolicited line (lost in data mode). */
	urc(text: string): void;
	/** A final answer (with its information lines), `late` ms later than the turnaround. */
	reply(text: string, late?: number): void;
	/** Runs `fn` when the answer being given has left the UART. */
	afterAnswer(fn: () => void): void;
	/** Restarts the module: RDY, and the settings not saved to NVRAM forgotten. */
	reboot(functionality?: number): void;
}

/** A row of a command table: `run` returns the final answer (information lines before it), or undefined
 *  when the command answers later (data mode, a request). */
export interface Command {
	/** As faults name it: `AT`, `ATE`, `ATI`, or the extended name without `AT+` (`CEREG`). */
	name: string;
	/** The chapter of the document that defines it ("4.1" of the AT Commands Manual, "HTTP 2.3.3"…). */
	chapter: string;
	run(call: Call, m: Module): string | undefined;
}

/** State of `key` not saved to NVRAM, made by `make` after each reboot. */
export function volatile<T>(m: Module, key: string, make: () => T): T {
	let value = m.volatile.get(key) as T | undefined;
	if (value === undefined) m.volatile.set(key, (value = make()));
	return value;
}

/** An information block and its OK: the lines, a blank line, OK. */
export function ok(...lines: string[]): string {
	return lines.length ? `${lines.join("\r\n")}\r\n\r\nOK` : "OK";
}

/** One parameter of a write form: its text (quotes removed) and whether it was quoted; undefined when
 *  empty (`1,,3`). */
export type Field = { text: string; quoted: boolean } | undefined;

/** The parameters of a write form (`=a,"b",,c`), or undefined when it is not one or is malformed (an
 *  unclosed quote). Quoted text keeps its case when taken from Call.raw. */
export function fields(args: string): Field[] | undefined {
	if (!args.startsWith("=") || args === "=?") return undefined;
	const out: Field[] = [];
	let i = 1;
	for (;;) {
		if (args[i] === "\"") {
			const close = args.indexOf("\"", i + 1);
			if (close < 0) return undefined;
			out.push({ text: args.slice(i + 1, close), quoted: true });
			i = close + 1;
		} else {
			const comma = args.indexOf(",", i);
			const text = (comma < 0 ? args.slice(i) : args.slice(i, comma)).trim();
			out.push(text ? { text, quoted: false } : undefined);
			i = comma < 0 ? args.length : comma;
		}
		if (i >= args.length) return out;
		if (args[i] !== ",") return undefined;
		i++;
	}
}

/** A field as a whole number in [min, max]; NaN when absent, quoted, not a number or out of range. */
export function int(field: Field, min: number, max: number): number {
	if (!field || field.quoted || !/^-?\d+$/.test(field.text)) return NaN;
	const n = Number(field.text);
	return n >= min && n <= max ? n : NaN;
}

/** The one whole-number parameter of a write form (`=5`) in [min, max]; NaN otherwise. */
export function single(args: string, min: number, max: number): number {
	const f = fields(args);
	return f?.length === 1 ? int(f[0], min, max) : NaN;
}

/** A list of allowed values as the manual's test forms print it: `(0-3)` for a run of three or more,
 *  else `(0,1)`. */
export function range(values: readonly number[]): string {
	const run = values.length >= 3 && values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
	return `(${run ? `${values[0]}-${values[values.length - 1]}` : values.join(",")})`;
}

/** `range` of the whole numbers from `min` to `max`: `(0,1)`, `(0-4)`, `(10-300)`. */
export function span(min: number, max: number): string {
	return range(Array.from({ length: max - min + 1 }, (_, i) => min + i));
}

/** A command whose parameters are whole numbers that are only stored: the test form lists `values` (one
 *  list per parameter), the read form prints them, the write form takes the first `required` or more.
 *  `saved`: kept in NVRAM across reboots. `value(m)` reads them. */
export function setting(name: string, chapter: string, spec: { values: number[][]; defaults: number[]; saved: boolean; required?: number; test?: string }): Command & { value(m: Module): number[] } {
	const store = (m: Module) => (spec.saved ? m.nv.plain : m.volatile as Map<string, number[]>);
	const value = (m: Module) => store(m).get(name) ?? spec.defaults;
	return {
		name,
		chapter,
		value,
		run({ args }, m) {
			if (args === "=?") return ok(`+${name}: ${spec.test ?? spec.values.map(range).join(",")}`);
			if (args === "?") return ok(`+${name}: ${value(m).join(",")}`);
			const given = fields(args);
			if (!given || given.length < (spec.required ?? spec.values.length) || given.length > spec.values.length) return "ERROR";
			const values = given.map((f, i) => {
				const n = int(f, -1e9, 1e9);
				return spec.values[i]!.includes(n) ? n : NaN;
			});
			if (values.some(Number.isNaN)) return "ERROR";
			const old = value(m);
			store(m).set(name, spec.values.map((_, i) => values[i] ?? old[i]!));
			return "OK";
		},
	};
}
