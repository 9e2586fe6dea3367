// The download benchmark: a 1 MiB GET in XS on the emulator's virtual clock at 115200 baud, against the
// ideal: the UART time of the minimum exchange in the module's own framing (its reads, each its command,
// the module's turnaround and its answer, no idle gap) plus the `fast` network's latency. One line per
// module and emulator profile.
import type { ModuleName } from "../emulator/models.js";
import { perModule, withXsWorld } from "./xs-world.js";

const SIZE = 1 << 20;
const HEAD = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 1048576\r\ndate: Tue, 24 Nov 2026 00:00:00 GMT\r\nconnection: keep-alive\r\nkeep-alive: timeout=5\r\n\r\n";
const BYTE_MS = 10000 / 115200;
const TURNAROUND_MS = 20; // the emulator's, before each answer
const LATENCY_MS = 5; // the `fast` network's

/** The minimum exchange of each module for a response of `total` bytes (head and body): its reads and the
 *  bytes each costs besides the payload (command and framing), and the request's. */
const IDEAL: Record<ModuleName, { reads(total: number): number; perRead: string[]; request: string[] }> = {
	// AT+QHTTPREAD=1024: `+QHTTPREAD: <n>,<left>`, n bytes, OK; the last read is an empty one.
	bc660k: {
		reads: (total) => Math.ceil(total / 1024) + 1,
		perRead: ["AT+QHTTPREAD=1024\r", "\r\n+QHTTPREAD: 1024,1048576\r\n", "\r\nOK\r\n"],
		request: ["AT+QHTTPGET=60\r", "\r\nOK\r\n", "\r\n+QHTTPGET: 0,200,1048576\r\n"],
	},
	// AT+QHTTPREAD=<wait_time>: the whole response in one CONNECT … OK block, then `+QHTTPREAD: 0`
	// (emulator/bg95.ts's read).
	bg95: {
		reads: () => 1,
		perRead: ["AT+QHTTPREAD=60\r", "\r\nCONNECT\r\n", "\r\nOK\r\n", "\r\n+QHTTPREAD: 0\r\n"],
		request: ["AT+QHTTPGET=60\r", "\r\nOK\r\n", "\r\n+QHTTPGET: 0,200,1048576\r\n"],
	},
};

const uartMs = (texts: string[]) => texts.reduce((n, text) => n + text.length, 0) * BYTE_MS;

// Both emulator profiles; the field profile's ideal adds the module's own time (see below).
export function run(): Promise<object[]> {
	return perModule(async (module) => {
		const lines: object[] = [];
		for (const profile of ["manual", "field"]) lines.push(await runProfile(module, profile));
		return lines;
	});
}

function runProfile(module: ModuleName, profile: string): Promise<object> {
	return withXsWorld("bench-download", "download-xs.js", async (worker) => {
		const reply = JSON.parse(new TextDecoder().decode((await worker.command(`run ${profile}`)).reply));
		if (!reply.ok) throw new Error(`download failed (${module}, ${profile}): ${JSON.stringify(reply)}`);
		const ideal = IDEAL[module];
		const total = SIZE + HEAD.length;
		const perRead = uartMs(ideal.perRead) + TURNAROUND_MS;
		const request = uartMs(ideal.request) + TURNAROUND_MS + LATENCY_MS;
		// The field profile's own time (read pauses, late result URCs, the UART time of its extra blank lines
		// and foreign URCs) is the module's, not ours: the ideal includes it.
		const idealMs = total * BYTE_MS + ideal.reads(total) * perRead + request + (reply.moduleMs ?? 0) + (reply.extraBytes ?? 0) * BYTE_MS;
		return {
			bench: "download", engine: "xs", profile, bytes: reply.bytes,
			actualMs: Math.round(reply.actualMs), idealMs: Math.round(idealMs), moduleMs: Math.round(reply.moduleMs ?? 0),
			efficiency: Math.round((idealMs / reply.actualMs) * 1000) / 1000,
		};
	}, module);
}
