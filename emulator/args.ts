// Command-line options as `--name value`, for bc660k-emulator and npm start: one table of flags per
// command, checked before anything starts. An unknown flag or a bad value is a UsageError; each command
// prints it with its usage on stderr and exits 2; --help (-h) prints the usage on stdout and exits 0.
import { parseFaults } from "./faults.js";

/** The network profile both commands default to: what a device meets in the field (seconds of latency,
 *  tens of kbit/s), so what works on the desktop works there; `fast` is for tests and quick looks. */
export const DEFAULT_NETWORK = "nbiot";
export const NETWORKS = ["fast", "nbiot"] as const;
export const PROFILES = ["manual", "field"] as const;

/** A flag without a value, or one with a value (checked: return what is wrong, or undefined). */
export interface FlagSpec {
	/** Takes a value (`--name value`). */
	value?: boolean;
	/** May be given more than once (values collected in order). */
	repeat?: boolean;
	check?(value: string): string | undefined;
}

export class UsageError extends Error {}

export type Parsed = Map<string, string[]>;

/** Parses argv (without node and the script) against the table; --help and -h are always known. */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): Parsed & { help: boolean } {
	const parsed = new Map<string, string[]>() as Parsed & { help: boolean };
	parsed.help = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === "--help" || arg === "-h") {
			parsed.help = true;
			continue;
		}
		const flag = spec[arg];
		if (!flag) throw new UsageError(arg.startsWith("-") ? `unknown option ${arg}` : `unexpected argument "${arg}"`);
		const values = parsed.get(arg) ?? [];
		if (values.length && !flag.repeat) throw new UsageError(`${arg} is given twice`);
		if (flag.value) {
			const value = argv[++i];
			if (value === undefined || (value.startsWith("--") && value.length > 2)) throw new UsageError(`${arg} needs a value`);
			const wrong = flag.check?.(value);
			if (wrong) throw new UsageError(`${arg} ${value}: ${wrong}`);
			values.push(value);
		} else values.push("");
		parsed.set(arg, values);
	}
	return parsed;
}

/** The value of a flag, if given (the last one). */
export function value(parsed: Parsed, name: string): string | undefined {
	const values = parsed.get(name);
	return values ? values[values.length - 1] : undefined;
}

// Checks shared by both commands.
export const checks = {
	baud(text: string): string | undefined {
		return /^[1-9]\d{0,7}$/.test(text) ? undefined : "not a baud rate (a whole number such as 115200)";
	},
	network(text: string): string | undefined {
		return (NETWORKS as readonly string[]).includes(text) ? undefined : `not a network profile: ${NETWORKS.join(" or ")}`;
	},
	profile(text: string): string | undefined {
		return (PROFILES as readonly string[]).includes(text) ? undefined : `not an emulator profile: ${PROFILES.join(" or ")}`;
	},
	port(text: string): string | undefined {
		return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535 ? undefined : "not a TCP port (1–65535)";
	},
	seed(text: string): string | undefined {
		return /^\d{1,9}$/.test(text) ? undefined : "not a seed (a whole number)";
	},
	fault(text: string): string | undefined {
		let faults;
		try {
			faults = parseFaults(text);
		} catch (error) {
			return (error as Error).message;
		}
		if (!faults.length) return "an empty fault";
		return undefined;
	},
};

/** Prints the usage error and the usage on stderr, exit 2; or, for --help, the usage on stdout, exit 0. */
export function parseOrExit(program: string, usage: string, argv: readonly string[], spec: Record<string, FlagSpec>): Parsed {
	let parsed;
	try {
		parsed = parseArgs(argv, spec);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`${program}: ${error.message}\n${usage}\n`);
		process.exit(2);
	}
	if (parsed.help) {
		process.stdout.write(`${usage}\n`);
		process.exit(0);
	}
	return parsed;
}

/** The value after the first `name` in process.argv, if any (read after parseOrExit has checked it). */
export function option(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The values after every `name` in process.argv (a repeatable option). */
export function options(name: string): string[] {
	const values: string[] = [];
	process.argv.forEach((arg, i) => {
		if (arg === name && process.argv[i + 1] !== undefined) values.push(process.argv[i + 1]!);
	});
	return values;
}
