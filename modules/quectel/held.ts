// What the module is known to hold, so that a request sends only what changed: each configuration
// row's value, the URL, the CA; whether it sleeps; how recovery has gone (the ladder's bookkeeping); and
// what the network jobs learnt of it (its identity).
// Its settings are not saved: a restart, a timeout or an answer that made no sense forgets them.
import type { Step } from "./script.js";

export class Held {
	/** The value each configuration row set, while the module holds it. */
	values = new Map<Step, number>();
	/** Rows sent in their other spelling, and rows whose spelling the module took (until it restarts). */
	spelled = new Map<Step, boolean>();
	/** The URL the module holds: url[0, urlLength); -1: none known. */
	url: Uint8Array;
	urlLength = -1;
	/** The CA the module holds, as its job gave it (never a copy). */
	ca: string | Uint8Array | undefined;
	/** The modem put the module to sleep and has not woken it since. */
	asleep = false;
	/** The data bearer the host activates (where it does) is up. */
	bearerUp = false;
	/** Probe the module before the next command (it may sleep, or have just restarted). */
	needProbe = true;
	// Recovery: the next request climbs the ladder first; ladders climbed (or given up) since the last
	// success; requests failed in a row through the module; the next ladder reactivates.
	needLadder = false;
	ladderRuns = 0;
	failures = 0;
	reactivateNext = false;
	// What the network jobs learnt, kept for the next: the identity, whether registration reports are on,
	// whether the module has a serving-cell report.
	imei = "";
	iccid = "";
	imsi = "";
	revision = "";
	reportOn = false;
	cellUnsupported = false;

	constructor(urlMax: number) {
		this.url = new Uint8Array(urlMax);
	}

	/** The RESET/PWRKEY pulse (if the host wired one): the module restarts and has forgotten everything. */
	reset(pulse: (() => void) | undefined): void {
		this.ladderRuns = 0;
		pulse?.();
		this.forget();
		this.needProbe = true;
	}

	/** Forgets what the module held; `restarted`: perhaps another firmware now, every spelling afresh. */
	forget(restarted = false): void {
		this.values.clear();
		this.ca = undefined;
		this.urlLength = -1;
		this.asleep = false;
		this.bearerUp = false;
		if (restarted) this.spelled.clear();
	}
}
