// What the emulator can be asked to be: its options, the field profile's switches, what it reports.
import type { Clock } from "./clock.js";
import type { ModuleName } from "./models.js";

/** What real modules do that the manual does not say (shared/spec/FIELD-NOTES.md), each switchable. */
export interface FieldSwitches {
	/** Boot URCs beyond the manual's (+CTZEU, +QSCLK: 1); echo is on at boot in both profiles. */
	bootUrcs: boolean;
	/** Sleep (AT+QSCLK=1) is on from boot until the host turns it off; the command that wakes the module
	 *  is lost and answered late with OK (1.8–2.4 s, seeded). */
	wakeLost: boolean;
	/** 0–3 extra blank lines (seeded) before results, URCs and OKs, the OK after read data included. */
	blankLines: boolean;
	/** Result URCs without the content length (+QHTTPGET: 0,200), for half the responses (seeded). */
	noLength: boolean;
	/** +QHTTPGET: as GETEX's result URC. */
	rangeAsGet: boolean;
	/** `> ` with a space. */
	promptSpace: boolean;
	/** Result URCs 0–1.5 s late (seeded); a command sent meanwhile gets the URC right after its echo. */
	lateUrcs: boolean;
	/** Foreign URCs (+CTZEU, +IP, and +CEREG as AT+CEREG=<n> enables it) between responses, at a rate of
	 *  0.1 (seeded). */
	foreignUrcs: boolean;
	/** Read data that pauses mid-payload for 100–800 ms (seeded, one read in 64). */
	readPauses: boolean;
}

export const FIELD_ALL: FieldSwitches = Object.freeze({
	bootUrcs: true, wakeLost: true, blankLines: true, noLength: true, rangeAsGet: true, promptSpace: true,
	lateUrcs: true, foreignUrcs: true, readPauses: true,
});
export const FIELD_NONE: FieldSwitches = Object.freeze({
	bootUrcs: false, wakeLost: false, blankLines: false, noLength: false, rangeAsGet: false, promptSpace: false,
	lateUrcs: false, foreignUrcs: false, readPauses: false,
});

export interface EmulatorOptions {
	/** The module emulated: "bc660k" (default, BC660K-GL / BC950K-GL) or "bg95" (BG95/BG77/BG96's HTTP(S)
	 *  dialect). */
	module?: ModuleName;
	clock?: Clock;
	baud?: number;
	network?: "fast" | "nbiot";
	seed?: number;
	faults?: string | string[];
	/** AT+CMEE's <n> in NVRAM at power-on (a module another host configured): 0, 1 (default) or 2. */
	cmee?: 0 | 1 | 2;
	/** Bytes the host sends within 500 ms of `>` (the manual's switch to data mode) are lost. Default off:
	 *  a real BC660K kept data written at once after `>` (FIELD-NOTES). */
	strictPrompt?: boolean;
	/** Milliseconds the module takes to answer a command. Default 20. */
	turnaround?: number;
	/** Milliseconds idle before sleeping when AT+QSCLK=1. Default 5000. */
	sleepAfter?: number;
	/** Milliseconds after the command that woke the module (its first byte lost) before its late
	 *  answer. Default 1800 (FIELD-NOTES). */
	wakeAnswerAfter?: number;
	/** The late answer to that command is `OK` (a slow wake) instead of a bare CR LF. */
	wakeAnswerOk?: boolean;
	trace?: (line: string) => void;
	/** `\r\n> ` instead of `\r\n>`. */
	promptSpace?: boolean;
	echo?: boolean;
	boot?: boolean;
	/** The name GETEX's result URC is printed with (sibling modules print QHTTPGET). */
	rangeUrc?: "QHTTPGETEX" | "QHTTPGET";
	/** The only spelling of the SSL parameter AT+QSSLCFG takes (others: ERROR). Default "seclevel", the SSL
	 *  Application Note's command table and firmware A05; "secllevel" is the HTTP(S) note's examples'. */
	seclevelName?: "seclevel" | "secllevel";
	/** "manual" (default): the manual's module. "field": what the field notes say this module does (every
	 *  FieldSwitches behaviour for the BC660K; the sibling modules' for the BG95), unless `field` turns one
	 *  off. */
	profile?: "manual" | "field";
	field?: Partial<FieldSwitches>;

	// ---- network and power (README, "Network and power"; every timing here is an assumption unless
	// it names the manual) ----
	/** ms from AT+CFUN=1, AT+CGATT=1, coverage back or a registration fault cleared, to registration
	 *  (+CEREG stat 2 meanwhile). Default 2000. */
	searchMs?: number;
	/** ms from power-on (or a reboot) to registration. Default 0: registered as the boot URCs end (`+IP:`
	 *  is one of them), which every host so far assumes. */
	bootSearchMs?: number;
	/** Registered roaming (+CEREG stat 5) instead of home (1). */
	roaming?: boolean;
	/** The APN the network serves. Default "CMNBIOT" (the manual's AT+CGDCONT? example). A module whose
	 *  AT+QCGDEFCONT APN (taken at boot) is another non-empty one is denied with EMM cause 19. */
	apn?: string;
	/** ms the network keeps the RRC connection after the last packet without release assistance.
	 *  Default 20000. */
	rrcInactivityMs?: number;
	/** ms from the last packet (or from AT+QNBIOTRAI=1 once the exchange is over) to the release when
	 *  release assistance is asked for. Default 100. */
	raiReleaseMs?: number;
	/** ms a tracking area update (periodic, or for new PSM/eDRX settings) holds the RRC connection.
	 *  Default 1000. */
	tauMs?: number;
	/** T3412 in ms when no extended T3412 is granted. Default 3 240 000 (54 min, the 3GPP TS 24.301
	 *  default). */
	periodicTauMs?: number;
	/** The idle-mode DRX cycle in ms. Default 1280 (the manual's AT+QDRX? example). */
	drxMs?: number;
	/** What the network grants; by default what the module asks for (bit strings as AT+CPSMS and
	 *  AT+CEDRXS write them). */
	grant?: { psm?: boolean; activeTime?: string; periodicTau?: string; edrx?: boolean; edrxValue?: string; ptw?: string };
	/** What AT+CSQ, AT+CESQ and AT+QENG=0 report while the module has a cell. Defaults: the manual's AT+CSQ
	 *  and AT+CESQ examples (rssi 22, ber 0, rsrq 25, rsrp 61). */
	signal?: { rssi?: number; ber?: number; rsrq?: number; rsrp?: number };
	/** Identities. Defaults: the manual's examples. */
	imei?: string;
	iccid?: string;
	imsi?: string;
}

/** Time in each power state since the last reset (virtual or real ms), and the UART's traffic. */
export interface PowerStats {
	/** RRC connected: the radio is on (a request, the inactivity time after it, an attach, a TAU). */
	connectedMs: number;
	/** Awake without an RRC connection: RRC idle with the UART awake, searching, CFUN 0/4. */
	idleMs: number;
	/** Light sleep (AT+QSCLK=1 or 2, the UART idle for `sleepAfter`), RRC idle. */
	lightSleepMs: number;
	/** PSM (deep sleep): T3324 expired, AT+QSCLK=1, the UART idle. */
	psmMs: number;
	/** connectedMs + idleMs: the time outside light sleep and PSM. */
	awakeMs: number;
	uartBytesIn: number;
	uartBytesOut: number;
	/** Paging occasions the module listened to in RRC idle (one per DRX or eDRX cycle). */
	pagings: number;
}

export type PowerState = "connected" | "idle" | "lightSleep" | "psm";
