// Data after `>`: a host that writes its URL and body the moment it reads `>` succeeds (a real BC660K kept
// such bytes: FIELD-NOTES), whatever the seed and in both profiles; with strictPrompt (the manual's 500 ms
// switch taken as a loss) the same bytes are lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Emulator, VirtualClock, type EmulatorOptions } from "../../emulator/index.js";
import { startServers } from "../../emulator/servers.js";

/** A host that sends each command, and each command's data as soon as the prompt arrives. */
async function eagerHost(options: EmulatorOptions, steps: [string, string?][], waitMs: number): Promise<string> {
	const clock = new VirtualClock();
	const emulator = new Emulator({ clock, boot: false, echo: false, network: "fast", ...options });
	let out = "";
	let data: string | undefined;
	emulator.onOutput = (bytes) => {
		out += Buffer.from(bytes).toString("latin1");
		if (data !== undefined && /\r\n> ?$/.test(out)) {
			emulator.input(Buffer.from(data, "latin1")); // at once, without waiting after `>`
			data = undefined;
		}
	};
	for (const [command, payload] of steps) {
		data = payload;
		emulator.input(Buffer.from(`${command}\r`, "latin1"));
		await emulator.runFor(waitMs);
	}
	emulator.close();
	return out;
}

test("a URL and a body written at once after `>` are kept, at 20 seeds, in both profiles", async () => {
	const servers = await startServers();
	try {
		const url = `http://127.0.0.1:${servers.http}/echo`;
		for (const profile of ["manual", "field"] as const) {
			for (let seed = 1; seed <= 20; seed++) {
				const body = `seed ${String(seed).padStart(2, "0")}`;
				const out = await eagerHost({ profile, seed }, [[`AT+QHTTPURL=${url.length},5`, url], [`AT+QHTTPPOST=${body.length},5,60`, body], ["AT+QHTTPURL?"]], 3000);
				assert.match(out, /\+QHTTPPOST: 0,200/, `${profile} profile, seed ${seed}: ${JSON.stringify(out)}`);
				assert.ok(out.includes(`+QHTTPURL: ${url}\r\n`), `${profile} profile, seed ${seed}`);
				assert.equal(servers.requests[servers.requests.length - 1]!.body.toString("latin1"), body);
			}
		}
	} finally {
		await servers.close();
	}
});

test("strictPrompt: the bytes written within 500 ms of `>` are lost (the URL times out, none is set)", async () => {
	const url = "http://127.0.0.1:1/x";
	for (let seed = 1; seed <= 20; seed++) {
		const out = await eagerHost({ strictPrompt: true, seed }, [[`AT+QHTTPURL=${url.length},2`, url], ["AT+QHTTPURL?"]], 3000);
		assert.equal(out, "\r\n>\r\nERROR\r\n\r\n+QHTTPURL: \r\n\r\nOK\r\n", `seed ${seed}`);
	}
});

test("strictPrompt: bytes written 500 ms after `>` are kept", async () => {
	const clock = new VirtualClock();
	const emulator = new Emulator({ clock, boot: false, echo: false, strictPrompt: true });
	let out = "";
	emulator.onOutput = (bytes) => (out += Buffer.from(bytes).toString("latin1"));
	emulator.input(Buffer.from("AT+QHTTPURL=19,5\r"));
	await emulator.runUntil(() => out.endsWith(">"), 1000);
	await emulator.runFor(500);
	emulator.input(Buffer.from("http://example.com/"));
	await emulator.runFor(200);
	assert.equal(out, "\r\n>\r\nOK\r\n");
});
