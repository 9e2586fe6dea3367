// A firmware update over the module: the image named by an update description (URL, size, SHA-256,
// usually a small JSON manifest fetched first) is fetched with Download in GETEX ranges straight into
// an ECMA-419-shaped update target (Moddable's `embedded:update` on the ESP32), hashed as the bytes go,
// and completed only when its size and digest are the manifest's. Nothing is held but the read in hand.
//
// States (#state), one screen:
//   STARTING     constructed; the first turn opens the target and starts the Download
//   DOWNLOADING  bytes go target.write → digest.write; a fault inside Download (timeout, 7xx, a
//                module restart, a cut or stalled response) resumes from the last byte the target took
//   ENDING       the end is decided (complete() done, or the target aborted); onDone on the next turn
//   DONE         onDone called; nothing happens any more
// Every end goes through #end, once, with the library's one error type: success, a size or digest
// mismatch (940, 941: the 940s are download.ts's, step "size" or "sha256"), a target that threw (942, step
// "target"), onProgress that threw (933), the Download's own end, cancel() (931).
//
// What a restart of the device does: Moddable's ESP32 `embedded:update` begins a new image at every
// `open` (esp_ota_begin), so an update interrupted by a reboot starts again from byte 0; within one
// run, every fault resumes. See the README's "Updating firmware".
import type { Modem } from "../quectel/modem.js";
import { HTTPClient, type SecureOptions } from "./client.js";
import { Download, downloadError, ERR_DIGEST, ERR_SIZE, ERR_TARGET } from "./download.js";
import { SHA256, toHex, type Digest, type DigestClass } from "./sha256.js";
import { Alarm, type TimerApi } from "../at/io.js";
import { ModemError } from "../quectel/errors.js";
import { ERR_CANCELLED } from "../quectel/codes.js";
import { ERR_CALLBACK, httpError } from "./codes.js";
import { decimal, hexDigit } from "./syntax.js";

/** What to fetch: the JSON manifest's fields. */
export interface UpdateImage {
	/** Absolute http(s) URL of the image. */
	url: string;
	/** Its size in bytes. */
	size: number;
	/** Its SHA-256, 64 hex digits. */
	sha256: string;
	version?: string;
}

/** An opened update: Moddable's `embedded:update` instance has this shape. */
export interface UpdateTarget {
	/** Appends bytes (a view valid during the call); throws on failure. */
	write(bytes: Uint8Array): void;
	/** Finishes the image and makes it the one to boot; throws on failure. */
	complete(): void;
	/** Idempotent; before complete() it abandons the image. */
	close(): void;
}

/** Opens the place the image goes (the host binds it: `embedded:update` on the OTA partition). */
export interface UpdateTargetProvider {
	open(options: { byteLength: number }): UpdateTarget;
}

export interface UpdateOptions {
	modem: Modem;
	image: UpdateImage;
	target: UpdateTargetProvider;
	/** The digest class: `crypt`'s Digest where the host has it. Default: the portable SHA256. */
	digest?: DigestClass;
	/** For an https: image: the CA (or verify: false). */
	secure?: SecureOptions;
	/** Default: the modem's. */
	timer?: TimerApi;
	/** Download's: bytes per GETEX range (default 16384), failures in a row without a byte gained
	 *  before giving up (default 10), first retry delay in ms (default 1000). */
	rangeSize?: number;
	retries?: number;
	retryDelay?: number;
	/** The client's rsptime in seconds (default 60): how long a stalled server is waited for. */
	responseTime?: number;
	/** After each write the target took. */
	onProgress?(received: number, size: number): void;
	/** Once: null when the image is complete (verified, target completed), else why not: a ModemError
	 *  whose step names the check that failed ("size", "sha256", "target") or the request's step. */
	onDone(error: ModemError | Error | null): void;
}


const enum Phase { STARTING = 0, DOWNLOADING = 1, ENDING = 2, DONE = 3 }

/** Checks a parsed update manifest ({"version","size","sha256","url"}); a relative url is taken
 *  against `base` (the manifest's own URL). Throws TypeError naming the field. */
export function readManifest(json: unknown, base?: string): UpdateImage {
	const m = json as Record<string, unknown> | null;
	if (typeof m !== "object" || m === null) throw new TypeError("update manifest: not a JSON object");
	checkImage(m, "update manifest: ");
	let url = m.url;
	if (typeof url !== "string" || !url) throw new TypeError("update manifest: url must be a string");
	if (url.charCodeAt(0) === 47) {
		const origin = base ? /^https?:\/\/[^/?#]+/i.exec(base)?.[0] : undefined;
		if (!origin) throw new TypeError("update manifest: a url starting with / needs the manifest's own URL as base");
		url = origin + url;
	}
	if (m.version !== undefined && typeof m.version !== "string") throw new TypeError("update manifest: version must be a string");
	return { url: url as string, size: m.size as number, sha256: (m.sha256 as string).toLowerCase(), version: m.version as string | undefined };
}

// The size and digest an image must have, from a manifest or the caller; `field` starts the message.
// Returns the digest's 32 bytes.
function checkImage(image: { size?: unknown; sha256?: unknown } | undefined, field: string): Uint8Array {
	const size = image?.size;
	if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 1) throw new TypeError(field + "size must be a whole number of bytes, at least 1");
	const sha256 = image!.sha256, digest = new Uint8Array(32);
	let valid = typeof sha256 === "string" && sha256.length === 64;
	for (let i = 0; valid && i < 64; i++) {
		const digit = hexDigit((sha256 as string).charCodeAt(i));
		digest[i >> 1] = digest[i >> 1]! * 16 + digit;
		valid = digit >= 0;
	}
	if (!valid) throw new TypeError(field + "sha256 must be 64 hex digits");
	return digest;
}

export class Update {
	#options: UpdateOptions;
	#state = Phase.STARTING;
	#alarm: Alarm;
	#client: HTTPClient;
	#path: string;
	#expected: Uint8Array; // the digest to match
	#digest: Digest;
	#target: UpdateTarget | undefined;
	#download: Download | undefined;
	#received = 0;
	#error: Error | null = null;

	constructor(options: UpdateOptions) {
		if (typeof options !== "object" || options === null) throw new TypeError("Update: pass an options object: new Update({ modem, image, target, onDone })");
		if (typeof options.onDone !== "function") throw new TypeError("Update: options.onDone(error) is required");
		if (typeof options.target?.open !== "function") throw new TypeError("Update: options.target must have open({ byteLength }) returning the update target");
		const expected = checkImage(options.image, "Update: image.");
		const image = options.image;
		const url = /^(https?):\/\/([^/:?#]+)(?::([^/?#]+))?(\/[^#]*)$/i.exec(image.url ?? "");
		const port = url?.[3] === undefined ? undefined : decimal(url[3]);
		if (!url || port! < 0) throw new TypeError(`Update: image.url must be an absolute http(s) URL with a path: "${image.url}"`);
		const secure = url[1]!.toLowerCase() === "https";
		if (secure && !options.secure) throw new TypeError("Update: an https: image needs options.secure (the CA, or verify: false)");
		this.#options = options;
		this.#expected = expected;
		this.#digest = new (options.digest ?? SHA256)("SHA256");
		this.#path = url[4]!;
		this.#client = new HTTPClient({
			modem: options.modem, host: url[2]!, port,
			secure: secure ? options.secure : undefined, responseTime: options.responseTime,
		});
		this.#alarm = new Alarm(options.timer ?? options.modem.timer, () => this.#onTimer());
		this.#alarm.arm(0);
	}

	/** Bytes the target has taken. */
	get received(): number {
		return this.#received;
	}

	/** Stops the update without completing it; onDone(931) follows, unless it has ended already. */
	cancel(): void {
		this.#end(new ModemError(ERR_CANCELLED, "update"));
	}

	// The first turn starts; the turn after the end reports it.
	#onTimer(): void {
		if (this.#state === Phase.STARTING) return this.#start();
		if (this.#state !== Phase.ENDING) return;
		this.#state = Phase.DONE;
		this.#alarm.close();
		this.#client.close();
		try {
			this.#options.onDone(this.#error);
		} catch {
			// dropped: onDone runs from a timer, where a throw would abort the device
		}
	}

	#start(): void {
		const size = this.#options.image.size;
		try {
			this.#target = this.#options.target.open({ byteLength: size });
		} catch (error) {
			return this.#end(downloadError(ERR_TARGET, "target", `open for ${size} bytes threw: ${(error as Error)?.message ?? error}`, error));
		}
		this.#state = Phase.DOWNLOADING;
		try {
			this.#download = new Download({
				client: this.#client,
				path: this.#path,
				timer: this.#options.timer ?? this.#options.modem.timer,
				rangeSize: this.#options.rangeSize,
				retries: this.#options.retries,
				retryDelay: this.#options.retryDelay,
				sink: { write: (bytes) => this.#write(bytes) },
				onDone: (error, total) => this.#downloaded(error, total),
			});
		} catch (error) {
			this.#end(error as Error);
		}
	}

	// The Download's sink: the target, then the digest; 0 (and the end) when either check fails.
	#write(bytes: Uint8Array): number {
		if (this.#state !== Phase.DOWNLOADING) return 0;
		const size = this.#options.image.size;
		const total = this.#download?.total ?? -1;
		if (total >= 0 && total !== size) {
			this.#end(downloadError(ERR_SIZE, "size", `the server's image is ${total} bytes (Content-Range), the manifest says ${size}`));
			return 0;
		}
		if (this.#received + bytes.length > size) {
			this.#end(downloadError(ERR_SIZE, "size", `the server sent more than the manifest's ${size} bytes`));
			return 0;
		}
		try {
			this.#target!.write(bytes);
		} catch (error) {
			this.#end(downloadError(ERR_TARGET, "target", `write at byte ${this.#received} threw: ${(error as Error)?.message ?? error}`, error));
			return 0;
		}
		this.#digest.write(bytes);
		this.#received += bytes.length;
		try {
			this.#options.onProgress?.(this.#received, size);
		} catch (error) {
			this.#end(httpError(ERR_CALLBACK, "onProgress", String((error as Error)?.message ?? error), error));
		}
		return bytes.length;
	}

	#downloaded(error: Error | null, total: number): void {
		if (this.#state !== Phase.DOWNLOADING) return;
		if (error) return this.#end(error);
		const size = this.#options.image.size;
		if (total !== size || this.#received !== size) {
			return this.#end(downloadError(ERR_SIZE, "size", `${this.#received} bytes arrived (the server's size: ${total}), the manifest says ${size}`));
		}
		const digest = new Uint8Array(this.#digest.close());
		let same = digest.length === 32;
		for (let i = 0; same && i < 32; i++) same = digest[i] === this.#expected[i];
		if (!same) {
			return this.#end(downloadError(ERR_DIGEST, "sha256", `the image's is ${toHex(digest)}, the manifest says ${toHex(this.#expected)}`));
		}
		try {
			this.#target!.complete();
		} catch (error) {
			return this.#end(downloadError(ERR_TARGET, "target", `complete of the verified image threw: ${(error as Error)?.message ?? error}`, error));
		}
		this.#end(null);
	}

	// The one way out: stop the download, release (on failure: abandon) the target, report next turn.
	#end(error: Error | null): void {
		if (this.#state >= Phase.ENDING) return;
		this.#state = Phase.ENDING;
		this.#error = error;
		this.#download?.close();
		try {
			this.#target?.close();
		} catch {
			// closing an abandoned image cannot fail in a way the caller could act on
		}
		this.#alarm.arm(0);
	}
}
