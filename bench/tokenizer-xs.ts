// Runs inside the XS worker: our ring and tokenizer against a typical string-based parser, over the
// same chunks. Each run leaves its figures in `last` (preallocated) so that a measured run creates
// nothing but what the parser itself creates.
import { ByteRing } from "../modules/at/ring.js";
import { Tokenizer } from "../modules/at/tokenizer.js";
import { Token } from "../modules/at/tokens.js";
import { buildWorkload, type Workload } from "./workload.js";

declare function gc(): void;

/** A serial that hands out the workload's chunks, copying into the reader's buffer: no allocation per chunk. */
class ChunkSource {
	views: Uint8Array[];
	index = 0;
	constructor(workload: Workload) {
		// Views made once, before measuring; read() copies natively with set().
		this.views = [];
		for (let i = 0; i + 1 < workload.cuts.length; i++) this.views.push(workload.bytes.subarray(workload.cuts[i], workload.cuts[i + 1]));
	}
	pending = false;
	read(buffer?: number | ArrayBuffer | ArrayBufferView): number | undefined {
		if (!this.pending) return undefined;
		this.pending = false;
		const view = this.views[this.index++]!;
		(buffer as Uint8Array).set(view);
		return view.length;
	}
}

const last = { ms: 0, payload: 0, oks: 0, infos: 0 };
let workload: Workload;
let source: ChunkSource;
let ring: ByteRing;
let tokenizer: Tokenizer;
let readName: Uint8Array;

function ours(): void {
	const start = performance.now();
	const src = source;
	const tok = tokenizer;
	const r = ring;
	src.index = 0;
	let payload = 0, oks = 0, infos = 0;
	tok.expectPayload(readName);
	const chunks = src.views.length;
	const views = src.views;
	for (let c = 0; c < chunks; c++) {
		// onReadable(count), as the chat handles it: read what the serial announced, then the tokens,
		// except while a payload gathers (more of it to come, and room for the next read behind it).
		src.pending = true;
		for (let left = views[c]!.length; left > 0;) {
			const took = r.fill(src);
			if (!took) break;
			left -= took;
		}
		if (tok.payloadRemaining > r.tail - r.head && r.capacity - r.tail >= r.chunk) continue;
		while (r.head < r.tail) { // as the chat's loop: an empty ring has no token
			const kind = tok.next();
			if (kind === Token.NONE) break;
			if (kind === Token.PAYLOAD) payload += tok.end - tok.start;
			else if (kind === Token.OK) {
				oks++;
				tok.expectPayload(readName); // the next AT+QHTTPREAD
			} else if (kind === Token.INFO) infos++;
		}
	}
	last.ms = performance.now() - start;
	last.payload = payload;
	last.oks = oks;
	last.infos = infos;
}

// The floor: the same reads into the ring with nothing tokenized (everything consumed at once), the
// share of our time that is the serial read and the copy, whatever the tokenizer does.
function floor(): void {
	const start = performance.now();
	const src = source;
	const r = ring;
	src.index = 0;
	const chunks = src.views.length;
	const views = src.views;
	for (let c = 0; c < chunks; c++) {
		src.pending = true;
		for (let left = views[c]!.length; left > 0;) {
			const took = r.fill(src);
			if (!took) break;
			left -= took;
		}
		r.consume(r.tail - r.head);
	}
	last.ms = performance.now() - start;
}

// The parser most firmware starts with: decode each chunk to a string, append, split on CR LF,
// match lines with regular expressions, and cut the payload out of the string by its count.
function baseline(): void {
	const start = performance.now();
	const src = source;
	src.index = 0;
	const chunks = src.views.length;
	const buffer = new Uint8Array(256);
	let text = "";
	let need = 0;
	let payload = 0, oks = 0, infos = 0;
	const read = /^\+QHTTPREAD: (\d+),(\d+)$/;
	const info = /^\+([A-Z]+): ?(.*)$/;
	for (let c = 0; c < chunks; c++) {
		src.pending = true; // the same serial, read the same way
		const count = src.read(buffer)!;
		text += String.fromCharCode.apply(null, buffer.subarray(0, count) as unknown as number[]);
		for (;;) {
			if (need > 0) {
				const take = Math.min(need, text.length);
				const data = text.slice(0, take);
				payload += data.length;
				need -= take;
				text = text.slice(take);
				if (need > 0) break;
				continue;
			}
			const end = text.indexOf("\r\n");
			if (end < 0) break;
			const line = text.slice(0, end);
			text = text.slice(end + 2);
			if (!line.length) continue;
			if (line === "OK") oks++;
			else {
				const m = read.exec(line);
				if (m) {
					need = parseInt(m[1]!, 10);
					infos++;
				} else if (info.test(line)) infos++;
			}
		}
	}
	last.ms = performance.now() - start;
	last.payload = payload;
	last.oks = oks;
	last.infos = infos;
}

const reply = new Uint8Array(0);
function answer(text: string): ArrayBuffer {
	return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

(globalThis as { handleCommand?: (m: ArrayBuffer) => ArrayBuffer }).handleCommand = (message: ArrayBuffer) => {
	const op = new Uint8Array(message)[0];
	switch (op) {
		case 0x73: // s: setup
			workload = buildWorkload();
			source = new ChunkSource(workload);
			ring = new ByteRing(1536, 256);
			tokenizer = new Tokenizer(ring);
			readName = new TextEncoder().encode("+QHTTPREAD:");
			return answer(`${workload.bytes.length},${source.views.length},${workload.payloadBytes},${workload.frames},${workload.frames + workload.urcs}`);
		case 0x67: // g
			gc();
			return reply.buffer;
		case 0x6f: // o
			ours();
			return reply.buffer;
		case 0x62: // b
			baseline();
			return reply.buffer;
		case 0x66: // f
			floor();
			return reply.buffer;
		case 0x6e: // n: nothing, for the cost of a delivery itself
			return reply.buffer;
		default: // r: the last run's figures
			return answer(`${last.ms},${last.payload},${last.oks},${last.infos}`);
	}
};
