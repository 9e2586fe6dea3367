#!/usr/bin/env node
// nbiot-servers: the local HTTP and HTTPS servers of the tests and npm start, on fixed ports, with their
// CA written to a file, for a Moddable build against the emulator (`mcconfig … "ca=$(cat ca.pem)"`).
// Arguments are checked as by bc660k-emulator; SIGINT, SIGTERM and SIGHUP stop it (exit 0).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startServers } from "./servers.js";
import { checks, parseOrExit, value } from "./args.js";

const USAGE = `usage: nbiot-servers [--http PORT] [--https PORT] [--ca FILE] [--quiet]
  --http PORT    the HTTP server's port on 127.0.0.1 (default 8080)
  --https PORT   the HTTPS server's port on 127.0.0.1 (default 8443); its certificate names localhost
                 and 127.0.0.1 and is signed by a test CA made at start
  --ca FILE      where the test CA's PEM is written (default ca.pem): give it to the device as its CA
  --quiet        do not print each request
endpoints (both servers): GET /json, GET /get[?…], POST /post (httpbin-shaped JSON answers);
  any method /echo (method, path, headers, body length and SHA-256 as JSON); GET /bytes/N[?seed=S] and
  /range/N (N deterministic bytes, Range honoured), /norange/N (Range ignored); /text, /status/CODE,
  /chunked-json, /stall, /truncate/N, /hostile/KIND[/N]; /ota/manifest.json?size=N&seed=S (a firmware
  update manifest) and the image it names`;

const args = parseOrExit("nbiot-servers", USAGE, process.argv.slice(2), {
	"--http": { value: true, check: checks.port },
	"--https": { value: true, check: checks.port },
	"--ca": { value: true },
	"--quiet": {},
});
const caFile = resolve(value(args, "--ca") ?? "ca.pem");
const quiet = args.has("--quiet");

let servers;
try {
	servers = await startServers({
		httpPort: Number(value(args, "--http") ?? 8080),
		httpsPort: Number(value(args, "--https") ?? 8443),
		onRequest: quiet ? undefined : (request) => console.log(`${request.method} ${request.path}${request.body.length ? ` (${request.body.length} bytes of body)` : ""}`),
	});
	writeFileSync(caFile, servers.caPem);
} catch (error) {
	const { code, message } = error as Error & { code?: string };
	console.error(`nbiot-servers: ${code === "EADDRINUSE" ? `${message.replace(/^listen /, "")}: the port is taken (another nbiot-servers?); stop that one or give --http/--https other ports` : message}`);
	process.exit(1);
}
console.log(`nbiot-servers: http://127.0.0.1:${servers.http} and https://127.0.0.1:${servers.https}; CA in ${caFile}`);
console.log(`  for mcconfig: http=http://127.0.0.1:${servers.http} https=https://127.0.0.1:${servers.https} "ca=$(cat ${caFile})"`);

const running = servers;
let stopping = false;
const stop = () => {
	if (stopping) return;
	stopping = true;
	running.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
