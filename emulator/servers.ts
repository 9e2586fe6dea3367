// Local HTTP and HTTPS servers for end-to-end tests, npm start and nbiot-servers, with a CA and a server
// certificate made in-process by node-forge (and a second, unrelated CA, for the wrong-CA case): no
// openssl command needed.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer as createHttp, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { createServer as createHttps } from "node:https";
import type { Socket } from "node:net";
import forge from "node-forge";

export interface Pki {
	caPem: string;
	certPem: string;
	keyPem: string;
	wrongCaPem: string;
}

let pki: Pki | undefined;

// RSA 2048 like a real server's, the keys made by Node's crypto (native, ~50 ms; forge's pure-JS
// generator takes seconds).
function keyPair(): forge.pki.rsa.KeyPair {
	const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
	const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }) as string) as forge.pki.rsa.PrivateKey;
	return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(subject: string, keys: forge.pki.rsa.KeyPair, issuer: { name: string; key: forge.pki.rsa.PrivateKey }, extensions: object[]): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = keys.publicKey;
	cert.serialNumber = `01${randomBytes(8).toString("hex")}`; // positive, unique per run
	cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
	cert.validity.notAfter = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
	cert.setSubject([{ name: "commonName", value: subject }]);
	cert.setIssuer([{ name: "commonName", value: issuer.name }]);
	cert.setExtensions(extensions);
	cert.sign(issuer.key, forge.md.sha256.create());
	return cert;
}

function makeCaCert(name: string): { pem: string; key: forge.pki.rsa.PrivateKey } {
	const keys = keyPair();
	const cert = certificate(name, keys, { name, key: keys.privateKey }, [
		{ name: "basicConstraints", cA: true, critical: true },
		{ name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
		{ name: "subjectKeyIdentifier" },
	]);
	return { pem: forge.pki.certificateToPem(cert), key: keys.privateKey };
}

/** A test CA, a server certificate it signs for localhost and 127.0.0.1, and an unrelated CA; made once
 *  per process. */
export function makeCa(): Pki {
	if (pki) return pki;
	const ca = makeCaCert("Test CA");
	const server = keyPair();
	const cert = certificate("localhost", server, { name: "Test CA", key: ca.key }, [
		{ name: "basicConstraints", cA: false },
		{ name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: "extKeyUsage", serverAuth: true },
		{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
	]);
	pki = { caPem: ca.pem, certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(server.privateKey), wrongCaPem: makeCaCert("Wrong CA").pem };
	return pki;
}

/** The body of /bytes/<n>?seed=<seed>: deterministic bytes, all 256 values. */
export function bytesFor(n: number, seed: number): Uint8Array {
	const out = new Uint8Array(n);
	let state = (seed * 2654435761) >>> 0 || 1;
	for (let i = 0; i < n; i++) {
		state = (state * 1664525 + 1013904223) >>> 0;
		out[i] = state >>> 24;
	}
	return out;
}

export interface Received {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	sha256: string;
}

export interface Running {
	http: number;
	https: number;
	caPem: string;
	wrongCaPem: string;
	requests: Received[];
	close(): Promise<void>;
}

function handler(requests: Received[], onRequest: ServerOptions["onRequest"]) {
	return (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			const body = Buffer.concat(chunks);
			const sha256 = createHash("sha256").update(body).digest("hex");
			if (requests.length >= 1000) requests.shift(); // a soak of 10,000 requests keeps the last thousand
			const received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, sha256 };
			requests.push(received);
			onRequest?.(received);
			const url = new URL(req.url ?? "/", "http://x");
			const parts = url.pathname.split("/").filter(Boolean);
			const n = Number(parts[1] ?? 0);
			switch (parts[0]) {
				case "range": // httpbin's name for a body that honours Range
				case "bytes": {
					const data = Buffer.from(bytesFor(n, Number(url.searchParams.get("seed") ?? 1)));
					const range = /^bytes=(\d+)-(\d+)?$/.exec(String(req.headers.range ?? ""));
					if (range) {
						const start = Number(range[1]);
						const end = Math.min(n - 1, range[2] === undefined ? n - 1 : Number(range[2]));
						if (start >= n) {
							res.writeHead(416, { "content-range": `bytes */${n}` });
							return res.end();
						}
						res.writeHead(206, { "content-type": "application/octet-stream", "content-range": `bytes ${start}-${end}/${n}`, "content-length": end - start + 1 });
						return res.end(data.subarray(start, end + 1));
					}
					res.writeHead(200, { "content-type": "application/octet-stream", "content-length": n });
					return res.end(data);
				}
				case "norange": {
					const data = Buffer.from(bytesFor(n, 1));
					res.writeHead(200, { "content-length": n });
					return res.end(data);
				}
				case "json": // httpbin-shaped answers, so the demo app runs unchanged against httpbin.org
				case "get":
				case "post": {
					let json: unknown = null;
					try {
						json = JSON.parse(body.toString());
					} catch {}
					const answer = parts[0] === "json"
						? { slideshow: { author: "Yours Truly", title: "Sample Slide Show", slides: [{ title: "Wake up to WonderWidgets!", type: "all" }] } }
						: { headers: req.headers, url: `${req.headers.host}${req.url}`, ...(parts[0] === "post" ? { data: body.toString(), json } : {}) };
					const text = JSON.stringify(answer);
					res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
					return res.end(text);
				}
				case "echo": {
					const json = JSON.stringify({ method: req.method, path: req.url, headers: req.headers, bodyLength: body.length, sha256 });
					res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
					return res.end(json);
				}
				case "chunked-json": {
					res.writeHead(200, { "content-type": "application/json" });
					res.write("{\"readings\":[");
					res.write("21.5,21.7,");
					res.write("21.9]}");
					return res.end();
				}
				case "hostile":
					return hostile(parts[1] ?? "", Number(parts[2] ?? 0), req.socket);
				case "ota":
					return ota(req, res, url, parts);
				case "text":
					res.writeHead(200, { "content-type": "text/plain", "content-length": 12 });
					return res.end("hello, world");
				case "trailer": { // a body holding the BG95's read trailer, which must not end a read; ?chunked=1: chunked
					const text = "before\r\nOK\r\n\r\n+QHTTPREAD: 0\r\nafter";
					if (url.searchParams.has("chunked")) {
						res.writeHead(200, { "content-type": "text/plain" });
						res.write(text.slice(0, 12)); // two chunks, the trailer split between them
						return res.end(text.slice(12));
					}
					res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
					return res.end(text);
				}
				case "status":
					res.writeHead(n || 500, { "content-length": 0 });
					return res.end();
				case "stall":
					res.writeHead(200, { "content-length": 100 });
					res.write("partial");
					return;
				case "truncate":
					res.writeHead(200, { "content-length": n });
					res.write(Buffer.alloc(Math.floor(n / 2), 0x61));
					setTimeout(() => res.socket?.destroy(), 20);
					return;
				default:
					res.writeHead(404, { "content-length": 9 });
					res.end("not found");
			}
		});
	};
}

// Servers that break the rules, written raw to the socket: /hostile/<kind>[/<n>].
const HOSTILE: Record<string, (n: number) => string> = {
	// a status line of n bytes, or n header lines of 100 bytes: more head than a client should hold
	status: (n) => `HTTP/1.1 200 ${"A".repeat(n)}\r\nContent-Length: 2\r\n\r\nok`,
	headers: (n) => `HTTP/1.1 200 OK\r\n${Array.from({ length: n }, (_, i) => `X-Filler-${String(i).padStart(4, "0")}: ${"a".repeat(84)}\r\n`).join("")}Content-Length: 2\r\n\r\nok`,
	// chunk sizes that are not hex, overflow any integer, are negative; chunk data not followed by CR LF
	"chunk-hex": () => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
	"chunk-huge": () => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
	"chunk-negative": () => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
	"chunk-overrun": () => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n",
	// Content-Length lies: more promised than sent (then a clean close), less promised than sent
	"length-short": (n) => `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\n\r\n${"s".repeat(Math.floor(n / 2))}`,
	"length-long": (n) => `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\n\r\n${"l".repeat(n * 10)}`,
	// two different Content-Length headers
	"length-twice": () => "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello",
};

function hostile(kind: string, n: number, socket: Socket): void {
	if (kind === "endless") {
		// a chunked body that never ends: a kilobyte every 20 ms until the client goes away
		socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
		const chunk = `400\r\n${"e".repeat(1024)}\r\n`;
		const timer = setInterval(() => socket.write(chunk), 20);
		socket.on("close", () => clearInterval(timer));
		socket.on("error", () => clearInterval(timer));
		return;
	}
	const answer = HOSTILE[kind];
	socket.end(answer ? answer(n) : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
}

// A firmware update server: /ota/manifest.json?size=N&seed=S[&lie=size|sha256][&cut=B][&norange=1]
// describes /ota/image/N?seed=S (the /bytes body) as {"version","size","sha256","url"} (an absolute URL
// on the same server; lie= makes the manifest's size one more, or its digest another one). The image
// honours Range, except with norange=1 (200 and the whole body); with cut=B, a range that holds byte B
// after its first (start < B <= end) is cut there: the head promises the whole range, the bytes up to
// B go out, then the connection is destroyed.
function ota(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]): void {
	const q = url.searchParams;
	const seed = Number(q.get("seed") ?? 1);
	if (parts[1] === "manifest.json") {
		const size = Number(q.get("size") ?? 1024);
		const data = bytesFor(size, seed);
		let sha256 = createHash("sha256").update(data).digest("hex");
		if (q.get("lie") === "sha256") sha256 = createHash("sha256").update(sha256).digest("hex");
		const scheme = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
		const extra = ["cut", "norange"].filter((k) => q.has(k)).map((k) => `&${k}=${q.get(k)}`).join("");
		const json = JSON.stringify({
			version: `1.0.${seed}`, size: q.get("lie") === "size" ? size + 1 : size, sha256,
			url: `${scheme}://${req.headers.host}/ota/image/${size}?seed=${seed}${extra}`,
		});
		res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
		res.end(json);
		return;
	}
	if (parts[1] !== "image") {
		res.writeHead(404, { "content-length": 0 });
		res.end();
		return;
	}
	const n = Number(parts[2] ?? 0);
	const data = Buffer.from(bytesFor(n, seed));
	const range = /^bytes=(\d+)-(\d+)?$/.exec(String(req.headers.range ?? ""));
	if (!range || q.get("norange") === "1") {
		res.writeHead(200, { "content-type": "application/octet-stream", "content-length": n });
		res.end(data);
		return;
	}
	const start = Number(range[1]);
	const end = Math.min(n - 1, range[2] === undefined ? n - 1 : Number(range[2]));
	if (start >= n) {
		res.writeHead(416, { "content-range": `bytes */${n}` });
		res.end();
		return;
	}
	res.writeHead(206, { "content-type": "application/octet-stream", "content-range": `bytes ${start}-${end}/${n}`, "content-length": end - start + 1 });
	const cut = q.has("cut") ? Number(q.get("cut")) : -1;
	if (start < cut && cut <= end) {
		res.write(data.subarray(start, cut));
		setTimeout(() => res.socket?.destroy(), 20);
		return;
	}
	res.end(data.subarray(start, end + 1));
}

export interface ServerOptions {
	/** Ports to listen on (127.0.0.1); 0, the default, takes free ones. */
	httpPort?: number;
	httpsPort?: number;
	/** Told of each request as it is answered. */
	onRequest?(request: Received): void;
}

export async function startServers(options: ServerOptions = {}): Promise<Running> {
	const { caPem, certPem, keyPem, wrongCaPem } = makeCa();
	const requests: Received[] = [];
	const http = createHttp(handler(requests, options.onRequest));
	const https = createHttps({ cert: certPem, key: keyPem }, handler(requests, options.onRequest));
	const listen = (server: Server, port: number) => new Promise<number>((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
	});
	const [httpPort, httpsPort] = [await listen(http, options.httpPort ?? 0), await listen(https, options.httpsPort ?? 0)];
	return {
		http: httpPort,
		https: httpsPort,
		caPem,
		wrongCaPem,
		requests,
		async close() {
			for (const server of [http, https]) {
				server.closeAllConnections?.();
				await new Promise((r) => server.close(r));
			}
		},
	};
}
