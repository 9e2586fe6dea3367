// A resumable download for firmware updates: the file is fetched in GETEX ranges, bytes go to a sink
// that says how many it took, and after any failure (timeout, 7xx, a module restart, a short range)
// the download resumes from the last byte the sink accepted, with a growing delay, until the file is
// whole or the retries run out.
import type { HTTPClient } from "./client.js";
import { Alarm, type TimerApi } from "../at/io.js";

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
	onDone(error: Error | null, total: number): void;
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
		this.#options = options;
		this.#rangeSize = options.rangeSize ?? 16384;
		if (!(this.#rangeSize >= 1)) throw new RangeError("rangeSize must be at least 1 byte");
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
		this.#options.client.request({
			path: this.#options.path,
			headers: new Map([["range", `bytes=${start}-${end}`]]),
			onHeaders(_status, headers) {
				const total = /\/(\d+)\s*$/.exec(headers.get("content-range") ?? "");
				if (total) download.total = Number(total[1]);
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
	}

	#ended(error: Error | null): void {
		if (this.#done) return;
		if (!error && this.total >= 0 && this.received >= this.total) {
			this.close();
			this.#options.onDone(null, this.total);
			return;
		}
		const progressed = this.received > this.#from;
		if (progressed) this.#failures = 0; // only failures in a row, without a byte gained, count
		if (error || this.#short) {
			if (progressed) {
				this.#alarm.arm(0);
				return;
			}
			if (++this.#failures > (this.#options.retries ?? 10)) {
				this.close();
				this.#options.onDone(error ?? new Error(`download: the sink stopped accepting at ${this.received}`), this.total);
				return;
			}
			const delay = Math.min(60000, (this.#options.retryDelay ?? 1000) * 2 ** (this.#failures - 1));
			this.#alarm.arm(delay);
			return;
		}
		this.#alarm.arm(0);
	}
}
