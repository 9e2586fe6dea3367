#!/usr/bin/env node
// bc660k-emulator: the emulated module on a pseudo-terminal (for Moddable's Linux serial, screen…) or
// a TCP port, on real time.
//   bc660k-emulator --pty PATH [--baud N] [--network fast|nbiot] [--profile manual|field] [--fault SPEC]… [--trace] [--seed N]
//   bc660k-emulator --tcp PORT [same options]
import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { Emulator, RealClock } from "./index.js";
import { option, options } from "./args.js";

// Makes a raw pty pair, links its slave at PATH, and relays the master to stdin/stdout.
const RELAY = `
import os, pty, select, sys, tty
path = sys.argv[1]
master, slave = pty.openpty()
tty.setraw(slave)
tty.setraw(master)
name = os.ttyname(slave)
try: os.unlink(path)
except FileNotFoundError: pass
os.symlink(name, path)
sys.stderr.write(name + "\\n"); sys.stderr.flush()
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
finally:
    try: os.unlink(path)
    except OSError: pass
`;

const pty = option("--pty");
const tcp = option("--tcp");
if (!pty && !tcp) {
	console.error("usage: bc660k-emulator --pty PATH | --tcp PORT [--baud N] [--network fast|nbiot] [--profile manual|field] [--fault SPEC]… [--trace] [--seed N]");
	process.exit(2);
}
const network = option("--network") === "nbiot" ? "nbiot" : "fast";
const emulator = new Emulator({
	clock: new RealClock(),
	baud: Number(option("--baud") ?? 115200),
	network,
	profile: option("--profile") === "field" ? "field" : "manual",
	seed: Number(option("--seed") ?? 1),
	faults: options("--fault"),
	trace: process.argv.includes("--trace") ? (line) => console.log(line) : undefined,
});

let stop: () => void = () => process.exit(0);
if (pty) {
	const relay = spawn("python3", ["-c", RELAY, pty], { stdio: ["pipe", "pipe", "pipe"] });
	relay.stderr.once("data", (name: Buffer) => console.log(`bc660k-emulator: listening on ${pty} (${name.toString().trim()}), ${network} network`));
	relay.stdout.on("data", (data: Buffer) => emulator.input(new Uint8Array(data)));
	emulator.onOutput = (bytes) => relay.stdin.write(bytes);
	relay.on("exit", (code) => {
		if (code) console.error(`bc660k-emulator: the pty relay (python3) exited with ${code}`);
		process.exit(code ? 1 : 0);
	});
	stop = () => relay.stdin.end();
} else {
	let client: Socket | undefined;
	const server = createServer((socket) => {
		client?.destroy();
		client = socket;
		socket.on("data", (data: Buffer) => emulator.input(new Uint8Array(data)));
	});
	emulator.onOutput = (bytes) => client?.write(bytes);
	server.listen(Number(tcp), "127.0.0.1", () => console.log(`bc660k-emulator: listening on tcp 127.0.0.1:${tcp}, ${network} network`));
	stop = () => {
		client?.destroy();
		server.close(() => process.exit(0));
	};
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
