// What a UART delivers during a download: AT+QHTTPREAD frames with binary payload, OK lines and URCs,
// cut into the chunk sizes a UART interrupt hands over. Deterministic, built once before measuring.

export interface Workload {
	bytes: Uint8Array;
	/** Chunk boundaries: chunk i is bytes[cuts[i], cuts[i + 1]). */
	cuts: number[];
	payloadBytes: number;
	frames: number;
	urcs: number;
}

const URCS = ["\r\n+CEREG: 1\r\n", "\r\n+IP: 10.64.2.17\r\n", "\r\n+QHTTPGET: 0,200,1048576\r\n", "\r\n+CTZEU: \"+8\",0,\"2026/11/24,12:00:00\"\r\n"];
const CHUNKS = [128, 128, 64, 128, 100, 17, 128, 96, 1, 128, 72, 128];

export function buildWorkload(minBytes = 1 << 20, seed = 7): Workload {
	const parts: number[] = [];
	const push = (text: string) => {
		for (let i = 0; i < text.length; i++) parts.push(text.charCodeAt(i) & 0xff);
	};
	let state = seed;
	const random = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
	let payloadBytes = 0, frames = 0, urcs = 0;
	let remaining = minBytes;
	while (parts.length < minBytes) {
		if (frames % 8 === 3) {
			push(URCS[urcs % URCS.length]!);
			urcs++;
		}
		const actual = frames % 16 === 15 ? 517 : 1024;
		remaining = Math.max(0, remaining - actual);
		push(`\r\n+QHTTPREAD: ${actual},${remaining}\r\n`);
		for (let i = 0; i < actual; i++) {
			// Binary, with the bytes a line parser trips on: CR, LF, `>`, NUL, "OK".
			const r = random();
			parts.push(r < 8 ? 13 : r < 16 ? 10 : r < 20 ? 0x3e : r < 24 ? 0 : r);
		}
		payloadBytes += actual;
		push("\r\nOK\r\n");
		frames++;
	}
	const bytes = Uint8Array.from(parts);
	const cuts = [0];
	for (let i = 0, at = 0; at < bytes.length; i++) {
		at = Math.min(bytes.length, at + CHUNKS[i % CHUNKS.length]!);
		cuts.push(at);
	}
	return { bytes, cuts, payloadBytes, frames, urcs };
}
