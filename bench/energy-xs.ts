// Runs inside the XS worker: the energy benchmark's two hosts, each in a world of its own on the nbiot
// network, one warm GET of /json every 15 virtual minutes: the library (PSM requested, release
// assistance, AT+QSCLK=1 between requests) and a naive host that writes the HTTP(S) note's chapter-3
// sequence itself each time (AT+QSCLK=0, the configuration and the URL, AT+QHTTPGET, AT+QHTTPREAD,
// AT+QSCLK=1) with no PSM, eDRX or release assistance, in the dialect of the world's module. Each answers
// the module's power figures.
import { installWorld, openWorld, type World } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { fetchOnce } from "../test/e2e/rig.js";
import { Modem } from "../modules/quectel/modem.js";
import { HTTPClient } from "../modules/http/client.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

const PERIOD = 15 * 60 * 1000;
const WORLD = { network: "nbiot", profile: "manual" } as const;

interface Figures {
	gets: number;
	failed: number;
	awakeMs: number;
	connectedMs: number;
	uartBytes: number;
}

// Waits out the rest of the period that began at `since`.
async function restOfPeriod(world: World, since: number): Promise<void> {
	const left = since + PERIOD - world.now();
	if (left > 0) await world.runUntil(() => false, left);
}

async function measure(world: World, gets: number, get: () => Promise<boolean>): Promise<Figures> {
	let since = world.now();
	if (!(await get())) throw new Error("the warm-up GET failed");
	await restOfPeriod(world, since);
	await world.powerStats({ reset: true });
	let failed = 0;
	for (let i = 0; i < gets; i++) {
		since = world.now();
		if (!(await get())) failed++;
		await restOfPeriod(world, since);
	}
	const stats = await world.powerStats();
	return { gets, failed, awakeMs: stats.awakeMs, connectedMs: stats.connectedMs, uartBytes: stats.uartBytesIn + stats.uartBytesOut };
}

async function library(gets: number): Promise<Figures> {
	const world = await openWorld(WORLD);
	const modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module, sleep: true, releaseAssistance: true });
	const client = new HTTPClient({ modem, host: "127.0.0.1", port: world.servers.http });
	try {
		let up: unknown;
		modem.start({ psm: { periodicTau: 3600, activeTime: 10 } }).then((v) => (up = v), (e) => (up = e));
		await world.runUntil(() => up !== undefined, 300000);
		if (!(up as { registered?: boolean })?.registered) throw new Error(`start: ${(up as Error)?.message ?? up}`);
		return await measure(world, gets, async () => {
			const result = await fetchOnce(world, client, "/json", { keep: 1024 });
			return result.error === null && result.status === 200;
		});
	} finally {
		client.close();
		modem.close();
		await world.close();
	}
}

type Port = { write(data: ArrayBuffer): void; read(): ArrayBuffer | undefined; close(): void };

/** Where the naive host's sequence differs between modules: the PDP context HTTP rides on (the BG95's the
 *  host brings up itself: AT+QIACT), what opens data mode and how long it takes, and the reads (the
 *  BC660K's 1024 bytes a time, `+QHTTPREAD: <n>,<left>` … OK; the BG95's the whole response, CONNECT …
 *  OK then `+QHTTPREAD: <err>`). */
interface Dialect {
	context: number;
	activate: boolean;
	prompt: RegExp;
	promptMs: number;
	read: string;
	readAnswer: RegExp;
	lastRead(answer: RegExpExecArray): boolean;
}

const DIALECTS: Record<World["module"], Dialect> = {
	bc660k: {
		context: 0, activate: false, prompt: />/, promptMs: 600, read: "AT+QHTTPREAD=1024", readAnswer: /\+QHTTPREAD: (\d+),(\d+)[^]*OK\r\n/,
		lastRead: (answer) => answer[2] === "0",
	},
	bg95: {
		context: 1, activate: true, prompt: /CONNECT\r\n/, promptMs: 0, read: "AT+QHTTPREAD=80", readAnswer: /OK\r\n[^]*\+QHTTPREAD: (\d+)\r\n/,
		lastRead: () => true,
	},
};

// The naive host: its own few lines over the serial, text matched with regular expressions.
class Naive {
	#world: World;
	#dialect: Dialect;
	#port: Port;
	#text = "";

	constructor(world: World) {
		this.#world = world;
		this.#dialect = DIALECTS[world.module];
		const naive = this;
		this.#port = new (world.serial.io as unknown as new (o: object) => Port)({
			baud: world.serial.baud,
			format: "buffer",
			onReadable(this: Port) {
				for (let data = this.read(); data && data.byteLength; data = this.read()) {
					const bytes = new Uint8Array(data);
					for (let i = 0; i < bytes.length; i++) naive.#text += String.fromCharCode(bytes[i]!);
				}
			},
		});
	}

	close(): void {
		this.#port.close();
	}

	#send(text: string): void {
		const bytes = new Uint8Array(text.length);
		for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
		this.#port.write(bytes.buffer as ArrayBuffer);
	}

	// Sends a line and waits for `answer` (the text since the send); the match, or undefined.
	async #command(line: string, answer: RegExp, ms = 5000): Promise<RegExpExecArray | undefined> {
		this.#text = "";
		this.#send(`${line}\r`);
		let match: RegExpExecArray | null = null;
		await this.#world.runUntil(() => (match = answer.exec(this.#text)) !== null || /ERROR/.test(this.#text), ms);
		return match ?? undefined;
	}

	async get(url: string): Promise<boolean> {
		// The first command after sleep is lost (FIELD-NOTES): AT+QSCLK=0 again until it is answered.
		let awake = false;
		for (let i = 0; i < 10 && !awake; i++) awake = (await this.#command("AT+QSCLK=0", /\r\nOK\r\n/, 2500)) !== undefined;
		if (!awake) return false;
		await this.#world.runUntil(() => false, 300); // the wake's late answer
		if (!(await this.#command("ATE0", /OK\r\n/))) return false;
		const dialect = this.#dialect;
		// The context up, once the network has registered the module.
		for (let tries = 0; dialect.activate && !(await this.#command("AT+QIACT?", /OK\r\n/))?.input.includes(`+QIACT: ${dialect.context},`); tries++) {
			if (tries === 30) return false;
			if (!(await this.#command(`AT+QIACT=${dialect.context}`, /OK\r\n/, 150000))) await this.#world.runUntil(() => false, 1000);
		}
		if (!(await this.#command(`AT+QHTTPCFG="contextid",${dialect.context}`, /OK\r\n/))) return false;
		if (!(await this.#command("AT+QHTTPCFG=\"responseheader\",0", /OK\r\n/))) return false;
		if (!(await this.#command(`AT+QHTTPURL=${url.length},80`, dialect.prompt))) return false;
		await this.#world.runUntil(() => false, dialect.promptMs); // the module's switch to data mode
		this.#text = "";
		this.#send(url);
		await this.#world.runUntil(() => /OK\r\n/.test(this.#text), 5000);
		const result = await this.#command("AT+QHTTPGET=80", /\+QHTTPGET: (\d+)(?:,(\d+))?/, 90000);
		if (!result || result[1] !== "0" || result[2] !== "200") return false;
		for (;;) {
			const read = await this.#command(dialect.read, dialect.readAnswer, 10000);
			if (!read) return false;
			if (dialect.lastRead(read)) break;
		}
		return (await this.#command("AT+QSCLK=1", /OK\r\n/)) !== undefined;
	}
}

async function naive(gets: number): Promise<Figures> {
	const world = await openWorld(WORLD);
	const host = new Naive(world);
	const url = `http://127.0.0.1:${world.servers.http}/json`;
	try {
		return await measure(world, gets, () => host.get(url));
	} finally {
		host.close();
		await world.close();
	}
}

serveCommands(async (op, [arg]) => {
	const gets = Number(arg) || 8;
	if (op === "library") return library(gets);
	if (op === "naive") return naive(gets);
	throw new Error(`unknown op ${op}`);
});
