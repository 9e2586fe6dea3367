// A short soak (soak.ts) in both engines and both emulator profiles: 500 requests with faults in a tenth of them. `npm run soak`
// runs 10,000 in XS.
import { test } from "../harness.js";
import { equal, ok } from "../assert.js";
import { openWorld } from "../support/world.js";
import { Soak } from "./soak.js";
import { sha256 } from "../support/sha256.js";

for (const profile of ["manual", "field"] as const) {
	test(`soak, ${profile} profile: 500 mixed requests with seeded faults: no corrupted body, all settled once, no leaked timer`, async () => {
		const world = await openWorld({ seed: 3, profile });
		const soak = new Soak(world, { seed: 20261125, rate: 0.1 });
		try {
			await soak.run(500);
		} finally {
			await soak.close();
			await world.close();
		}
		const r = soak.report;
		const summary = JSON.stringify({ ...r, problems: undefined });
		ok(!r.problems.length, `${summary}\n${r.problems.join("\n")}`);
		equal(r.requests, 500);
		equal(r.corrupted, 0);
		equal(r.unsettled, 0);
		equal(r.failedWithoutFault, 0);
		equal(r.timersAfterClose, 0);
		ok(r.faults >= 25 && r.succeeded >= 430, summary);
	});
}

test("sha256 matches the standard's test vectors", () => {
	const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
	equal(sha256(bytes("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	equal(sha256(bytes("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	equal(sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	equal(sha256(new Uint8Array(1000).fill(0x61)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
});
