// The fault matrix: every result code the module can report at every step where it can report it, a
// timeout and a reboot at every step, a lost or late `>`, garbage and URCs between lines, and payload
// bytes lost on the UART. Each cell runs on a fresh emulator: one request meets the fault, then the
// same request again must succeed. A cell passes when the first request settles exactly once, with a
// ModemError carrying the expected code and its table's meaning (or, for faults the library absorbs,
// with the right body), and the second request brings the body bit-exact.
import { moduleModel, openWorld, type World } from "../support/world.js";
import { fetchOnce, sameBytes } from "../e2e/rig.js";
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import { ModemError } from "../../modules/quectel/errors.js";
import { rowIn } from "../../modules/quectel/codes.js";
import { HTTP_CODES } from "../../modules/http/codes.js";
import { profileOf } from "../../modules/quectel/profiles.js";

// Any code's row, whichever layer holds it: HTTP's, the module's, the library's.
const lookup = (module: string, code: number) => rowIn(HTTP_CODES, code) ?? profileOf(module).lookup(code);

// GET, GET of a range (GETEX, or on a module without it a GET with its own head), a simple POST (one
// packet), a PUT of 5000 bytes (three packets, or on a module that takes the request in one command, one
// command and its data in packets).
export type Kind = "get" | "getex" | "post" | "put";

export interface Cell {
	name: string;
	kind: Kind;
	fault: string;
	/** Codes the first request may fail with (0: it may also succeed); empty: it must succeed. */
	codes: number[];
}

// The module's result codes: the BC660K's 701–723 and 726–730 (its note's chapter 5), the BG95's 701–730.
export function moduleCodes(module = moduleModel()): number[] {
	const codes: number[] = [];
	for (let code = 701; code <= 730; code++) if (module === "bg95" || (code !== 724 && code !== 725)) codes.push(code);
	return codes;
}

/** Where each kind of request's commands are, on each module: its ranged GET, its POST's packets. */
export function commandsOf(module = moduleModel()): { range: string; putPacket: string; putLast: string } {
	return module === "bg95"
		? { range: "QHTTPGET#1", putPacket: "QHTTPPOST#1", putLast: "QHTTPPOST#1" }
		: { range: "QHTTPGETEX#1", putPacket: "QHTTPPOST#2", putLast: "QHTTPPOST#3" };
}

const SIZE = 3000; // bytes of the GET bodies; the PUT body spans three packets
const PUT_SIZE = 5000;

export function cells(module = moduleModel()): Cell[] {
	const all: Cell[] = [];
	const add = (kind: Kind, fault: string, codes: number[], label = fault) => all.push({ name: `${kind} ${label}`, kind, fault, codes });
	const { range, putPacket, putLast } = commandsOf(module);
	for (const code of moduleCodes(module)) {
		// +CME ERROR answers to each command of a request
		add("get", `cme=${code}@QHTTPCFG#1`, [code]);
		add("get", `cme=${code}@QHTTPURL#1`, [code]);
		add("get", `cme=${code}@QHTTPGET#1`, [code]);
		add("get", `cme=${code}@QHTTPREAD#1`, [code]);
		add("getex", `cme=${code}@${range}`, [code]);
		add("post", `cme=${code}@QHTTPPOST#1`, [code]);
		add("put", `cme=${code}@${putPacket}`, [code], `cme=${code}@${putPacket} (its data in packets)`);
		// the result URC after OK
		add("get", `urc=${code}@QHTTPGET#1`, [code]);
		add("getex", `urc=${code}@${range}`, [code]);
		add("post", `urc=${code}@QHTTPPOST#1`, [code]);
		add("put", `urc=${code}@${putLast}`, [code], `urc=${code}@${putLast} (after the last packet)`);
	}
	const steps: [Kind, string][] = [["get", "AT#1"], ["get", "QHTTPCFG#1"], ["get", "QHTTPURL#1"], ["get", "QHTTPGET#1"], ["get", "QHTTPREAD#1"], ["getex", range], ["post", "QHTTPPOST#1"], ["put", putPacket]];
	for (const [kind, step] of steps) {
		// One lost AT is what a waking module does: the probe sends another. Every AT lost is a dead module.
		add(kind, step === "AT#1" ? "silent@AT" : `silent@${step}`, [901]);
		// A reboot before the request is under way is absorbed: the modem configures again and goes on.
		add(kind, `reboot@${step}`, step === "AT#1" || step === "QHTTPCFG#1" ? [902, 0] : [902]);
	}
	add("get", "noprompt@QHTTPURL#1", [901]);
	add("post", "noprompt@QHTTPPOST#1", [901]);
	add("get", "prompt-late=400@QHTTPURL#1", []); // within the wait: no harm
	add("put", "prompt-late=400@QHTTPPOST#2", []);
	add("get", "urcs=0.3", []); // URCs spliced between lines
	add("post", "urcs=0.3", []);
	add("get", "noise=0.3", [], "garbage lines between lines (noise=0.3)");
	add("put", "noise=0.3", [], "garbage lines between lines (noise=0.3)");
	// A BG95's read is one burst of the whole response, which the fault changes once, anywhere in it (its
	// CONNECT, its trailer): it may then still succeed, but only with the body bit-exact.
	const framing = [903, 911, 912, 913, 914, 915, 916, 901, ...(module === "bg95" ? [0] : [])];
	add("get", "drop-rx=0.002", framing, "payload bytes dropped (drop-rx=0.002)");
	add("get", "dup-rx=0.002", framing, "bytes doubled (dup-rx=0.002)");
	return all;
}

async function request(world: World, client: HTTPClient, kind: Kind) {
	if (kind === "get") return fetchOnce(world, client, `/bytes/${SIZE}?seed=7`);
	if (kind === "getex") return fetchOnce(world, client, `/bytes/${SIZE}?seed=7`, { headers: new Map([["range", `bytes=0-${SIZE - 1}`]]) });
	const size = kind === "post" ? 1500 : PUT_SIZE;
	const headers = new Map([["content-type", kind === "post" ? "text/plain" : "application/octet-stream"], ["content-length", String(size)]]);
	return fetchOnce(world, client, "/echo", { method: kind === "post" ? "POST" : "PUT", body: world.expectedBytes(size, 11), headers });
}

async function bodyRight(world: World, kind: Kind, result: Awaited<ReturnType<typeof request>>): Promise<boolean> {
	if (kind === "get" || kind === "getex") return sameBytes(result.body, world.expectedBytes(SIZE, 7));
	let echo: { bodyLength?: number; sha256?: string };
	try {
		echo = JSON.parse(String.fromCharCode.apply(null, Array.from(result.body)));
	} catch {
		return false;
	}
	const seen = await world.requests();
	return echo.bodyLength === (kind === "post" ? 1500 : PUT_SIZE) && seen[seen.length - 1]!.sha256 === echo.sha256;
}

/** Runs one cell; returns "" when it passes, or what went wrong. */
export async function runCell(cell: Cell, seed = 1, profile: "manual" | "field" = "manual"): Promise<string> {
	const world = await openWorld({ faults: cell.fault, seed, profile });
	const modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module });
	try {
		const client = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http });
		const first = await request(world, client, cell.kind);
		if (first.dones !== 1) return `first request settled ${first.dones} times`;
		if (first.error) {
			const error = first.error;
			if (!(error instanceof ModemError)) return `not a ModemError: ${error}`;
			if (cell.codes.length && !cell.codes.includes(error.code)) return `code ${error.code} (${error.message}), expected ${cell.codes.join("|")}`;
			if (!cell.codes.length) return `failed: ${error.message}`;
			if (!error.message.includes(`${lookup(world.module, error.code)[1]} (${error.code})`)) return `message without the code's meaning: ${error.message}`;
		} else {
			if (cell.codes.length && !cell.codes.includes(0)) return `succeeded, expected ${cell.codes.join("|")}`;
			if (first.status < 200 || first.status > 299) return `status ${first.status}`;
			if (!(await bodyRight(world, cell.kind, first))) return "a wrong body was delivered as a success";
		}
		world.inject("clear"); // the fault is over; the modem must be back to work
		const second = await request(world, client, cell.kind);
		if (second.dones !== 1) return `second request settled ${second.dones} times`;
		if (second.error) return `the modem did not recover: ${second.error.message}`;
		if (!(await bodyRight(world, cell.kind, second))) return "second body differs";
		return "";
	} finally {
		modem.close();
		await world.close();
	}
}
