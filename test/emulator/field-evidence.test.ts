// The field profile follows the firmware there is evidence for (FIELD-NOTES, "From a host library's runs
// on a real BC660K"): "seclevel" accepted (the "secllevel"-only firmware is its own switch), and +CEREG
// URCs only as AT+CEREG=<n> enables them, <n> kept across reboots, stat 5 only when roaming.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Terminal } from "./at.js";

test("field profile: \"seclevel\" is accepted; seclevelName makes the \"secllevel\"-only firmware", async () => {
	const field = new Terminal({ profile: "field", field: { blankLines: false, foreignUrcs: false, wakeLost: false, lateUrcs: false } });
	assert.equal(await field.say("AT+QSSLCFG=0,0,\"seclevel\",1\r"), "\r\nOK\r\n");
	assert.equal(await field.say("AT+QSSLCFG=0,0,\"secllevel\",1\r"), "\r\nERROR\r\n");
	const other = new Terminal({ profile: "field", seclevelName: "secllevel", field: { blankLines: false, foreignUrcs: false, wakeLost: false, lateUrcs: false } });
	assert.equal(await other.say("AT+QSSLCFG=0,0,\"seclevel\",1\r"), "\r\nERROR\r\n");
	assert.equal(await other.say("AT+QSSLCFG=0,0,\"secllevel\",1\r"), "\r\nOK\r\n");
});

test("field profile: no +CEREG at boot or between responses while AT+CEREG? says 0", async () => {
	for (let seed = 1; seed <= 10; seed++) {
		const t = new Terminal({ profile: "field", seed, boot: true, echo: true, field: { wakeLost: false } });
		await t.emulator.runFor(1000);
		let all = t.output;
		for (let i = 0; i < 40; i++) all += await t.say("AT\r", 100);
		all += await t.say("AT+CEREG?\r", 3000);
		assert.match(all, /\r\n\+CEREG: 0,1\r\n/, `seed ${seed}`);
		assert.doesNotMatch(all.replace(/\r\n\+CEREG: 0,1\r\n/, ""), /\r\n\+CEREG/, `seed ${seed}: ${JSON.stringify(all)}`);
		assert.match(all, /\+CTZEU/, `seed ${seed}: the boot's other URCs stay`);
	}
});

test("field profile: AT+CEREG=<n> enables the URCs, in its form; <n> survives a reboot; home is stat 1, not 5", async () => {
	const t = new Terminal({ profile: "field", seed: 3, searchMs: 100, field: { wakeLost: false, blankLines: false, lateUrcs: false } });
	await t.say("AT+CEREG=2\r");
	t.emulator.reboot();
	await t.emulator.runFor(1000);
	assert.match(t.output, /\r\n\+CEREG: 1,"4C10","05C4EF33",9\r\n/, "the boot's +CEREG in the form <n> kept");
	let all = "";
	for (let i = 0; i < 60; i++) all += await t.say("AT\r", 100);
	const urcs = all.match(/\r\n\+CEREG: [^\r]*/g) ?? [];
	assert.ok(urcs.length > 0, "foreign +CEREG URCs come");
	for (const urc of urcs) assert.equal(urc, "\r\n+CEREG: 1,\"4C10\",\"05C4EF33\",9");
	const roaming = new Terminal({ profile: "field", roaming: true, seed: 3, field: { wakeLost: false } });
	await roaming.say("AT+CEREG=1\r");
	let seen = "";
	for (let i = 0; i < 60; i++) seen += await roaming.say("AT\r", 100);
	const roamingUrcs = seen.match(/\r\n\+CEREG: [^\r]*/g) ?? [];
	assert.ok(roamingUrcs.length > 0, "foreign +CEREG URCs come");
	for (const urc of roamingUrcs) assert.equal(urc, "\r\n+CEREG: 5");
});
