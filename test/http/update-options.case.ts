// The update's caller mistakes throw at once, naming the option, and send nothing; the manifest reader
// takes {"version","size","sha256","url"} and refuses what an update cannot use.
import { test } from "../harness.js";
import { deepEqual, equal, throws } from "../assert.js";
import { Update, readManifest, type UpdateOptions } from "../../modules/http/update.js";
import { Modem } from "../../modules/quectel/modem.js";
import { FakeModule } from "../quectel/fake-module.js";
import { FakeUpdate } from "../support/fake-update.js";

const SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

test("readManifest takes the four fields, resolves a path against the manifest's URL, lowercases the digest", () => {
	deepEqual(readManifest({ version: "2.1.0", size: 1024, sha256: SHA.toUpperCase(), url: "/fw/2.1.0.bin" }, "https://updates.example.com:8443/fw/manifest.json"),
		{ url: "https://updates.example.com:8443/fw/2.1.0.bin", size: 1024, sha256: SHA, version: "2.1.0" });
	equal(readManifest({ size: 1, sha256: SHA, url: "http://h/x" }).url, "http://h/x");
});

test("readManifest refuses a manifest an update cannot use, naming the field", () => {
	const good = { version: "1", size: 10, sha256: SHA, url: "http://h/x" };
	for (const [bad, field] of [
		[null, "object"], [{ ...good, size: 0 }, "size"], [{ ...good, size: 1.5 }, "size"], [{ ...good, size: "10" }, "size"],
		[{ ...good, sha256: SHA.slice(1) }, "sha256"], [{ ...good, sha256: `${SHA.slice(1)}g` }, "sha256"],
		[{ ...good, url: "" }, "url"], [{ ...good, url: "/x" }, "url"], [{ ...good, version: 2 }, "version"],
	] as const) {
		throws(() => readManifest(bad), TypeError, (e) => e.message.includes(field));
	}
});

test("new Update refuses a missing or wrong option at once, before anything is sent", () => {
	const module = new FakeModule();
	const modem = new Modem({ serial: module.serial, timer: module.timer });
	const image = { url: "http://h/fw.bin", size: 10, sha256: SHA };
	const base: UpdateOptions = { modem, image, target: new FakeUpdate(), onDone() {} };
	for (const [options, what] of [
		[{ ...base, onDone: undefined }, "onDone"], [{ ...base, target: {} }, "target"],
		[{ ...base, image: { ...image, size: -1 } }, "size"], [{ ...base, image: { ...image, sha256: "abc" } }, "sha256"],
		[{ ...base, image: { ...image, url: "ftp://h/x" } }, "url"], [{ ...base, image: { ...image, url: "https://h/x" } }, "secure"],
	] as const) {
		throws(() => new Update(options as UpdateOptions), TypeError, (e) => e.message.includes(what));
	}
	module.run(() => false, 1000);
	equal(module.commands.length, 0);
	modem.close();
});
