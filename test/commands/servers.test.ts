// nbiot-servers: the local servers on the ports asked for, the CA written where asked, the endpoints
// examples/moddable-fetch uses (/json, /bytes/N, POST /post, PUT /echo, /get?i) over HTTP, and HTTPS
// verified with that CA file; a taken port said plainly; SIGTERM stops it with exit 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { printed } from "./spawn.js";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "nbiot-servers.js");

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function get(url: string, options: { method?: string; body?: string; ca?: string } = {}): Promise<{ status: number; body: Buffer }> {
	const request = url.startsWith("https:") ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = request(url, { method: options.method ?? "GET", ca: options.ca }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (c: Buffer) => chunks.push(c));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
		});
		req.on("error", reject);
		req.end(options.body);
	});
}

test("nbiot-servers serves what the examples need, and the CA it writes verifies its HTTPS server", async (t) => {
	const dir = mkdtempSync(join(tmpdir(), "servers-"));
	const [http, https] = [await freePort(), await freePort()];
	const child = spawn(process.execPath, [bin, `--http=${http}`, "--https", String(https), "--ca", join(dir, "ca.pem"), "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
	t.after(() => {
		child.kill("SIGKILL");
		rmSync(dir, { recursive: true, force: true });
	});
	const banner = await printed(child, "for mcconfig");
	assert.match(banner, new RegExp(`http=http://127\\.0\\.0\\.1:${http} https=https://127\\.0\\.0\\.1:${https} "ca=\\$\\(cat .*ca\\.pem\\)"`));
	const ca = readFileSync(join(dir, "ca.pem"), "utf8");
	assert.match(ca, /^-----BEGIN CERTIFICATE-----\r?\n/);
	const origin = `http://127.0.0.1:${http}`;
	assert.equal((await get(`${origin}/bytes/1000`)).body.length, 1000);
	assert.match((await get(`${origin}/json`)).body.toString(), /"slideshow"/);
	assert.equal(JSON.parse((await get(`${origin}/post`, { method: "POST", body: "a=1" })).body.toString()).data, "a=1");
	const echo = JSON.parse((await get(`${origin}/echo`, { method: "PUT", body: "This is no data!" })).body.toString());
	assert.deepEqual([echo.method, echo.bodyLength], ["PUT", 16]);
	assert.match((await get(`${origin}/get?2`)).body.toString(), /\/get\?2/);
	assert.equal((await get(`https://127.0.0.1:${https}/json`, { ca })).status, 200);
	assert.equal((await get(`https://localhost:${https}/json`, { ca })).status, 200);
	const exited = new Promise((resolve) => child.once("exit", resolve));
	child.kill("SIGTERM");
	assert.equal(await exited, 0);
});

test("a port that is taken: said so, exit 1, no stack", async (t) => {
	const blocker = createServer().listen(0, "127.0.0.1");
	await new Promise((resolve) => blocker.once("listening", resolve));
	t.after(() => blocker.close());
	const taken = (blocker.address() as { port: number }).port;
	const dir = mkdtempSync(join(tmpdir(), "servers-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const child = spawn(process.execPath, [bin, "--http", String(taken), "--https", String(await freePort()), "--ca", join(dir, "ca.pem")], { stdio: ["ignore", "pipe", "pipe"] });
	let err = "";
	child.stderr.on("data", (d: Buffer) => (err += d));
	const code = await new Promise((resolve) => child.once("exit", resolve));
	assert.equal(code, 1);
	assert.match(err, new RegExp(`127\\.0\\.0\\.1:${taken}: the port is taken`));
	assert.doesNotMatch(err, /^\s+at /m);
});
