// Hostile servers, end to end through the emulator: heads too large for the configured limit, broken
// chunk framing, Content-Length lies, a body that never ends, a server whose certificate the CA did not
// sign. Each request settles once with its typed error, and the modem serves the next request.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { withWorld, fetchOnce, client } from "./rig.js";
import { HTTPClient } from "../../modules/http/client.js";
import { ModemError } from "../../modules/quectel/errors.js";
import { Modem } from "../../modules/quectel/modem.js";
import type { World } from "../support/world.js";
import type { SerialClass } from "../../modules/at/io.js";
import golden from "./hostile.golden.js";

function codeOf(error: Error | null | undefined): number | string {
	return error instanceof ModemError ? error.code : String(error);
}

async function thenOk(world: World, c: HTTPClient): Promise<void> {
	const next = await fetchOnce(world, c, "/text");
	equal(next.error, null, "the next request failed");
	equal(String.fromCharCode.apply(null, Array.from(next.body)), "hello, world");
}

// hostile.golden.json: each hostile server's path, what it serves, and the code its request fails with.
// A BG95's read is the whole response: bytes past the response's end are where its trailer should be,
// which makes the module's answer unreadable (903) rather than the response too long (916).
const SERVERS = (golden as { servers: { path: string; code: number; bg95?: number; what: string }[] }).servers;

for (const { path, code, bg95, what } of SERVERS) {
	test(`hostile server: ${what} fails with ${code}, once, and the next request succeeds`, () =>
		withWorld({}, async (world, modem) => {
			const c = client(world, modem);
			const result = await fetchOnce(world, c, path);
			equal(result.dones, 1);
			equal(codeOf(result.error), world.module === "bg95" && bg95 !== undefined ? bg95 : code);
			await thenOk(world, c);
		}));
}

test("the head limit is the client's maxHeaderBytes: a 6 KB head passes at 8192 and fails at the default 4096", () =>
	withWorld({}, async (world, modem) => {
		const roomy = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http, maxHeaderBytes: 8192 });
		const passed = await fetchOnce(world, roomy, "/hostile/headers/60");
		equal(passed.error, null);
		equal(String.fromCharCode.apply(null, Array.from(passed.body)), "ok");
		const strict = client(world, modem);
		equal(codeOf((await fetchOnce(world, strict, "/hostile/headers/60")).error), 913);
	}));

test("a body that never ends: the request fails once within the module's time limits, and the next succeeds", () =>
	withWorld({}, async (world, modem) => {
		const c = client(world, modem);
		const start = world.now();
		const result = await fetchOnce(world, c, "/hostile/endless", { keep: 1024, limit: 20 * 60000 });
		equal(result.dones, 1, "not settled");
		ok(result.error instanceof ModemError, `settled with ${result.error}`);
		ok(world.now() - start <= 10 * 60000, `took ${world.now() - start} virtual ms`);
		await thenOk(world, c);
	}));

test("HTTPS against a server the CA did not sign fails with 701 and is never retried without verification", async () => {
	let written = "", bg95 = false;
	await withWorld({}, async (world) => {
		bg95 = world.module === "bg95";
		const Base = world.serial.io as unknown as new (o: object) => { write(d: ArrayBuffer): void };
		class Recording extends Base {
			override write(data: ArrayBuffer): void {
				const bytes = new Uint8Array(data);
				for (let i = 0; i < bytes.length && written.length < 200000; i++) written += String.fromCharCode(bytes[i]!);
				super.write(data);
			}
		}
		const modem = new Modem({ serial: { ...world.serial, io: Recording as unknown as SerialClass }, timer: world.timer, module: world.module });
		try {
			const c = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.https, secure: { ca: world.servers.wrongCaPem } });
			const first = await fetchOnce(world, c, "/text");
			equal(codeOf(first.error), 701);
			const second = await fetchOnce(world, c, "/text");
			equal(codeOf(second.error), 701);
		} finally {
			modem.close();
		}
	});
	ok(written.includes(bg95 ? "AT+QSSLCFG=\"seclevel\",1,1" : "AT+QSSLCFG=0,0,\"seclevel\",1"), "seclevel 1 never set");
	ok(!/"secl?level",0/.test(written), "verification was turned off");
});
