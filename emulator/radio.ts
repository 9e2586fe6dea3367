// The module's radio and its network: registration (+CEREG, +CREG), the PDP contexts, the RRC connection,
// PSM and eDRX grants, periodic TAUs, and the time spent in each power state (README, "Network and
// power"). One cell, the AT+QENG=0 example's; one operator, the AT+COPS=? example's current one.
import type { Clock } from "./clock.js";
import type { Nvram } from "./module.js";
import type { EmulatorOptions, PowerState } from "./options.js";
import { EDRX_MS, t3324Seconds, t3412Seconds } from "./timers.js";

/** The serving cell of the manual's AT+QENG=0 example, and the operator of its AT+COPS examples. */
export const CELL = Object.freeze({ tac: "4C10", id: "05C4EF33", earfcn: 3688, offset: 11, pci: 121, band: 8, plmn: "46000", long: "CHINA MOBILE", short: "CMCC" });
/** The AT+COPS=? example's operators: stat, long and short names, numeric. */
export const OPERATORS = Object.freeze([
	[2, "CHINA MOBILE", "CMCC", "46000"], [3, "CHINA UNICOMM", "CUCC", "46001"], [1, "", "", "21405"], [1, "CHINA TELECOM", "CTCC", "46011"],
] as const);
/** The time zone URC the network sends (the field notes' form: zone unpadded). */
export const CTZEU = "+CTZEU: \"+8\",0,\"2020/05/06,14:04:53\"";
/** The address of context 0 (the data bearer). */
export const ADDRESS = "10.64.2.17";

/** The address of an active context: context 0's, then the next ones. */
export function addressOf(cid: number): string {
	return `10.64.2.${17 + cid}`;
}
// AT+CPSMS=2 and the power-on defaults: PSM off; the manual's example timers (T3412 30 h, T3324 18 min).
export const PSM_DEFAULT = Object.freeze({ mode: 0, tau: "01000011", active: "01000011" });
/** What the network granted at the last attach or TAU: PSM's timers, eDRX's cycle and window. */
export interface Grant {
	psm: boolean;
	active: string;
	tau: string;
	edrx: boolean;
	edrxValue: string;
	ptw: string;
}
const NO_GRANT: Grant = Object.freeze({ psm: false, active: "", tau: "", edrx: false, edrxValue: "", ptw: "" });
const DENIED_CAUSE = 11; // EMM cause #11, PLMN not allowed (3GPP TS 24.301), for `denied` without a cause

export interface RadioHooks {
	urc(text: string): void;
	trace(line: string): void;
	/** The UART sleeps (AT+QSCLK and `sleepAfter`). */
	asleep(): boolean;
	/** AT+QSCLK's setting. */
	sleepMode(): number;
	/** A request is under way (its last packet starts the inactivity time). */
	busy(): boolean;
	/** The registration went: a request under way gets no answer. */
	lost(): void;
	/** The (U)SIM is ready (no PIN pending). */
	simReady(): boolean;
	/** The network dropped an active context. */
	dropped(cid: number): void;
}

export class Radio {
	/** AT+CFUN: 0 minimum, 1 full, 4 RF off. */
	functionality = 1;
	/** AT+CGATT. */
	attach = true;
	/** AT+COPS=2: deregistered until AT+COPS=0, 1 or 4 (or a reboot). */
	deregistered = false;
	/** AT+CPSMS in use (AT+QPSMS writes only this, not NVRAM). */
	psm: { mode: number; tau: string; active: string };
	/** AT+QCGDEFCONT's APN as of the last boot. */
	apnInUse = "";
	/** The last ESM cause the network gave a PDN request (AT+QESMC), 0: none. */
	esmCause = 0;
	#clock: Clock;
	#options: EmulatorOptions;
	#nv: Nvram;
	#hooks: RadioHooks;
	#attachContext: number | undefined; // the context the attach activates (BC660K: 0)

	#stat = 0;
	#rejectCause = 0;
	#coverage = true;
	#stuck = false; // fault `searching`
	#denyCause: number | undefined; // fault `denied`
	#searchTimer: unknown;
	#faultTimers: unknown[] = [];
	#granted: Grant = NO_GRANT;
	#active = new Set<number>(); // PDP contexts active

	#rrc = false;
	#rai = false;
	#releaseTimer: unknown;
	#t3324Timer: unknown;
	#t3412Timer: unknown;
	#t3412Due = 0;
	#t3324Expired = false;
	#inPsm = false;
	#stats = { connectedMs: 0, idleMs: 0, lightSleepMs: 0, psmMs: 0, pagings: 0 };
	#statsAt: number;

	constructor(clock: Clock, options: EmulatorOptions, nv: Nvram, attachContext: number | undefined, hooks: RadioHooks) {
		this.#attachContext = attachContext;
		this.#clock = clock;
		this.#options = options;
		this.#nv = nv;
		this.#hooks = hooks;
		this.psm = { ...nv.psm };
		this.#statsAt = clock.now();
	}

	// ---- power-on, reboots, network faults ----

	/** Power-on or a reboot: the APN of AT+QCGDEFCONT taken; registered at once (no URCs: the boot's own
	 *  text has them) when the boot search takes no time. Returns whether it is registered. */
	powerOn(): boolean {
		this.apnInUse = this.#nv.apn.apn;
		const now = this.functionality === 1 && this.#coverage && this.#findable() && this.#denial() === undefined && !this.#options.bootSearchMs;
		if (now) this.#register(false);
		return now;
	}

	/** After the boot text, a module not registered at once searches (or finds no coverage). */
	searchAfterBoot(): void {
		if (this.functionality !== 1) return;
		if (!this.#coverage) this.#setStat(4);
		else this.#startSearch(this.#options.bootSearchMs ?? 0);
	}

	/** A reboot into `functionality`: the registration and the grants gone, settings not in NVRAM back. */
	restart(functionality: number): void {
		this.#lostService();
		this.#clock.clearTimeout(this.#searchTimer);
		this.#searchTimer = undefined;
		this.account();
		this.#stat = 0;
		this.#rejectCause = 0;
		this.attach = true;
		this.functionality = functionality;
		this.psm = { ...this.#nv.psm };
		this.#granted = NO_GRANT;
		this.deregistered = false; // AT+COPS=2 is not saved
	}

	/** A registration fault (README, fault language); for coverage, `value` is ms from now (0: at once). */
	fault(kind: string, value: number): void {
		if (kind === "searching") this.#stuck = true;
		else if (kind === "denied") this.#denyCause = value || DENIED_CAUSE;
		else {
			const coverage = kind === "coverage-back";
			if (value) {
				this.#faultTimers.push(this.#clock.setTimeout(() => {
					this.#coverage = coverage;
					this.evaluate();
				}, value));
			} else this.#coverage = coverage;
		}
	}

	/** `clear`: coverage back, no search fault, no denial. */
	clearFaults(): void {
		for (const timer of this.#faultTimers) this.#clock.clearTimeout(timer);
		this.#faultTimers = [];
		this.#coverage = true;
		this.#stuck = false;
		this.#denyCause = undefined;
		this.evaluate();
	}

	// ---- registration ----

	get stat(): number {
		return this.#stat;
	}

	get rejectCause(): number {
		return this.#rejectCause;
	}

	get granted(): Readonly<Grant> {
		return this.#granted;
	}

	registered(): boolean {
		return this.#stat === 1 || this.#stat === 5; // evaluate keeps stat 0 when CFUN is not 1
	}

	/** Registered with context `cid` active: HTTP over it can go. */
	bearer(cid: number): boolean {
		return this.registered() && this.#active.has(cid);
	}

	/** A cell is camped on (registered or denied by it). */
	hasCell(): boolean {
		return this.functionality === 1 && (this.#stat === 1 || this.#stat === 3 || this.#stat === 5);
	}

	get coverage(): boolean {
		return this.#coverage;
	}

	networkApn(): string {
		return this.#options.apn ?? "CMNBIOT";
	}

	// Why the network would reject an attach now, as an EMM cause; undefined: it would accept.
	#denial(): number | undefined {
		if (this.#denyCause !== undefined) return this.#denyCause;
		if (this.apnInUse && this.apnInUse.toUpperCase() !== this.networkApn().toUpperCase()) return 19; // ESM failure
		return undefined;
	}

	// Whether a search can find the cell: the (U)SIM ready, its band among AT+QBAND's, no AT+QLOCKF to
	// another frequency or cell, and AT+COPS not set to another operator.
	#findable(): boolean {
		const { lock, cops } = this.#nv;
		return !this.#stuck && this.#hooks.simReady() && this.#nv.bands.includes(CELL.band)
			&& (lock.earfcn < 0 || (lock.earfcn === CELL.earfcn && (lock.pci < 0 || lock.pci === CELL.pci)))
			&& (cops.mode !== 1 || cops.oper === CELL.plmn);
	}

	/** Moves the registration to where the module's settings and the network (faults) put it. */
	evaluate(): void {
		if (this.functionality !== 1 || !this.attach || this.deregistered) return this.#noService(0);
		if (!this.#coverage) return this.#noService(4);
		const deny = this.#denial();
		if (this.registered()) {
			if (!this.#findable()) this.#setStat(2);
			else if (deny !== undefined) this.#setStat(3, deny);
			return;
		}
		if (this.#searchTimer !== undefined) return;
		if (this.#stat === 3 && deny !== undefined) return;
		if (this.#stat === 2 && !this.#findable()) return;
		this.#startSearch(this.#options.searchMs ?? 2000);
	}

	/** Leaves the cell and searches again (AT+QBAND's detach and re-attach). */
	research(): void {
		if (this.registered()) this.#setStat(2);
		this.evaluate();
	}

	#noService(stat: number): void {
		this.#clock.clearTimeout(this.#searchTimer);
		this.#searchTimer = undefined;
		this.#setStat(stat);
	}

	#startSearch(ms: number): void {
		this.#setStat(2);
		if (!this.#findable()) return;
		this.#searchTimer = this.#clock.setTimeout(() => {
			this.#searchTimer = undefined;
			if (!this.#findable()) return;
			const deny = this.#denial();
			if (deny !== undefined) {
				if (deny === 19) this.esmCause = 27; // ESM cause #27: missing or unknown APN
				this.#setStat(3, deny);
			} else this.#register(true);
		}, ms);
	}

	// The attach: the grant, +CEREG, the PDN (+IP:), and the radio connected as for any exchange.
	#register(urcs: boolean): void {
		this.#grantNow();
		const cid = this.#attachContext;
		if (cid !== undefined && !this.#nv.attachWithoutPdn) this.#active.add(cid);
		this.#setStat(this.#options.roaming ? 5 : 1, 0, urcs);
		if (urcs && cid !== undefined && this.#active.has(cid)) this.#hooks.urc(`+IP: ${ADDRESS}`);
		if (urcs && this.#nv.edrx.mode === 2) this.#cedrxp();
		if (urcs && this.#nv.ciotopt[0] === 1) this.#hooks.urc("+CCIOTOPTI: 3"); // the network supports both optimizations
		this.connect(urcs);
		this.lastPacket();
	}

	#setStat(stat: number, cause = 0, urc = true): void {
		if (stat === this.#stat && cause === this.#rejectCause) return;
		const was = this.registered();
		this.account();
		this.#stat = stat;
		this.#rejectCause = cause;
		this.#hooks.trace(`-- registration ${stat}${cause ? ` (cause ${cause})` : ""}`);
		if (was && !this.registered()) this.#lostService();
		if (urc && this.#nv.cereg) this.#hooks.urc(`+CEREG: ${this.ceregFields(this.#nv.cereg)}`);
		if (urc && this.#nv.creg) this.#hooks.urc(`+CREG: ${this.cregFields(this.#nv.creg)}`);
	}

	/** What follows <n> in AT+CEREG? (and all of a +CEREG URC) for presentation mode n. */
	ceregFields(n: number): string {
		const stat = this.#stat;
		const registered = this.registered();
		const denied = stat === 3 && (n === 3 || n === 5);
		let text = `${stat}`;
		if (n < 2 || (!registered && !denied)) return text;
		text += registered ? `,"${CELL.tac}","${CELL.id}",9` : ",,,";
		const cause = denied ? `,0,${this.#rejectCause}` : "";
		if (n === 2) return text;
		if (n === 3) return text + cause;
		const timers = registered && this.#granted.psm ? `,"${this.#granted.active}","${this.#granted.tau}"` : "";
		return text + (timers ? `${cause || ",,"}${timers}` : cause);
	}

	/** The same for AT+CREG (0–3): an EPS registration is "SMS only" (6, roaming 7), as the manual's
	 *  example reads. */
	cregFields(n: number): string {
		const registered = this.registered();
		const denied = this.#stat === 3 && n === 3;
		let text = `${registered ? (this.#stat === 1 ? 6 : 7) : this.#stat}`;
		if (n >= 2 && registered) text += `,"${CELL.tac}","${CELL.id}",9`;
		if (denied) text += `,,,,0,${this.#rejectCause}`;
		return text;
	}

	// ---- PDP contexts ----

	/** Context `cid` is active. */
	isActive(cid: number): boolean {
		return this.#active.has(cid);
	}

	/** Activates a context; returns the CME error, 0 when done. */
	activate(cid: number, apn: string): number {
		if (this.#active.has(cid)) return 0;
		if (!this.registered()) return 30; // no network service
		if (apn && apn.toUpperCase() !== this.networkApn().toUpperCase()) {
			this.esmCause = 27;
			return 127; // missing or unknown APN
		}
		this.#active.add(cid);
		this.connect();
		this.lastPacket();
		return 0;
	}

	/** Deactivates a context; `keepLast`: the last active one stays (27.007 for EPS, 171). Returns the CME
	 *  error, 0 when done. */
	deactivate(cid: number, keepLast: boolean): number {
		if (keepLast && this.#active.has(cid) && this.#active.size === 1) return 171; // last PDN disconnection not allowed
		this.#active.delete(cid);
		return 0;
	}

	/** The active contexts, in order. */
	get active(): number[] {
		return [...this.#active].sort((a, b) => a - b);
	}

	// ---- PSM and eDRX grants ----

	// What the network grants for the module's PSM and eDRX requests (option `grant`), at an attach or TAU.
	// Returns whether the PSM and eDRX grants changed.
	#grantNow(): { psm: boolean; edrx: boolean } {
		const g = this.#options.grant ?? {};
		const old = this.#granted;
		const psm = this.psm.mode === 1 && (g.psm ?? true);
		const active = g.activeTime ?? this.psm.active;
		const e = this.#nv.edrx;
		const edrx = e.mode !== 0 && e.mode !== 3 && (g.edrx ?? true);
		this.account();
		this.#granted = {
			psm: psm && t3324Seconds(active) !== null, active: psm ? active : "", tau: psm ? g.periodicTau ?? this.psm.tau : "",
			edrx, edrxValue: edrx ? g.edrxValue ?? e.value : "", ptw: edrx ? g.ptw ?? e.ptw : "",
		};
		const now = this.#granted;
		return { psm: now.psm !== old.psm || now.active !== old.active || now.tau !== old.tau, edrx: now.edrx !== old.edrx || now.edrxValue !== old.edrxValue || now.ptw !== old.ptw };
	}

	#cedrxp(): void {
		const g = this.#granted;
		this.#hooks.urc(g.edrx ? `+CEDRXP: 5,"${this.#nv.edrx.value}","${g.edrxValue}","${g.ptw}"` : "+CEDRXP: 5");
	}

	/** New PSM or eDRX settings while registered: a TAU asks the network for them. */
	settingsChanged(turnaround: number): void {
		if (!this.registered()) return;
		this.#clock.setTimeout(() => {
			if (this.registered()) this.#tau();
		}, turnaround + 10);
	}

	#tau(): void {
		this.connect();
		const changed = this.#grantNow();
		if (changed.psm && this.#nv.cereg >= 4) this.#hooks.urc(`+CEREG: ${this.ceregFields(this.#nv.cereg)}`);
		if (changed.edrx && this.#nv.edrx.mode === 2) this.#cedrxp();
		if (this.#hooks.busy()) return; // the request's last packet starts the inactivity time
		this.#clock.clearTimeout(this.#releaseTimer);
		this.#releaseTimer = this.#clock.setTimeout(() => this.#releaseRadio(), this.#options.tauMs ?? 1000);
	}

	// The registration is gone: no PDP context, no radio, no PSM; a request in flight gets no answer.
	#lostService(): void {
		this.#hooks.lost();
		for (const cid of this.#active) this.#hooks.dropped(cid);
		this.#active.clear();
		this.#stopTimers();
		this.account();
		if (this.#inPsm) this.leavePsm();
		if (this.#rrc) {
			this.#rrc = false;
			if (this.#nv.cscon) this.#hooks.urc("+CSCON: 0");
		}
		this.#rai = false;
		this.#t3324Expired = false;
	}

	#stopTimers(): void {
		for (const timer of [this.#releaseTimer, this.#t3324Timer]) this.#clock.clearTimeout(timer);
		this.#releaseTimer = this.#t3324Timer = undefined;
		if (this.#t3412Timer === undefined) return;
		this.#clock.clearTimeout(this.#t3412Timer);
		this.#t3412Timer = undefined;
		if (this.#nv.emmTimers & 4) this.#hooks.urc("+QEMMTIMER: 2,1"); // T3412 stopped
	}

	// ---- the radio: RRC connected, idle, PSM ----

	get rrc(): boolean {
		return this.#rrc;
	}

	get inPsm(): boolean {
		return this.#inPsm;
	}

	/** RRC connected (an exchange, an attach, a TAU). */
	connect(urc = true): void {
		this.#stopTimers();
		this.#t3324Expired = false;
		if (this.#rrc) return;
		this.account();
		if (this.#inPsm) this.leavePsm();
		this.#rrc = true;
		if (urc && this.#nv.cscon) this.#hooks.urc("+CSCON: 1");
	}

	/** AT+QNBIOTRAI=1 (or a packet flagged with RAI): the network releases this connection after its last
	 *  packet, at once if the exchange is over; 0 takes that back. */
	releaseAssistance(on: boolean): void {
		this.#rai = on;
		if (on && !this.#hooks.busy()) this.lastPacket();
	}

	/** After the last packet the network releases the connection: after its inactivity time, or soon when
	 *  the module asked for it (AT+QNBIOTRAI=1). */
	lastPacket(): void {
		if (!this.#rrc) return;
		this.#clock.clearTimeout(this.#releaseTimer);
		const ms = this.#rai ? this.#options.raiReleaseMs ?? 100 : this.#options.rrcInactivityMs ?? 20000;
		this.#releaseTimer = this.#clock.setTimeout(() => this.#releaseRadio(), ms);
	}

	// RRC idle: T3324 (when PSM is granted) and T3412 run from here.
	#releaseRadio(): void {
		this.#releaseTimer = undefined;
		if (!this.#rrc) return;
		this.account();
		this.#rrc = false;
		this.#rai = false;
		this.#hooks.trace("-- RRC released");
		if (this.#nv.cscon) this.#hooks.urc("+CSCON: 0");
		const active = this.#granted.psm ? t3324Seconds(this.#granted.active) : null;
		if (active !== null) {
			this.#t3324Timer = this.#clock.setTimeout(() => {
				this.#t3324Timer = undefined;
				this.#t3324Expired = true;
				this.#hooks.trace("-- T3324 expired");
				this.maybeEnterPsm();
			}, active * 1000);
		}
		const t3412 = this.#t3412Ms();
		this.#t3412Due = this.#clock.now() + t3412;
		if (this.#nv.emmTimers & 4) this.#hooks.urc(`+QEMMTIMER: 2,0,${Math.round(t3412 / 1000)}`);
		this.#t3412Timer = this.#clock.setTimeout(() => {
			this.#t3412Timer = undefined;
			if (this.#nv.emmTimers & 4) this.#hooks.urc("+QEMMTIMER: 2,2"); // expired
			if (this.registered()) this.#tau();
		}, t3412);
	}

	/** Seconds until the periodic TAU, or undefined when T3412 is not running. */
	t3412Left(): number | undefined {
		return this.#t3412Timer === undefined ? undefined : Math.max(0, Math.round((this.#t3412Due - this.#clock.now()) / 1000));
	}

	#t3412Ms(): number {
		const tau = this.#granted.psm ? t3412Seconds(this.#granted.tau) : null;
		return tau !== null ? tau * 1000 : this.#options.periodicTauMs ?? 3240000;
	}

	/** T3412 in ms: the granted extended value, or `periodicTauMs`. */
	get t3412Ms(): number {
		return this.#t3412Ms();
	}

	/** The paging cycle in ms: the granted eDRX cycle, or the DRX cycle. */
	cycleMs(): number {
		const g = this.#granted;
		return g.edrx ? EDRX_MS[g.edrxValue] ?? 20480 : this.#options.drxMs ?? 1280;
	}

	/** PSM when T3324 has run out, RRC is idle and the UART sleeps with AT+QSCLK=1. */
	maybeEnterPsm(): void {
		if (!this.#t3324Expired || this.#rrc || this.#inPsm || !this.#hooks.asleep() || this.#hooks.sleepMode() !== 1 || !this.registered()) return;
		this.account();
		this.#inPsm = true;
		this.#hooks.trace("-- PSM");
		if (this.#nv.event) this.#hooks.urc("+QNBIOTEVENT: \"ENTER PSM\"");
	}

	leavePsm(): void {
		this.account();
		this.#inPsm = false;
		this.#hooks.trace("-- PSM left");
		if (this.#nv.event) this.#hooks.urc("+QNBIOTEVENT: \"EXIT PSM\"");
	}

	// ---- power accounting ----

	powerState(): PowerState {
		if (this.#rrc) return "connected";
		if (this.#inPsm) return "psm";
		if (this.#hooks.asleep() && this.#stat !== 2) return "lightSleep";
		return "idle";
	}

	/** Adds the time since the last change to the state the module was in; called before every change. */
	account(): void {
		const now = this.#clock.now();
		const ms = now - this.#statsAt;
		this.#statsAt = now;
		if (ms <= 0) return;
		const state = this.powerState();
		this.#stats[`${state}Ms`] += ms;
		if (state !== "connected" && state !== "psm" && this.registered()) this.#stats.pagings += ms / this.cycleMs();
	}

	/** Time in each state since power-on or the last reset. */
	stats(reset: boolean): { connectedMs: number; idleMs: number; lightSleepMs: number; psmMs: number; pagings: number } {
		this.account();
		const stats = { ...this.#stats, pagings: Math.floor(this.#stats.pagings) };
		if (reset) this.#stats = { connectedMs: 0, idleMs: 0, lightSleepMs: 0, psmMs: 0, pagings: 0 };
		return stats;
	}
}
