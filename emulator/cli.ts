#!/usr/bin/env node
// bc660k-emulator: the emulated module on a pseudo-terminal (for Moddable's Linux serial, screen…) or
// a TCP port, on real time.
//   bc660k-emulator --pty PATH [--baud N] [--network fast|nbiot] [--profile manual|field] [--fault SPEC]… [--trace] [--seed N]
//   bc660k-emulator --tcp PORT [same options]
// Every argument is checked first: an unknown flag or a bad value prints the message and the usage on
// stderr and exits 2; --help prints the usage on stdout and exits 0. SIGINT, SIGTERM and SIGHUP stop it
// (the pty link removed, the relay ended, exit 0), and so does its parent going away: `npx` runs it
// through `sh -c`, and a SIGTERM to npx ends that shell without passing the signal on.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { dirname, resolve } from "node:path";
import { Emulator, RealClock } from "./index.js";
import { MODULE_NAMES, type ModuleName } from "./models.js";
import { DEFAULT_NETWORK, checks, parseOrExit, usageExit, value } from "./args.js";

const USAGE = `usage: bc660k-emulator --pty PATH | --tcp PORT [--baud N] [--network fast|nbiot] [--module bc660k|bg95] [--fault SPEC]… [--strict-prompt] [--trace] [--seed N]
  --pty PATH       a pseudo-terminal linked at PATH (removed on exit), for Moddable's Linux serial or screen
  --tcp PORT       a TCP port on 127.0.0.1 instead
  --baud N         UART pacing, default 115200
  --network NAME   fast or nbiot (default ${DEFAULT_NETWORK}: NB-IoT latencies and rates, as in the field)
  --profile NAME   manual (the manual's answers, default) or field (what real modules add: echo, blank
                   lines, late answers and URCs, read pauses…; emulator/README.md)
  --module NAME    bc660k (default) or bg95 (the BG95/BG77/BG96 HTTP(S) dialect)
  --fault SPEC     a fault, repeatable (the language is in emulator/README.md), e.g. urc=714@QHTTPGET#1
  --strict-prompt  lose bytes sent within 500 ms of \`>\` (the manual's switch to data mode; real modules keep them)
  --trace          print the AT conversation
  --seed N         seed of the seeded faults, default 1`;

const args = parseOrExit("bc660k-emulator", USAGE, process.argv.slice(2), {
	"--pty": { value: true },
	"--tcp": { value: true, check: checks.port },
	"--baud": { value: true, check: checks.baud },
	"--network": { value: true, check: checks.network },
	"--profile": { value: true, check: checks.profile },
	"--module": { value: true, check: (text) => ((MODULE_NAMES as readonly string[]).includes(text) ? undefined : `not a module: ${MODULE_NAMES.join(" or ")}`) },
	"--fault": { value: true, repeat: true, check: checks.fault },
	"--trace": {},
	"--seed": { value: true, check: checks.seed },
	"--strict-prompt": {},
});
const option = (name: string) => value(args, name);
const options = (name: string) => args.get(name) ?? [];

// Makes a raw pty pair, links its slave at PATH, and relays the master to stdin/stdout. Its first line on
// stderr is "ok <tty>" or "error <what>": the command prints that, never a Python traceback.
const RELAY = `
import os, pty, select, sys, tty
path = sys.argv[1]
try:
    master, slave = pty.openpty()
    tty.setraw(slave)
    tty.setraw(master)
    name = os.ttyname(slave)
    if os.path.islink(path): os.unlink(path)
    os.symlink(name, path)
except OSError as error:
    sys.stderr.write("error " + (error.strerror or str(error)) + "\\n"); sys.stderr.flush()
    sys.exit(1)
sys.stderr.write("ok " + name + "\\n"); sys.stderr.flush()
out = sys.stdout.buffer
try:
    while True:
        ready, _, _ = select.select([master, 0], [], [])
        if master in ready:
            try: data = os.read(master, 4096)
            except OSError: data = b""
            if data: out.write(data); out.flush()
        if 0 in ready:
            data = os.read(0, 4096)
            if not data: break
            os.write(master, data)
except KeyboardInterrupt:
    pass
finally:
    try: os.unlink(path)
    except OSError: pass
`;

/** Why PATH cannot be the emulator's pty, or undefined. A link to a pty that still exists belongs to a
 *  running emulator (or another program): taking it over would silently cut that one's link. */
function ptyPathProblem(path: string): string | undefined {
	const dir = dirname(resolve(path));
	if (!existsSync(dir)) return `the folder ${dir} does not exist`;
	let link;
	try {
		link = lstatSync(path);
	} catch {
		return undefined; // free
	}
	if (!link.isSymbolicLink()) return "exists and is not a pty link: give a path that is free (the emulator makes the link)";
	const target = readlinkSync(path);
	if (existsSync(target)) return `is taken: it links to ${target}, a pty still open (another bc660k-emulator?). Stop that one first, or give another path`;
	return undefined; // a link left by an emulator that was killed: replaced
}

/** The relay is a small python3 program (Node has no pty API): say so when python3 is missing. */
function hasPython(): boolean {
	return !spawnSync("python3", ["-c", ""], { stdio: "ignore" }).error;
}

const pty = option("--pty");
const tcp = option("--tcp");
if (!pty === !tcp) usageExit("bc660k-emulator", "give one of --pty PATH or --tcp PORT", USAGE);
const network = (option("--network") ?? DEFAULT_NETWORK) as "fast" | "nbiot";
const emulator = new Emulator({
	clock: new RealClock(),
	baud: Number(option("--baud") ?? 115200),
	network,
	profile: (option("--profile") ?? "manual") as "manual" | "field",
	module: (option("--module") ?? "bc660k") as ModuleName,
	seed: Number(option("--seed") ?? 1),
	faults: options("--fault"),
	strictPrompt: args.has("--strict-prompt"),
	trace: args.has("--trace") ? (line) => console.log(line) : undefined,
});

let stop: () => void = () => process.exit(0);
if (pty) {
	const problem = ptyPathProblem(pty);
	if (problem) usageExit("bc660k-emulator", `--pty ${pty}: ${problem}`, USAGE);
	if (!hasPython()) {
		console.error("bc660k-emulator: --pty needs python3 on the PATH (a small python3 program makes the pseudo-terminal); install python3 (Debian: apt-get install python3), or use --tcp PORT");
		process.exit(1);
	}
	const relay = spawn("python3", ["-c", RELAY, pty], { stdio: ["pipe", "pipe", "pipe"] });
	relay.stderr.once("data", (line: Buffer) => {
		const [status, ...rest] = line.toString().trim().split(" ");
		if (status === "ok") console.log(`bc660k-emulator: listening on ${pty} (${rest.join(" ")}), ${network} network`);
		else console.error(`bc660k-emulator: --pty ${pty}: ${rest.join(" ")}`);
	});
	relay.stdout.on("data", (data: Buffer) => emulator.input(new Uint8Array(data)));
	emulator.onOutput = (bytes) => relay.stdin.write(bytes);
	relay.on("error", (error) => {
		console.error(`bc660k-emulator: cannot start the pty relay (python3): ${error.message}`);
		process.exit(1);
	});
	relay.on("exit", (code) => process.exit(code ? 1 : 0));
	stop = () => {
		relay.stdin.end(); // the relay removes the link and exits; then so do we
		setTimeout(() => relay.kill("SIGTERM"), 2000).unref();
	};
} else {
	let client: Socket | undefined;
	const server = createServer((socket) => {
		client?.destroy();
		client = socket;
		socket.on("data", (data: Buffer) => emulator.input(new Uint8Array(data)));
	});
	emulator.onOutput = (bytes) => client?.write(bytes);
	server.on("error", (error) => {
		console.error(`bc660k-emulator: --tcp ${tcp}: ${error.message}`);
		process.exit(1);
	});
	server.listen(Number(tcp), "127.0.0.1", () => console.log(`bc660k-emulator: listening on tcp 127.0.0.1:${tcp}, ${network} network`));
	stop = () => {
		client?.destroy();
		server.close(() => process.exit(0));
	};
}
let stopping = false;
const stopOnce = () => {
	if (stopping) return;
	stopping = true;
	stop();
};
process.on("SIGINT", stopOnce);
process.on("SIGTERM", stopOnce);
process.on("SIGHUP", stopOnce);
// Orphaned (the shell npx ran us in was killed): stop as if signalled.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) stopOnce();
}, 250).unref();
