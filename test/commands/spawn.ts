// Running the package's commands in tests: to the end with their output, or until they print a line.
import { spawn, type ChildProcess } from "node:child_process";

export interface Ran {
	code: number | null;
	out: string;
	err: string;
}

/** Runs a Node program to its end (no standard input), collecting what it prints. */
export function runNode(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
		let out = "", err = "";
		child.stdout.on("data", (d: Buffer) => (out += d));
		child.stderr.on("data", (d: Buffer) => (err += d));
		child.on("exit", (code) => resolve({ code, out, err }));
	});
}

/** Resolves with the child's output once it holds `text`; rejects if the child exits first. */
export function printed(child: ChildProcess, text: string): Promise<string> {
	return new Promise((resolve, reject) => {
		let seen = "";
		child.stdout!.on("data", (d: Buffer) => {
			seen += d;
			if (seen.includes(text)) resolve(seen);
		});
		child.once("exit", (code) => reject(new Error(`exited with ${code} before printing "${text}": ${seen}`)));
	});
}
