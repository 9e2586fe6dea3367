// `npm start`: runs main.ts in real XS (the xsnap worker) with Node as its hardware.
//   npm start [-- --trace] [--secrets] [--network fast|nbiot] [--fault SPEC]…
//       against the module emulator on a virtual clock and local HTTP/HTTPS servers (CA made on the fly)
//   npm start -- --port PATH [--baud N] [--http ORIGIN] [--https ORIGIN --ca FILE] [--trace]
//       against a real module on a serial port, on real time (needs the optional serialport package)
// Exits 0 when every step of the app succeeded, 1 when one failed, 2 on a usage or setup error (an
// unknown flag or a bad value: the message and the usage on stderr). --help: the usage on stdout, exit 0.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WorkerMissing, XsWorker, workerBinary } from "./worker.js";
import { Emulator, VirtualClock, RealClock } from "../../emulator/index.js";
import { startServers } from "../../emulator/servers.js";
import { DEFAULT_NETWORK, checks, parseOrExit, usageExit, value } from "../../emulator/args.js";
import { AtTrace } from "../trace.js";
import { LinkServer, emulatorLink, type Link } from "./link.js";

const USAGE = `usage: npm start [-- --trace] [--secrets] [--module bc660k|bg95] [--network fast|nbiot] [--fault SPEC]… [--seed N] [--baud N]
       npm start -- --port PATH [--module NAME] [--baud N] [--http ORIGIN] [--https ORIGIN --ca FILE] [--trace] [--secrets]
  --trace          the AT conversation (credentials shown as [redacted] unless --secrets)
  --module NAME    the module: bc660k (default) or bg95 (the BG95/BG77/BG96 dialect), emulated or on --port
  --network NAME   the emulator's network profile: fast or nbiot (default ${DEFAULT_NETWORK}, as in the field)
  --fault SPEC     a fault for the emulator, repeatable (emulator/README.md), e.g. urc=714@QHTTPGET#1
  --port PATH      a real module on a serial port, real time (needs: npm install --no-save serialport)
  --http, --https  with --port: the servers (default http://httpbin.org, https://httpbin.org); --ca FILE: the CA (PEM)`;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

const origin = (text: string) => (/^https?:\/\/[^/\s]+$/.test(text) ? undefined : "not an origin such as http://example.com");
const args = parseOrExit("npm start", USAGE, process.argv.slice(2), {
	"--trace": {},
	"--secrets": {},
	"--module": { value: true, check: (text) => (text === "bc660k" || text === "bg95" ? undefined : "not a module: bc660k or bg95") },
	"--network": { value: true, check: checks.network },
	"--fault": { value: true, repeat: true, check: checks.fault },
	"--seed": { value: true, check: checks.seed },
	"--baud": { value: true, check: checks.baud },
	"--port": { value: true },
	"--http": { value: true, check: origin },
	"--https": { value: true, check: origin },
	"--ca": { value: true },
});
const option = (name: string) => value(args, name);
const options = (name: string) => args.get(name) ?? [];
const flag = (name: string) => args.has(name);
for (const [a, b] of [["--port", "--network"], ["--port", "--fault"], ["--port", "--seed"]] as const) {
	if (flag(a) && flag(b)) usageExit("npm start", `${b} is for the emulator, not with ${a}`, USAGE);
}
for (const name of ["--http", "--https", "--ca"]) if (flag(name) && !flag("--port")) usageExit("npm start", `${name} goes with --port (the emulator brings its own servers)`, USAGE);
const faults = options("--fault");
try {
	workerBinary();
} catch (error) {
	if (!(error instanceof WorkerMissing)) throw error;
	fail(`npm start: ${error.message}`);
}
const baud = Number(option("--baud") ?? 115200);
const module = (option("--module") ?? "bc660k") as "bc660k" | "bg95";

interface Wire {
	link: Link;
	config: Record<string, unknown>;
	describe: string;
	close(): Promise<void>;
}

async function emulated(): Promise<Wire> {
	const servers = await startServers();
	const clock = new VirtualClock();
	const network = (option("--network") ?? DEFAULT_NETWORK) as "fast" | "nbiot";
	const emulator = new Emulator({ clock, baud, network, faults, module, seed: Number(option("--seed") ?? 1) });
	return {
		link: emulatorLink(emulator, clock),
		config: {
			http: `http://127.0.0.1:${servers.http}`, https: `https://127.0.0.1:${servers.https}`, ca: servers.caPem, modemBaud: baud, modemModel: module,
			update: `http://127.0.0.1:${servers.http}/ota/manifest.json?size=131072&seed=16`,
		},
		describe: `the ${module === "bg95" ? "BG95" : "BC660K"} emulator (${network} network, ${baud} baud, virtual time) and local servers on ports ${servers.http} (HTTP) and ${servers.https} (HTTPS)${faults.length ? `\ninjected faults: ${faults.join(", ")}: the emulator fails on purpose where they say (emulator/README.md, fault language)` : ""}`,
		async close() {
			emulator.close();
			await servers.close();
		},
	};
}

async function serialPort(path: string): Promise<Wire> {
	let SerialPort: any;
	try {
		({ SerialPort } = await import("serialport" as string));
	} catch {
		fail("npm start -- --port needs the optional package serialport. Install it with:\n  npm install --no-save serialport");
	}
	const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
	await new Promise<void>((resolve) => port.open((error: Error | null) => (error ? fail(`--port ${path}: ${error.message}`) : resolve())));
	const ca = option("--ca");
	const link: Link = {
		clock: new RealClock(),
		write: (bytes) => port.write(Buffer.from(bytes)),
		onOutput: undefined,
	};
	port.on("data", (data: Buffer) => link.onOutput?.(new Uint8Array(data)));
	port.on("error", (error: Error) => link.onError?.(error.message));
	port.on("close", () => link.onError?.("the port closed"));
	return {
		link,
		config: {
			http: option("--http") ?? "http://httpbin.org",
			https: option("--https") ?? "https://httpbin.org",
			ca: ca ? readCa(ca) : "",
			modemBaud: baud,
			modemModel: module,
		},
		describe: `the module on ${path} at ${baud} baud, real time`,
		async close() {
			port.removeAllListeners("close");
			await new Promise((resolve) => port.close(resolve));
		},
	};
}

function readCa(file: string): string {
	try {
		return readFileSync(file, "utf8");
	} catch (error) {
		fail(`npm start: --ca ${file}: ${(error as Error).message}`);
	}
}

/** The link as seen through the trace: every byte each way goes through AtTrace first. */
function traced(link: Link, trace: AtTrace): Link {
	const seen: Link = {
		clock: link.clock,
		write(bytes) {
			trace.mcu(bytes);
			link.write(bytes);
		},
		onOutput: undefined,
		settle: link.settle && (() => link.settle!()),
	};
	link.onOutput = (bytes) => {
		trace.module(bytes);
		seen.onOutput?.(bytes);
	};
	link.onError = (message) => seen.onError?.(message);
	return seen;
}

const path = option("--port");
const wire = path ? await serialPort(path) : await emulated();
const stamp = () => `[${(wire.link.clock.now() / 1000).toFixed(3).padStart(8)} s]`;
const trace = flag("--trace") ? new AtTrace((line) => console.log(`${stamp()} ${line}`), { secrets: flag("--secrets") }) : undefined;
console.log(`main.ts in XS against ${wire.describe}${trace ? ", AT trace on" : ""}`);

const server = new LinkServer(async (header) => {
	switch (header.op) {
		case "now":
			return [{ now: wire.link.clock.now() }];
		case "config":
			return [{ config: wire.config }];
		case "print":
			trace?.flush();
			console.log(header.line);
			return [{}];
	}
	return undefined;
});
server.attach(trace ? traced(wire.link, trace) : wire.link);

const worker = new XsWorker({
	name: "main",
	echo: true,
	onCommand: (message) => (message[0] === 0 ? server.handle(message.subarray(1)) : new Uint8Array(0)),
});
let code = 2;
try {
	await worker.import(join(dirname(fileURLToPath(import.meta.url)), "run.js"));
	const { reply } = await worker.command("run");
	const report = JSON.parse(new TextDecoder().decode(reply)) as { failed?: number; error?: string };
	trace?.flush();
	if (report.error) console.error(`main.ts: ${report.error}`);
	else if (report.failed && faults.length) console.log(`npm start: ${report.failed} step(s) failed with the injected fault(s) ${faults.join(", ")}: the failure was injected, so the remedy above is what the library tells a user, not a fault of your setup (exit 1)`);
	code = report.error ? 2 : report.failed ? 1 : 0;
} catch (error) {
	console.error(`xs: ${(error as Error).message}`);
} finally {
	await worker.close();
	server.detach();
	await wire.close();
}
process.exit(code);
