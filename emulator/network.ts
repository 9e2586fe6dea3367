// Real HTTP(S) behind the emulated module: one request over a raw socket, so the bytes the server
// sees are exactly the module's, and the bytes read back are exactly the server's.
import { connect as tcpConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

export type TlsVersion = "TLSv1" | "TLSv1.1" | "TLSv1.2";

export interface Exchange {
	/** 0, or the manual's result code of the failure. */
	result: number;
	response: Buffer;
}

export interface Target {
	secure: boolean;
	host: string;
	port: number;
	path: string;
}

export function parseUrl(url: string): Target | undefined {
	const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
	if (!m) return undefined;
	const secure = m[1]!.toLowerCase() === "https";
	return { secure, host: m[2]!, port: m[3] ? Number(m[3]) : secure ? 443 : 80, path: m[4] || "/" };
}

// Where the response ends: after Content-Length bytes, after the last chunk, or when the server closes.
function complete(data: Buffer): boolean {
	const head = data.indexOf("\r\n\r\n");
	if (head < 0) return false;
	const headers = data.subarray(0, head).toString("latin1");
	const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(headers)?.[1] ?? 0);
	if ((status >= 100 && status < 200) || status === 204 || status === 304) return true;
	const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
	if (length) return data.length >= head + 4 + Number(length[1]);
	if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(headers)) return data.subarray(head).includes("\r\n0\r\n\r\n");
	return false;
}

/** `versions`: the TLS versions the module offers, lowest and highest (its stack stops at TLS 1.2). */
export function exchange(target: Target, request: Buffer, options: {
	ca?: string; verify: boolean; versions?: [TlsVersion, TlsVersion]; timeoutMs: number; truncate?: number; stall?: boolean;
}): Promise<Exchange> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		let socket: Socket;
		const finish = (result: number) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket?.destroy();
			let response = Buffer.concat(chunks);
			if (options.truncate !== undefined && response.length > options.truncate) response = response.subarray(0, options.truncate);
			resolve({ result, response });
		};
		const timer = setTimeout(() => finish(size ? 0 : 702), options.timeoutMs);
		const onConnect = () => {
			if (!options.stall) socket.write(request);
		};
		if (target.secure) {
			socket = tlsConnect({
				host: target.host, port: target.port, servername: /^[\d.]+$/.test(target.host) ? undefined : target.host,
				ca: options.verify ? options.ca : undefined, rejectUnauthorized: options.verify,
				minVersion: options.versions?.[0] ?? "TLSv1", maxVersion: options.versions?.[1] ?? "TLSv1.2",
			}, onConnect);
		} else socket = tcpConnect({ host: target.host, port: target.port }, onConnect);
		socket.on("data", (chunk: Buffer) => {
			chunks.push(chunk);
			size += chunk.length;
			if (complete(Buffer.concat(chunks))) finish(0);
		});
		socket.on("end", () => finish(size ? 0 : 719));
		socket.on("error", (error: NodeJS.ErrnoException) => {
			if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") finish(714);
			else if (error.code === "ECONNREFUSED" || error.code === "ECONNRESET" && !size) finish(716);
			else if (/certificate|SSL|TLS|self.signed|issuer/i.test(`${error.code} ${error.message}`)) finish(701);
			else finish(size ? 0 : 717);
		});
	});
}
