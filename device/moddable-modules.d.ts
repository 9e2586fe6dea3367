// Types for the Moddable modules a firmware update uses that @moddable/typings (5.x) does not declare,
// written from the SDK's own sources: modules/io/update/esp32/update-esp32.js (+ .c), modules/io/flash/
// esp32/flash-esp32.js, modules/crypt/digest/crypt.js, modules/io/system/system.js. Only what an update
// calls. The hosts and your own device modules (through device/moddable.d.ts) see them.

declare module "embedded:storage/flash" {
	/** A flash partition; "nextota" is the OTA partition the next update goes to. */
	export interface FlashPartition {
		close(): void;
		readonly format: "buffer";
	}
	const flash: {
		open(options: { path: "xs" | "running" | "nextota" | string; mode?: "r" | "r+" }): FlashPartition;
	};
	export default flash;
}

declare module "embedded:update" {
	import type { FlashPartition } from "embedded:storage/flash";
	/** ECMA-419 OTA update: begins a new image at open (esp_ota_begin). */
	export interface Update {
		/** Mode "a" (the default): appends; mode "w": at byteOffset. Throws "write failed". */
		write(buffer: BufferLike, byteOffset?: number): void;
		/** Ends the image and sets it as the boot partition; throws "end failed". */
		complete(): void;
		/** Idempotent; before complete() it aborts the image. */
		close(): void;
		readonly format: "buffer";
	}
	const update: {
		/** byteLength: RangeError when larger than the partition; mode "a" (sequential, default) or "w". */
		open(options: { partition: FlashPartition; byteLength?: number; mode?: "a" | "w" }): Update;
	};
	export default update;
}

declare module "crypt" {
	export class Digest {
		constructor(type: "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512" | "MD5" | string);
		write(data: BufferLike | string): void;
		close(): ArrayBuffer;
		reset(): void;
		readonly blockSize: number;
		readonly outputSize: number;
	}
}

declare module "system" {
	const System: {
		restart(): void;
		deepSleep(): void;
	};
	export default System;
}
