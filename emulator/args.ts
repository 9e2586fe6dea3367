// Command-line options as `--name value`, for bc660k-emulator and npm start.

/** The value after the first `name`, if any. */
export function option(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The values after every `name` (a repeatable option). */
export function options(name: string): string[] {
	const values: string[] = [];
	process.argv.forEach((arg, i) => {
		if (arg === name && process.argv[i + 1] !== undefined) values.push(process.argv[i + 1]!);
	});
	return values;
}
