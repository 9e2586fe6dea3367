// A minimal driver for the xsnap worker that @agoric/xsnap builds from Moddable's XS sources.
// It speaks the worker's netstring protocol directly (fd 3 to the worker, fd 4 from it), so the
// Node process stays a plain Node process (the package's own API needs SES lockdown).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { type } from "node:os";
import { dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";

export interface Meter {
	compute: number;
	allocate: number;
	currentHeapCount: number;
	timestamps: number[];
}

export interface Reply {
	reply: Uint8Array;
	meter: Meter;
}

/** Answers the worker's synchronous `issueCommand(buffer)`. */
export type CommandHandler = (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

// Where @agoric/xsnap's install script builds the worker: Moddable's name for the build platform
// (its src/build.js and src/xsnap.js map os.type() the same way).
const PLATFORMS: Record<string, string> = { Linux: "lin", Darwin: "mac" };

export class WorkerMissing extends Error {}

/** The xsnap-worker binary for this OS, or a WorkerMissing that says what to do. The arguments stand in
 *  for os.type() and the installed package's folder (tests). */
export function workerBinary(osType = type(), packageDir?: string): string {
	const platform = PLATFORMS[osType];
	if (!platform) throw new WorkerMissing(`@agoric/xsnap builds the XS engine for Linux and macOS only, not for ${osType}: run npm start and npm test on one of those (on Windows, in WSL)`);
	let pkg = packageDir;
	if (pkg === undefined) {
		try {
			pkg = dirname(createRequire(import.meta.url).resolve("@agoric/xsnap/package.json"));
		} catch {
			throw new WorkerMissing("the XS engine's package @agoric/xsnap is not installed: run `npm install` (or `npm ci`) in the nbiot-http folder");
		}
	}
	const binary = join(pkg, "xsnap-native", "xsnap", "build", "bin", platform, "release", "xsnap-worker");
	if (!existsSync(binary)) {
		throw new WorkerMissing(`the XS engine was not built (${binary} is missing): its install script needs a C compiler and make; run \`npm rebuild @agoric/xsnap\` and read its output`);
	}
	return binary;
}

export class XsWorker {
	#process: ChildProcess;
	#toWorker: Writable;
	#pending = Buffer.alloc(0);
	#waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;
	#queue: Promise<unknown> = Promise.resolve();
	#onCommand: CommandHandler;
	#exited: Error | undefined;
	stdout = "";

	constructor(options: { name?: string; onCommand?: CommandHandler; echo?: boolean } = {}) {
		this.#onCommand = options.onCommand ?? (() => new Uint8Array(0));
		this.#process = spawn(workerBinary(), [options.name ?? "xs", "-l", "0"], {
			stdio: ["ignore", "pipe", "inherit", "pipe", "pipe"],
		});
		const stdio = this.#process.stdio;
		this.#toWorker = stdio[3] as Writable;
		(stdio[1] as Readable).on("data", (chunk: Buffer) => {
			const text = chunk.toString();
			this.stdout += text;
			if (options.echo) process.stdout.write(text);
		});
		(stdio[4] as Readable).on("data", (chunk: Buffer) => this.#receive(chunk));
		this.#process.on("exit", (code, signal) => {
			this.#exited = new Error(`xsnap worker exited (${signal ?? code})`);
			this.#waiting?.reject(this.#exited);
			this.#waiting = undefined;
		});
	}

	#send(prefix: string, body: Uint8Array = new Uint8Array(0)): void {
		const length = prefix.length + body.length;
		this.#toWorker.write(Buffer.concat([Buffer.from(`${length}:${prefix}`), body, Buffer.from(",")]));
	}

	#receive(chunk: Buffer): void {
		this.#pending = Buffer.concat([this.#pending, chunk]);
		for (;;) {
			const colon = this.#pending.indexOf(58);
			if (colon < 0) return;
			const length = Number(this.#pending.subarray(0, colon).toString());
			if (this.#pending.length < colon + length + 2) return;
			const message = this.#pending.subarray(colon + 1, colon + 1 + length);
			this.#pending = this.#pending.subarray(colon + length + 2);
			this.#dispatch(new Uint8Array(message));
		}
	}

	#dispatch(message: Uint8Array): void {
		const kind = String.fromCharCode(message[0]!);
		const body = message.subarray(1);
		if (kind === "?") {
			Promise.resolve()
				.then(() => this.#onCommand(body))
				.then((answer) => this.#send("/", answer), (error: Error) => {
					this.#send("/", new TextEncoder().encode(JSON.stringify({ error: String(error?.stack ?? error) })));
				});
			return;
		}
		const waiting = this.#waiting;
		this.#waiting = undefined;
		if (!waiting) return;
		if (kind === ".") {
			const separator = body.indexOf(1);
			const meter = separator >= 0 ? JSON.parse(new TextDecoder().decode(body.subarray(0, separator))) : {};
			waiting.resolve({ reply: body.subarray(separator + 1), meter });
		} else {
			waiting.reject(new Error(`XS: ${new TextDecoder().decode(body)}`));
		}
	}

	#deliver(prefix: string, body?: Uint8Array): Promise<Reply> {
		const result = this.#queue.then(() => new Promise<Reply>((resolve, reject) => {
			if (this.#exited) return reject(this.#exited);
			this.#waiting = { resolve, reject };
			this.#send(prefix, body);
		}));
		this.#queue = result.catch(() => undefined);
		return result;
	}

	/** Imports an ES module file (absolute path) into the worker. */
	import(path: string): Promise<Reply> {
		return this.#deliver("m", new TextEncoder().encode(path));
	}

	evaluate(code: string): Promise<Reply> {
		return this.#deliver("e", new TextEncoder().encode(code));
	}

	/** Calls the worker's globalThis.handleCommand(buffer). */
	command(body: Uint8Array | string): Promise<Reply> {
		return this.#deliver("?", typeof body === "string" ? new TextEncoder().encode(body) : body);
	}

	async close(): Promise<void> {
		if (this.#exited) return;
		const exited = new Promise((resolve) => this.#process.once("exit", resolve));
		this.#send("q");
		this.#toWorker.end();
		await exited;
	}
}
