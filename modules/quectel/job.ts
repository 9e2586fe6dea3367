// What the modem needs from one HTTP(S) request: the http layer implements it, the modem drives the
// manual's command sequence for it. Data flows up (onResult, onData), commands flow down.
import type { ModemError } from "./errors.js";
import { asciiBytes, equalsBytes } from "../at/fields.js";

// How the request maps onto the module (the http layer's plan decides).
export const enum Kind {
	GET = 1, //          AT+QHTTPGET, requestheader 0
	GETEX = 2, //        AT+QHTTPGETEX=<rsptime>,<start>,<length>, requestheader 0
	POST = 3, //         one AT+QHTTPPOST packet of body, requestheader 0, contenttype set
	CUSTOM = 4, //       requestheader 1: the whole request in AT+QHTTPPOST packets
}

// What afterRead() tells the modem.
export const enum Read {
	DONE = 0, //  the response is complete (or failed: the job keeps its own error)
	MORE = 1, //  read again as soon as readRoom() allows
	WAIT = 2, //  the module has nothing buffered yet but more is due: poll later
}

/** What the module's profile allows a request, for the http layer to plan with at run time (it imports no
 *  profile): bytes of a URL, of one packet of data after the prompt, of one read; the content types a
 *  simple POST can name, by the module's index; whether it has a ranged GET command of its own. */
export interface ModemLimits {
	readonly urlMax: number;
	readonly packetMax: number;
	readonly readMax: number;
	readonly contentTypes: readonly string[];
	readonly ranges: boolean;
	/** A request's data may go in several packets, a command each (else one command carries all of it,
	 *  its length said first: a body of unknown length cannot go). */
	readonly packets: boolean;
	/** A read is the whole response, not counted by the module: the response's own framing (its head's
	 *  Content-Length, or chunked) says where it ends, and what follows is the module's. */
	readonly wholeReads: boolean;
}

export interface TlsSettings {
	/** The trusted CA in PEM (ASCII), as the caller gave it: a string (from config, in flash) or bytes,
	 *  never copied; undefined with verify false. */
	ca: string | Uint8Array | undefined;
	/** seclevel 1 (verify the server against ca) or 0 (no verification, asked for explicitly). */
	verify: boolean;
}

export interface HttpJob {
	kind: number;
	/** The request's method ("GET", "POST", …): a request written whole may go by the module's own GET. */
	readonly method: string;
	/** The URL for AT+QHTTPURL, as bytes in url[0, urlLength). */
	url: Uint8Array;
	urlLength: number;
	tls: TlsSettings | undefined;
	/** Kind.GETEX */
	rangeStart: number;
	rangeLength: number;
	/** Kind.POST: AT+QHTTPCFG="contenttype" (0–3). */
	contentType: number;
	/** Seconds the module may wait for the server's answer (rsptime, 1–300). */
	responseTime: number;
	/** Kind.POST and Kind.CUSTOM: every byte the request sends after the prompt (the head in custom mode,
	 *  and the body), or -1 when the body's length is not known. */
	readonly dataLength: number;
	/** Kind.POST and Kind.CUSTOM: the next packet is packet[0, return value), or -1 when it is not ready yet
	 *  (the modem waits for resume()). lastPacket says whether it ends the request. */
	nextPacket(): number;
	readonly packet: Uint8Array;
	readonly lastPacket: boolean;
	/** The module took the packet. */
	packetSent(): void;
	/** The result URC said 0 (success): the server's status and Content-Length (-1 when not given). */
	onResult(status: number, contentLength: number): void;
	/** Bytes of the response the reader can take now; 0 pauses reading until resume(). */
	readRoom(): number;
	/** Bytes that would complete the response, when its framing says (its body's Content-Length left), else -1. */
	readNeed(): number;
	/** Raw response bytes (status line, headers, body as the server sent them), a span valid during the call.
	 *  Where the module does not count a read (it sends the whole response at once), return how many of
	 *  these bytes were the response's once it is complete; nothing while it goes on. */
	onData(bytes: Uint8Array, start: number, end: number): number | void;
	/** After each AT+QHTTPREAD: what it gave (`actual`) and what the module said is left. Returns a READ_*. */
	afterRead(actual: number, remaining: number): number;
	/** The module's side of the request is over: undefined when all went well. Called once. */
	onFinish(error: ModemError | undefined): void;
}

/** Whether two CAs are the same PEM: strings by value, bytes by content. */
export function sameCa(a: string | Uint8Array, b: string | Uint8Array): boolean {
	if (typeof a === "string" || typeof b === "string") return a === b;
	return equalsBytes(a, 0, a.length, b);
}

/** The CA's bytes for its upload: a string's made now (the upload is once per module start, and the
 *  bytes are dropped after it), bytes as they are. */
export function caBytes(ca: string | Uint8Array): Uint8Array {
	return typeof ca === "string" ? asciiBytes(ca) : ca;
}
