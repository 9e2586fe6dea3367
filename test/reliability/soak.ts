// The soak: one modem serving a long seeded mix of GET, GETEX (Range), POST and HTTPS GET on the
// emulator's virtual clock, with a fault injected into a seeded share of the requests (module result
// codes at every command, timeouts, reboots, a lost `>`, URCs and garbage lines, bytes dropped or
// doubled on the UART, servers that cut a response short or never answer). Counted: bodies delivered as
// a success that differ from what the server sent (SHA-256 on both sides), requests not settled exactly
// once, requests that failed without a fault, timers alive between requests and after close.
//
// Bytes changed in value inside a counted payload are not injected: no receiver can see them without an
// application checksum (README, limits).
import type { World } from "../support/world.js";
import type { ClockTimer } from "../../hosts/xs/timer.js";
import { sha256 } from "../support/sha256.js";
import { fetchOnce } from "../e2e/rig.js";
import { Modem } from "../../modules/quectel/modem.js";
import { HTTPClient } from "../../modules/http/client.js";
import { moduleCodes } from "./matrix.js";
import { Random } from "./fuzz.js";

export interface SoakReport {
	requests: number;
	succeeded: number;
	faults: number;
	corrupted: number;
	unsettled: number;
	/** Requests that failed although no fault was injected into them. */
	failedWithoutFault: number;
	/** Most timers alive between two requests, and alive after close(). */
	timersIdleMax: number;
	timersAfterClose: number;
	/** The first few problems, for the log. */
	problems: string[];
}

const COMMANDS = ["QHTTPCFG", "QHTTPURL", "QHTTPGET", "QHTTPGETEX", "QHTTPPOST", "QHTTPREAD"];
const RESULTS = ["QHTTPGET", "QHTTPGETEX", "QHTTPPOST"];
const OTHER_FAULTS = [
	"silent@QHTTPREAD", "silent@QHTTPGET", "reboot@QHTTPGET", "reboot@QHTTPREAD", "noprompt@QHTTPURL", "noprompt@QHTTPPOST",
	"late=3000@QHTTPREAD", "prompt-late=400@QHTTPPOST", "urcs=0.3", "noise=0.3", "drop-rx=0.001", "dup-rx=0.001", "truncate=700", "stall",
];
const UPLOADS = [16, 700, 1500, 3000, 5000];
const SETTLE_LIMIT = 20 * 60000;

function drawFault(random: Random): string {
	const pick = random.int(4);
	const codes = moduleCodes();
	const code = codes[random.int(codes.length)]!;
	if (pick === 0) return `cme=${code}@${COMMANDS[random.int(COMMANDS.length)]}`;
	if (pick === 1) return `urc=${code}@${RESULTS[random.int(RESULTS.length)]}`;
	return OTHER_FAULTS[random.int(OTHER_FAULTS.length)]!;
}

export class Soak {
	report: SoakReport = { requests: 0, succeeded: 0, faults: 0, corrupted: 0, unsettled: 0, failedWithoutFault: 0, timersIdleMax: 0, timersAfterClose: 0, problems: [] };
	#world: World;
	#random: Random;
	#rate: number;
	#modem: Modem;
	#http: HTTPClient;
	#https: HTTPClient;
	#uploads = new Map<number, { bytes: Uint8Array; digest: string }>();

	constructor(world: World, options: { seed?: number; rate?: number } = {}) {
		this.#world = world;
		this.#random = new Random(options.seed ?? 1);
		this.#rate = options.rate ?? 0.1;
		this.#modem = new Modem({ serial: world.serial, timer: world.timer, module: world.module });
		this.#http = new HTTPClient({ modem: this.#modem, host: "127.0.0.1", port: world.servers.http });
		this.#https = new HTTPClient({ modem: this.#modem, host: "127.0.0.1", port: world.servers.https, secure: { ca: world.servers.caPem } });
	}

	async run(count: number): Promise<void> {
		for (let i = 0; i < count; i++) await this.#one();
	}

	/** Closes the clients and the modem; every timer must be gone with them (a client settles what it
	 *  holds on its next turn, then drops its timer). */
	async close(): Promise<void> {
		this.#http.close();
		this.#https.close();
		await this.#world.runUntil(() => false, 1000);
		this.#modem.close();
		this.report.timersAfterClose = (this.#world.timer as ClockTimer).live;
		if (this.report.timersAfterClose) this.#problem(`${this.report.timersAfterClose} timers alive after close()`);
	}

	async #one(): Promise<void> {
		const random = this.#random;
		const report = this.report;
		const index = report.requests++;
		const fault = random.next() < this.#rate ? drawFault(random) : "";
		const pick = random.int(20);
		const seed = 1 + random.int(1000);
		const size = random.int(4000);
		let label: string;
		let check: (got: Uint8Array) => boolean;
		let result;
		if (fault) {
			report.faults++;
			this.#world.inject(fault);
		}
		if (pick < 11) {
			const secure = pick >= 7;
			const ranged = pick < 3 && size > 0;
			const whole = this.#world.expectedBytes(size, seed);
			const start = ranged ? random.int(size) : 0;
			const end = ranged ? start + random.int(size - start) : size - 1;
			const expected = whole.subarray(start, end + 1);
			label = `${secure ? "HTTPS GET" : ranged ? "GETEX" : "GET"} /bytes/${size}?seed=${seed}${ranged ? ` bytes=${start}-${end}` : ""}`;
			const headers = ranged ? new Map([["range", `bytes=${start}-${end}`]]) : undefined;
			result = await fetchOnce(this.#world, secure ? this.#https : this.#http, `/bytes/${size}?seed=${seed}`, { headers, keep: expected.length, limit: SETTLE_LIMIT });
			const digest = sha256(expected);
			check = (got) => sha256(got) === digest;
		} else {
			const length = UPLOADS[random.int(UPLOADS.length)]!;
			const upload = this.#upload(length);
			label = `POST /echo ${length} bytes`;
			const headers = new Map([["content-type", "application/octet-stream"], ["content-length", String(length)]]);
			result = await fetchOnce(this.#world, this.#http, "/echo", { method: "POST", headers, body: upload.bytes, keep: 4096, limit: SETTLE_LIMIT });
			check = (got) => {
				let echo: { bodyLength?: number; sha256?: string };
				try {
					echo = JSON.parse(String.fromCharCode.apply(null, Array.from(got)));
				} catch {
					return false;
				}
				return echo.bodyLength === length && echo.sha256 === upload.digest;
			};
		}
		if (fault) this.#world.inject("clear");
		const name = `#${index} ${label}${fault ? ` with ${fault}` : ""}`;
		if (result.dones !== 1) {
			report.unsettled++;
			this.#problem(`${name}: settled ${result.dones} times`);
		} else if (result.error === null) {
			const okStatus = result.status === (pick < 3 && size > 0 ? 206 : 200);
			if (!okStatus || !check(result.body)) {
				report.corrupted++;
				this.#problem(`${name}: succeeded (status ${result.status}) with a body that differs from the server's`);
			} else report.succeeded++;
		} else if (!fault) {
			report.failedWithoutFault++;
			this.#problem(`${name}: failed without a fault: ${result.error?.message}`);
		}
		const live = (this.#world.timer as ClockTimer).live;
		if (live > report.timersIdleMax) report.timersIdleMax = live;
	}

	#upload(length: number): { bytes: Uint8Array; digest: string } {
		let upload = this.#uploads.get(length);
		if (!upload) {
			const bytes = this.#world.expectedBytes(length, 11);
			upload = { bytes, digest: sha256(bytes) };
			this.#uploads.set(length, upload);
		}
		return upload;
	}

	#problem(text: string): void {
		if (this.report.problems.length < 20) this.report.problems.push(text);
	}
}
