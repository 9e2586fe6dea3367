// The download benchmark: a 1 MiB GET in XS on the emulator's virtual clock at 115200 baud, against the
// ideal: the UART time of the minimum exchange (AT+QHTTPREAD=1024 reads, each its command, the
// module's turnaround and its answer, no idle gap) plus the `fast` network's latency.
import { withXsWorld } from "./xs-world.js";

// Both emulator profiles; the field profile's ideal adds the module's own time (see below).
export async function run(): Promise<object[]> {
	const lines: object[] = [];
	for (const profile of ["manual", "field"]) lines.push(...(await runProfile(profile)));
	return lines;
}

async function runProfile(profile: string): Promise<object[]> {
	return withXsWorld("bench-download", "download-xs.js", async (worker) => {
		const reply = JSON.parse(new TextDecoder().decode((await worker.command(`run ${profile}`)).reply));
		if (!reply.ok) throw new Error(`download failed (${profile}): ${JSON.stringify(reply)}`);
		const size = 1 << 20;
		const head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 1048576\r\ndate: Tue, 24 Nov 2026 00:00:00 GMT\r\nconnection: keep-alive\r\nkeep-alive: timeout=5\r\n\r\n".length;
		const total = size + head;
		const reads = Math.ceil(total / 1024) + 1; // and the last, empty one
		const byteMs = 10000 / 115200;
		const perRead = ("AT+QHTTPREAD=1024\r".length + "\r\n+QHTTPREAD: 1024,1048576\r\n".length + "\r\nOK\r\n".length) * byteMs + 20;
		const request = ("AT+QHTTPGET=60\r".length + "\r\nOK\r\n".length + "\r\n+QHTTPGET: 0,200,1048576\r\n".length) * byteMs + 20 + 5;
		// The field profile's own time (read pauses, late result URCs, the UART time of its extra blank lines
		// and foreign URCs) is the module's, not ours: the ideal includes it.
		const idealMs = total * byteMs + reads * perRead + request + (reply.moduleMs ?? 0) + (reply.extraBytes ?? 0) * byteMs;
		return [{
			bench: "download", engine: "xs", profile, bytes: reply.bytes,
			actualMs: Math.round(reply.actualMs), idealMs: Math.round(idealMs), moduleMs: Math.round(reply.moduleMs ?? 0),
			efficiency: Math.round((idealMs / reply.actualMs) * 1000) / 1000,
		}];
	});
}
