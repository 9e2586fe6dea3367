// Command-line options for bc660k-emulator, nbiot-servers and npm start: one table of flags per command,
// parsed by node:util's parseArgs (`--name value` and `--name=value`) and checked before anything starts.
// An unknown flag or a bad value is a UsageError; each command prints it with its usage on stderr and
// exits 2; --help (-h) prints the usage on stdout and exits 0.
import { parseArgs as parseNodeArgs } from "node:util";
import { parseFaults } from "./faults.js";

/** The network profile both commands default to: what a device meets in the field (seconds of latency,
 *  tens of kbit/s), so what works on the desktop works there; `fast` is for tests and quick looks. */
export const DEFAULT_NETWORK = "nbiot";
export const NETWORKS = ["fast", "nbiot"] as const;
export const PROFILES = ["manual", "field"] as const;

/** A flag without a value, or one with a value (checked: return what is wrong, or undefined). */
export interface FlagSpec {
	/** Takes a value (`--name value` or `--name=value`). */
	value?: boolean;
	/** May be given more than once (values collected in order). */
	repeat?: boolean;
	check?(value: string): string | undefined;
}

/** A command's flags, keyed by their spelling with the dashes (`"--pty"`). */
export type FlagTable = Record<string, FlagSpec>;

export class UsageError extends Error {}

/** What was given: each flag's values in order (an empty string for a flag without a value). */
export type Parsed = Map<string, string[]>;

/** Parses argv (without node and the script) against the table; --help and -h are always known. */
export function parseArgs(argv: readonly string[], table: FlagTable): Parsed & { help: boolean } {
	const options: Record<string, { type: "string" | "boolean"; multiple: true; short?: string }> = {
		help: { type: "boolean", multiple: true, short: "h" },
	};
	for (const [flag, spec] of Object.entries(table)) options[flag.slice(2)] = { type: spec.value ? "string" : "boolean", multiple: true };
	let values: Record<string, (string | boolean)[] | undefined>;
	try {
		({ values } = parseNodeArgs({ args: [...argv], options, strict: true, allowPositionals: false }) as { values: typeof values });
	} catch (error) {
		throw new UsageError(usageMessage(error as Error & { code?: string }));
	}
	const parsed = new Map() as Parsed & { help: boolean };
	parsed.help = !!values.help;
	for (const [flag, spec] of Object.entries(table)) {
		const given = values[flag.slice(2)];
		if (!given) continue;
		if (given.length > 1 && !spec.repeat) throw new UsageError(`${flag} is given twice`);
		const texts = given.map((v) => (typeof v === "string" ? v : ""));
		for (const text of texts) {
			if (spec.value && text === "") throw new UsageError(`${flag} needs a value`);
			const wrong = spec.value ? spec.check?.(text) : undefined;
			if (wrong) throw new UsageError(`${flag} ${text}: ${wrong}`);
		}
		parsed.set(flag, texts);
	}
	return parsed;
}

// parseArgs' own messages, in the words of the usage line (the flag first, no quotes around it).
function usageMessage(error: Error & { code?: string }): string {
	const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
	switch (error.code) {
		case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
			return `unknown option ${flag}`;
		case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
			// a value missing, one that looks like a flag (`--fault --trace`), or a value given to a switch
			return error.message.includes("does not take an argument") ? `${flag} takes no value` : `${flag} needs a value`;
		case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
			return `unexpected argument "${/'([^']*)'/.exec(error.message)?.[1]}"`;
	}
	return error.message;
}

/** The value of a flag, if given (the last one). */
export function value(parsed: Parsed, name: string): string | undefined {
	const values = parsed.get(name);
	return values ? values[values.length - 1] : undefined;
}

// Checks shared by the commands.
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
export function parseOrExit(program: string, usage: string, argv: readonly string[], table: FlagTable): Parsed {
	let parsed;
	try {
		parsed = parseArgs(argv, table);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		usageExit(program, error.message, usage);
	}
	if (parsed.help) {
		process.stdout.write(`${usage}\n`);
		process.exit(0);
	}
	return parsed;
}

/** A usage error found after parsing (flags that do not go together): the message and the usage, exit 2. */
export function usageExit(program: string, message: string, usage: string): never {
	process.stderr.write(`${program}: ${message}\n${usage}\n`);
	process.exit(2);
}
