// A stand-in for Moddable's `embedded:update` on the ESP32 (modules/io/update/esp32): `open` begins a
// new image (esp_ota_begin: what an earlier open wrote is gone), `write` appends (mode "a") or writes at
// an offset that must continue the image (mode "w"), `complete` once, and nothing after it or after
// `close`. It keeps the bytes, so a test can compare them with the served image, and counts every call.
// Misuse a real one would refuse is recorded in `faults` and thrown, as the real one throws.
import type { UpdateTarget, UpdateTargetProvider } from "../../modules/http/update.js";

export interface FakeUpdateOptions {
	/** The partition's size (open refuses a larger byteLength, writes past it throw). Default 4 MiB. */
	partition?: number;
	/** Throw from write once the image reaches this many bytes ("write failed"). */
	failWriteAt?: number;
	/** Throw from open ("partition not found"). */
	failOpen?: boolean;
	/** Throw from complete ("end failed"). */
	failComplete?: boolean;
}

export class FakeUpdate implements UpdateTargetProvider {
	opens = 0;
	writes = 0;
	completes = 0;
	closes = 0;
	/** Bytes of the current image (since the last open). */
	length = 0;
	/** The largest single write, in bytes. */
	largestWrite = 0;
	byteLength = -1;
	faults: string[] = [];
	image: Uint8Array;
	#options: FakeUpdateOptions;

	constructor(options: FakeUpdateOptions = {}) {
		this.#options = options;
		this.image = new Uint8Array(options.partition ?? 1 << 22);
	}

	/** The bytes written to the current image. */
	bytes(): Uint8Array {
		return this.image.subarray(0, this.length);
	}

	open(options: { byteLength: number; mode?: "a" | "w" }): UpdateTarget {
		const fake = this;
		this.opens++;
		if (this.#options.failOpen) throw new Error("partition not found");
		if (!(options.byteLength >= 0 && options.byteLength <= this.image.length)) this.#fault(`invalid byteLength ${options.byteLength}`);
		this.byteLength = options.byteLength;
		this.length = 0; // a new image: esp_ota_begin
		const append = (options.mode ?? "a") === "a";
		let state: "open" | "complete" | "closed" = "open";
		return {
			write(buffer: ArrayBuffer | ArrayBufferView, byteOffset?: number) {
				if (state !== "open") fake.#fault(`write after ${state}`);
				if (append && byteOffset !== undefined) fake.#fault("offset not allowed");
				if (!append && byteOffset !== fake.length) fake.#fault(`write at ${byteOffset}, the image ends at ${fake.length}: not in order or not contiguous`);
				const bytes = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
				if (fake.length + bytes.length > fake.image.length) fake.#fault("write failed: past the partition");
				if (fake.#options.failWriteAt !== undefined && fake.length + bytes.length > fake.#options.failWriteAt) throw new Error("write failed");
				fake.image.set(bytes, fake.length);
				fake.length += bytes.length;
				fake.writes++;
				if (bytes.length > fake.largestWrite) fake.largestWrite = bytes.length;
			},
			complete() {
				if (state !== "open") fake.#fault(`complete after ${state}`);
				if (fake.#options.failComplete) throw new Error("end failed");
				state = "complete";
				fake.completes++;
			},
			close() {
				if (state !== "closed") fake.closes++;
				state = "closed";
			},
		};
	}

	#fault(message: string): never {
		this.faults.push(message);
		throw new Error(message);
	}
}
