// A resumable download for firmware updates: the file is fetched in GETEX ranges, bytes go to a sink
// that says how many it took, and after any failure (timeout, 7xx, a module restart, a short range)
// the download resumes from the last byte the sink accepted, with a growing delay, until the file is
// whole or the retries run out. A failure a retry cannot help (the client closed, 920, a callback
// that threw: ModemError.retryable false) ends the download at once with onDone(error). Nothing
// thrown inside it (by the client, the sink or onDone) leaves its timer callback.
//
// The 940s are this layer's codes, in the library's one error type with rows of the table below: a target
// that refuses the bytes (a sink that stops accepting, an update target that throws: 942), and the image
// checks of an update (update.ts: its size 940, its SHA-256 941).
import type { HTTPClient } from "./client.js";
import { Alarm, type TimerApi } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { flatRows, RECOVER_NONE, RECOVER_RESEND, rowIn } from "../quectel/codes.js";
import { byteRange } from "./syntax.js";

/** The image's size differs from the update description's (Content-Range, or the bytes that arrived). */
export const ERR_SIZE = 940;
/** The image's SHA-256 differs from the update description's. */
export const ERR_DIGEST = 941;
/** The target refused the bytes: a Download sink stopped accepting, an update target threw. */
export const ERR_TARGET = 942;

export const DOWNLOAD_CODES = flatRows([
	ERR_SIZE, "image size differs from the manifest", RECOVER_NONE,
	ERR_DIGEST, "image SHA-256 differs from the manifest", RECOVER_RESEND,
	ERR_TARGET, "the target refused the bytes", RECOVER_NONE,
]);

/** The error for one of the 940s at `step` ("size", "sha256", "target", "sink"); `detail` says what was seen. */
export function downloadError(code: number, step: string, detail: string, cause?: unknown): ModemError {
	return new ModemError(code, step, "", detail, rowIn(DOWNLOAD_CODES, code), cause);
}

export interface DownloadSink {
	/** Takes bytes (a view valid during the call); returns how many it accepted (from the start). */
	write(bytes: Uint8Array): number;
}

export interface DownloadOptions {
	client: HTTPClient;
	path: string;
	sink: DownloadSink;
	timer: TimerApi;
	/** Bytes per GETEX range. Default 16384. */
	rangeSize?: number;
	/** Failures in a row without a byte gained before giving up. Default 10. */
	retries?: number;
	/** First retry delay in ms, doubled each failure up to 60 s. Default 1000. */
	retryDelay?: number;
	onProgress?(received: number, total: number): void;
	/** Once: null when the file is whole, else the error that ended it (retries exhausted, or one a
	 *  retry cannot help). What it throws is dropped: it runs from a timer, where a throw would abort. */
	onDone(error: ModemError | Error | null, total: number): void;
}

export class Download {
	/** Bytes the sink has accepted: where the next range starts. */
	received = 0;
	/** The file's size, from Content-Range; -1 until known. */
	total = -1;
	#options: DownloadOptions;
	#alarm: Alarm;
	#failures = 0;
	#rangeSize: number;
	#done = false;
	#short = false; // the sink refused part of the current range
	#from = 0; // where the current range started

	constructor(options: DownloadOptions) {
		if (typeof options !== "object" || options === null) throw new TypeError("Download: pass an options object: new Download({ client, path, sink, timer, onDone })");
		if (typeof (options.client as { request?: unknown } | undefined)?.request !== "function") throw new TypeError("Download: options.client must be an HTTPClient");
		if (typeof options.path !== "string" || options.path.charCodeAt(0) !== 47) throw new TypeError("Download: options.path must be a path starting with \"/\"");
		if (typeof options.sink?.write !== "function") throw new TypeError("Download: options.sink must have write(bytes) returning the count it accepted");
		if (typeof options.timer?.set !== "function") throw new TypeError("Download: options.timer must be Moddable's Timer (or its set/schedule/clear)");
		if (typeof options.onDone !== "function") throw new TypeError("Download: options.onDone(error, total) is required");
		this.#options = options;
		this.#rangeSize = options.rangeSize ?? 16384;
		if (!(Number.isInteger(this.#rangeSize) && this.#rangeSize >= 1)) throw new RangeError("Download: options.rangeSize must be a whole number of bytes, at least 1");
		this.#alarm = new Alarm(options.timer, () => this.#next());
		this.#alarm.arm(0);
	}

	close(): void {
		if (this.#done) return;
		this.#done = true;
		this.#alarm.close();
	}

	#next(): void {
		if (this.#done) return;
		const start = (this.#from = this.received);
		let end = start + this.#rangeSize - 1;
		if (this.total >= 0 && end > this.total - 1) end = this.total - 1;
		const download = this;
		this.#short = false;
		try {
			this.#options.client.request({
				path: this.#options.path,
				headers: new Map().set("range", `bytes=${start}-${end}`),
				onHeaders(_status, headers) {
					const total = byteRange(headers.get("content-range") ?? "", true)?.[2] ?? -1;
					if (total >= 0) download.total = total;
				},
				onReadable(count) {
					const data = new Uint8Array(this.read(count) as ArrayBuffer);
					if (download.#short || download.#done) return;
					const accepted = download.#options.sink.write(data);
					download.received += accepted;
					if (accepted < data.length) download.#short = true;
					download.#options.onProgress?.(download.received, download.total);
				},
				onDone(error) {
					download.#ended(error);
				},
			});
		} catch (error) {
			// The client refused (closed, or a caller mistake): nothing to retry.
			this.#finish(error as Error);
		}
	}

	// Closes, then tells the caller once; onDone's own exception stays here.
	#finish(error: Error | null): void {
		if (this.#done) return;
		this.close();
		try {
			this.#options.onDone(error, this.total);
		} catch {
			// dropped: see onDone
		}
	}

	#ended(error: Error | null): void {
		if (this.#done) return;
		if (!error && this.total >= 0 && this.received >= this.total) return this.#finish(null);
		if (error && !(error instanceof ModemError && error.retryable)) return this.#finish(error);
		// Only failures in a row, without a byte gained, count; a range that gained bytes goes on at once.
		if (this.received > this.#from) this.#failures = 0;
		else if (error || this.#short) {
			if (++this.#failures > (this.#options.retries ?? 10)) {
				return this.#finish(error ?? downloadError(ERR_TARGET, "sink", `it stopped accepting at byte ${this.received}`));
			}
			return this.#alarm.arm(Math.min(60000, (this.#options.retryDelay ?? 1000) * 2 ** (this.#failures - 1)));
		}
		this.#alarm.arm(0);
	}
}
