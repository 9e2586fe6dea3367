// `npm start`: runs main.ts in real XS (the xsnap worker) with Node as its hardware.
//   npm start [-- --trace] [--secrets] [--network fast|nbiot] [--fault SPEC]…
//       against the module emulator on a virtual clock and local HTTP/HTTPS servers (CA made on the fly)
//   npm start -- --port PATH [--baud N] [--http ORIGIN] [--https ORIGIN --ca FILE] [--trace]
//       against a real module on a serial port, on real time (needs the optional serialport package)
// Exits 0 when every step of the app succeeded, 1 when one failed, 2 on a usage or setup error.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XsWorker } from "./worker.js";
import { Emulator, VirtualClock, RealClock } from "../../emulator/index.js";
import { startServers } from "../../emulator/servers.js";
import { option, options } from "../../emulator/args.js";
import { AtTrace } from "../trace.js";
import { LinkServer, emulatorLink, type Link } from "./link.js";

const USAGE = `usage: npm start [-- --trace] [--secrets] [--network fast|nbiot] [--fault SPEC]…
       npm start -- --port PATH [--baud N] [--http ORIGIN] [--https ORIGIN --ca FILE] [--trace] [--secrets]`;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

const flag = (name: string) => process.argv.includes(name);
if (flag("--help") || flag("-h")) {
	console.log(USAGE);
	process.exit(0);
}
const baud = Number(option("--baud") ?? 115200);
if (!(Number.isInteger(baud) && baud > 0)) fail(`--baud: "${option("--baud")}" is not a baud rate\n${USAGE}`);

interface Wire {
	link: Link;
	config: Record<string, unknown>;
	describe: string;
	close(): Promise<void>;
}

async function emulated(): Promise<Wire> {
	const servers = await startServers();
	const clock = new VirtualClock();
	const network = option("--network") === "fast" ? "fast" : "nbiot";
	const emulator = new Emulator({ clock, baud, network, faults: options("--fault"), seed: Number(option("--seed") ?? 1) });
	return {
		link: emulatorLink(emulator, clock),
		config: {
			http: `http://127.0.0.1:${servers.http}`, https: `https://127.0.0.1:${servers.https}`, ca: servers.caPem, modemBaud: baud,
			update: `http://127.0.0.1:${servers.http}/ota/manifest.json?size=131072&seed=16`,
		},
		describe: `the BC660K emulator (${network} network, ${baud} baud, virtual time) and local servers on ports ${servers.http} (HTTP) and ${servers.https} (HTTPS)`,
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
			ca: ca ? readFileSync(ca, "utf8") : "",
			modemBaud: baud,
		},
		describe: `the module on ${path} at ${baud} baud, real time`,
		async close() {
			port.removeAllListeners("close");
			await new Promise((resolve) => port.close(resolve));
		},
	};
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
	code = report.error ? 2 : report.failed ? 1 : 0;
} catch (error) {
	console.error(`xs: ${(error as Error).message}`);
} finally {
	await worker.close();
	server.detach();
	await wire.close();
}
process.exit(code);
