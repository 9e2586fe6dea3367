// The Quectel BC660K-GL (and BC950K-GL, the same firmware): its HTTP(S) commands (application note,
// chapter 2), its configuration, the recovery ladder of chapter 4, its limits and result codes, as data
// for the modem core. One command or one configuration item is one row here.
import {
	ARG_APN, ARG_EDRX, ARG_INPUT_TIME, ARG_MORE, ARG_PACKET_LENGTH, ARG_RANGE_LENGTH, ARG_RANGE_START, ARG_READ_LENGTH, ARG_READ_TIME,
	ARG_RESPONSE_TIME, ARG_T3324, ARG_T3412, ARG_URL_LENGTH, CHECK_FIELDS, CHECK_IS, CHECK_LACKS, CHECK_NUMBER, command, item, NEXT_DECIDE,
	NEXT_DONE, NEXT_FAIL, NEXT_RETRY, step, TIME_DATA, TIME_INPUT, TIME_PROMPT, TIME_READ, WANT_ALWAYS, WANT_AWAKE,
	WANT_CONTENT_TYPE, WANT_CUSTOM, WANT_TLS, WANT_VERIFY, type Profile,
} from "../profile.js";
import { ERR_AT_ERROR } from "../codes.js";
import { E_NETWORK_DEACTIVATED, E_READ_TIMEOUT, E_RESPONSE_TIMEOUT, lookup } from "./codes.js";

/** AT+QHTTPURL takes 1–256 bytes; AT+QHTTPPOST 1–2048 a packet; AT+QHTTPREAD 1–1024 a read. */
export const URL_MAX = 256;
export const PACKET_MAX = 2048;
export const READ_MAX = 1024;
/** AT+QHTTPCFG="contenttype",<n>: the index is n. */
export const CONTENT_TYPES = Object.freeze(["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data"]);

// The ladder's step indexes (AT+CPIN? is 0), for its own next-step fields.
const CGATT = 1, CGPADDR = 2, DNS = 3, CFUN0 = 4, CFUN1 = 5, ATTACH = 6;

export const BC660K: Profile = Object.freeze({
	name: "BC660K-GL",
	urlMax: URL_MAX,
	packetMax: PACKET_MAX,
	readMax: READ_MAX,
	contentTypes: CONTENT_TYPES,
	commandMs: 2000, // the manual's 300 ms, with room for a slow UART and late padding
	// The first byte after sleep wakes the module and is lost: the probe is short and repeated.
	probe: command("AT", { ms: 500 }),
	sleep: command("AT+QSCLK=1"),
	caCert: command("AT+QSSLCFG=0,0,\"cacert\"", { data: true, time: TIME_PROMPT | TIME_DATA }),
	url: command("AT+QHTTPURL=", { args: [ARG_URL_LENGTH, ARG_INPUT_TIME], data: true, ms: 4000, time: TIME_PROMPT }),
	get: command("AT+QHTTPGET=", { args: [ARG_RESPONSE_TIME, ARG_READ_TIME], results: ["QHTTPGET"] }),
	// Some firmwares answer a ranged GET with +QHTTPGET: (FIELD-NOTES).
	getRange: command("AT+QHTTPGETEX=", {
		args: [ARG_RESPONSE_TIME, ARG_RANGE_START, ARG_RANGE_LENGTH, ARG_READ_TIME], results: ["QHTTPGETEX", "QHTTPGET"],
	}),
	// The module may take 50 s to connect before `>` (manual 2.3.5), then the input time.
	post: command("AT+QHTTPPOST=", {
		args: [ARG_PACKET_LENGTH, ARG_INPUT_TIME, ARG_RESPONSE_TIME, ARG_MORE, ARG_READ_TIME],
		data: true, ms: 50000, time: TIME_PROMPT | TIME_INPUT, results: ["QHTTPPOST"],
	}),
	read: command("AT+QHTTPREAD=", { args: [ARG_READ_LENGTH], payload: "QHTTPREAD", time: TIME_READ }),
	config: Object.freeze([
		item("config", "ATE", true, WANT_ALWAYS, 0),
		item("config", "AT+QSCLK=", true, WANT_AWAKE, 0),
		item("QHTTPCFG", "AT+QHTTPCFG=\"responseheader\",", true, WANT_ALWAYS, 1),
		item("QHTTPCFG", "AT+QHTTPCFG=\"readformat\",", true, WANT_ALWAYS, 0),
		// The SSL note's command table says "seclevel", the HTTP(S) note's examples "secllevel"; a module
		// answers ERROR to the one it does not know. The table's first, the other once after an ERROR.
		item("QSSLCFG", "AT+QSSLCFG=0,0,\"seclevel\",", true, WANT_VERIFY, 0, "AT+QSSLCFG=0,0,\"secllevel\","),
		item("QHTTPCFG", "AT+QHTTPCFG=\"ssl\",0,0", false, WANT_TLS, 1),
		item("QHTTPCFG", "AT+QHTTPCFG=\"requestheader\",", true, WANT_CUSTOM, 0),
		item("QHTTPCFG", "AT+QHTTPCFG=\"contenttype\",", true, WANT_CONTENT_TYPE, 0),
	]),
	// Chapter 4: SIM ready (4.1), attached and addressed (4.2, 4.4), a DNS server that is not 0.0.0.0
	// (4.2), then reactivation of the PDP context (4.2, 4.4) and the wait for the attach. The DNS query is
	// the read command of the BC660K AT manual (document [2]); it is not verified on hardware.
	ladder: Object.freeze([
		step("AT+CPIN?", { check: CHECK_IS, expect: "READY", good: CGATT, bad: NEXT_FAIL, code: ERR_AT_ERROR, why: "the (U)SIM is not ready (AT+CPIN?)" }),
		step("AT+CGATT?", { check: CHECK_NUMBER, value: 1, good: CGPADDR, bad: CGPADDR, reactivate: true }),
		// "+CGPADDR: <cid>" alone means no address.
		step("AT+CGPADDR", { check: CHECK_FIELDS, good: DNS, bad: DNS, reactivate: true }),
		step("AT+QIDNSCFG?", { check: CHECK_LACKS, expect: "\"0.0.0.0\"", good: NEXT_DECIDE, bad: NEXT_DECIDE, reactivate: true }),
		step("AT+CFUN=0", { ms: 30000, good: CFUN1, bad: CFUN1 }),
		step("AT+CFUN=1", { ms: 30000, good: ATTACH, bad: ATTACH, forget: true }),
		step("AT+CGATT?", {
			check: CHECK_NUMBER, value: 1, wait: 1000, tries: 10, good: NEXT_DONE, bad: NEXT_RETRY,
			code: E_NETWORK_DEACTIVATED, why: "the network did not attach after AT+CFUN=1",
		}),
	]),
	reactivateAt: CFUN0,
	// The AT Commands Manual V1.4: chapters 2 (identity), 4 (network), 5 (PDN), 8 (USIM), 9 (power).
	network: Object.freeze({
		sim: command("AT+CPIN?", { ms: 5000 }),
		simReady: "READY",
		apnRead: command("AT+QCGDEFCONT?"),
		apnWrite: command("AT+QCGDEFCONT=\"IP\",", { args: [ARG_APN] }),
		// 5.1: the default PDN context "takes effect after the module is rebooted"; AT+CFUN=1,1 resets into full functionality.
		restart: command("AT+CFUN=1,1", { ms: 30000 }),
		restartMs: 3000,
		report: command("AT+CEREG=5"),
		registration: command("AT+CEREG?", { ms: 5000 }),
		address: command("AT+CGPADDR"),
		psm: command("AT+CPSMS=1,,,", { args: [ARG_T3412, ARG_T3324] }),
		psmOff: command("AT+CPSMS=0"),
		edrx: command("AT+CEDRXS=1,5,", { args: [ARG_EDRX] }),
		edrxOff: command("AT+CEDRXS=0"),
		// 9.1's NB-S1 table: 20.48 s … 10485.76 s.
		edrxCycles: Object.freeze([0, 0, 20480, 40960, 0, 81920, 0, 0, 0, 163840, 327680, 655360, 1310720, 2621440, 5242880, 10485760]),
		// ATI's third line is the revision AT+CGMR gives (2.2, 2.4): one command for both.
		revision: command("ATI", { ms: 5000 }),
		revisionPrefix: "Revision: ",
		imei: command("AT+CGSN=1", { ms: 5000 }),
		iccid: command("AT+QCCID"),
		imsi: command("AT+CIMI", { ms: 5000 }),
		// 4.8: +QENG: 0,<earfcn>,<offset>,<pci>,<cellID>,<RSRP>,<RSRQ>,<RSSI>,<SINR>,…
		cell: command("AT+QENG=0", { ms: 15000 }),
		cellFields: Object.freeze([5, 6, 8]) as readonly [number, number, number],
		signal: command("AT+CESQ"),
		edrxRead: command("AT+CEDRXRDP"),
		sleepRead: command("AT+QSCLK?"),
		// 9.7: "only can be set when RRC is in connected state", else +CME ERROR: 602.
		release: command("AT+QNBIOTRAI=1"),
	}),
	readTimeoutCode: E_READ_TIMEOUT,
	responseTimeoutCode: E_RESPONSE_TIMEOUT,
	lookup,
});
