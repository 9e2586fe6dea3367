// The Quectel BC660K-GL (and BC950K-GL, the same firmware) as data for the runner: its framing, limits,
// the HTTP(S) commands of the application note's chapter 2 as one request's script, its configuration,
// the recovery ladder of chapter 4, the network and power commands of the AT Commands Manual, its codes.
// One command or one configuration item is one row here.
import { step, Arg, Check, Data, Flag, Next, Time, Want } from "../script.js";
import { urcsOf, type Profile } from "../profile.js";
import { EDRX_CYCLES, REVISION_PREFIX, edrx, edrxOff, edrxRead, iccid, imei, imsi, psm, psmOff, registration, report, revision, signal, sim, sleep, sleepRead, wake } from "../standard.js";
import { ERR_AT_ERROR, ERR_TLS_CONFIG } from "../codes.js";
import { cmeCode, lookup } from "./codes.js";

const CONTENT_TYPES = Object.freeze(["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data"]);

const config = Object.freeze([
	step("ATE", { args: [Arg.VALUE], want: Want.ALWAYS, value: 0 }),
	step("AT+QSCLK=", { args: [Arg.VALUE], want: Want.AWAKE, value: 0 }),
	step("AT+QHTTPCFG=\"responseheader\",", { args: [Arg.VALUE], want: Want.ALWAYS, value: 1 }),
	step("AT+QHTTPCFG=\"readformat\",", { args: [Arg.VALUE], want: Want.ALWAYS, value: 0 }),
	// The SSL note's command table says "seclevel", the HTTP(S) note's examples "secllevel"; a module answers
	// ERROR to the one it does not know. The table's first, the other once after an ERROR.
	step("AT+QSSLCFG=0,0,\"seclevel\",", { args: [Arg.VALUE], want: Want.VERIFY, alternative: "AT+QSSLCFG=0,0,\"secllevel\",", code: ERR_TLS_CONFIG }),
	step("AT+QHTTPCFG=\"ssl\",0,0", { want: Want.TLS, value: 1 }),
	step("AT+QHTTPCFG=\"requestheader\",", { args: [Arg.VALUE], want: Want.CUSTOM }),
	step("AT+QHTTPCFG=\"contenttype\",", { args: [Arg.VALUE], want: Want.CONTENT_TYPE }),
]);
// The trusted CA in PEM after `>`, ended by Ctrl+Z.
const ca = Object.freeze([step("AT+QSSLCFG=0,0,\"cacert\"", { data: Data.CA, flags: Flag.DATA_FIRST | Flag.TERMINATED, time: Time.PROMPT | Time.DATA, code: ERR_TLS_CONFIG })]);
const url = step("AT+QHTTPURL=", { args: [Arg.URL_LENGTH, Arg.INPUT_TIME], data: Data.URL, flags: Flag.DATA_FIRST, ms: 4000, time: Time.PROMPT });
const get = step("AT+QHTTPGET=", { args: [Arg.RESPONSE_TIME, Arg.READ_TIME], urc: ["QHTTPGET"] });
// Some firmwares answer a ranged GET with +QHTTPGET: (sibling modules do).
const getRange = step("AT+QHTTPGETEX=", { args: [Arg.RESPONSE_TIME, Arg.RANGE_START, Arg.RANGE_LENGTH, Arg.READ_TIME], urc: ["QHTTPGETEX", "QHTTPGET"] });
// The module may take 50 s to connect before `>` (manual 2.3.5), then the input time.
const post = step("AT+QHTTPPOST=", {
	args: [Arg.PACKET_LENGTH, Arg.INPUT_TIME, Arg.RESPONSE_TIME, Arg.MORE, Arg.READ_TIME],
	data: Data.PACKET, flags: Flag.DATA_FIRST, ms: 50000, time: Time.PROMPT | Time.INPUT, urc: ["QHTTPPOST"],
});
const read = step("AT+QHTTPREAD=", { args: [Arg.READ_LENGTH], payload: true, time: Time.READ });
// 9.7: "only can be set when RRC is in connected state", else +CME ERROR: 602.
const release = step("AT+QNBIOTRAI=1");

// The AT Commands Manual V1.4: chapters 2 (identity), 4 (network), 5 (PDN), 8 (USIM), 9 (power).
const apnRead = step("AT+QCGDEFCONT?");
const apnWrite = step("AT+QCGDEFCONT=\"IP\",", { args: [Arg.APN] });
// 5.1: the default PDN context "takes effect after the module is rebooted"; AT+CFUN=1,1 resets into full functionality.
const restart = step("AT+CFUN=1,1", { ms: 30000 });
const address = step("AT+CGPADDR");
// 4.8: +QENG: 0,<earfcn>,<offset>,<pci>,<cellID>,<RSRP>,<RSRQ>,<RSSI>,<SINR>,…
const cell = step("AT+QENG=0", { ms: 15000 });

// The ladder's row indexes (AT+CPIN? is 0), for its own next-row fields.
const enum Row {
	CGATT = 1,
	CGPADDR = 2,
	DNS = 3,
	CFUN0 = 4,
	CFUN1 = 5,
	ATTACH = 6,
}
const transfer = Object.freeze([...config, ...ca, url, get, getRange, post, read, release]);

export const BC660K: Profile = Object.freeze({
	name: "BC660K-GL",
	prompt: ">",
	// The manual's 500 ms from when the module sent `>`, plus the UART, the parse and a timer that fires early.
	promptDelay: 600,
	payload: "+QHTTPREAD:",
	openPayload: false,
	readName: "QHTTPREAD",
	hold: Object.freeze([0, 0]) as readonly [number, number],
	// AT+QHTTPURL takes 1–256 bytes; AT+QHTTPPOST 1–2048 a packet; AT+QHTTPREAD 1–1024 a read.
	limits: Object.freeze({ urlMax: 256, packetMax: 2048, readMax: 1024, contentTypes: CONTENT_TYPES, ranges: true, packets: true, wholeReads: false }),
	wake,
	sleep,
	bearer: Object.freeze([]),
	config,
	ca,
	url,
	get,
	getRange,
	headGet: undefined,
	post,
	read,
	transfer,
	// Chapter 4: SIM ready (4.1), attached and addressed (4.2, 4.4), a DNS server that is not 0.0.0.0
	// (4.2), then reactivation of the PDP context (4.2, 4.4) and the wait for the attach. The DNS query is
	// the read command of the AT manual; it is not verified on hardware.
	ladder: Object.freeze([
		step("AT+CPIN?", { check: Check.IS, expect: "READY", good: Row.CGATT, bad: Next.FAIL, code: ERR_AT_ERROR, why: "the (U)SIM is not ready (AT+CPIN?)" }),
		step("AT+CGATT?", { check: Check.NUMBER, value: 1, good: Row.CGPADDR, bad: Row.CGPADDR, flags: Flag.REACTIVATE }),
		// "+CGPADDR: <cid>" alone means no address.
		step("AT+CGPADDR", { check: Check.FIELDS, good: Row.DNS, bad: Row.DNS, flags: Flag.REACTIVATE }),
		step("AT+QIDNSCFG?", { check: Check.LACKS, expect: "\"0.0.0.0\"", good: Next.DECIDE, bad: Next.DECIDE, flags: Flag.REACTIVATE }),
		step("AT+CFUN=0", { ms: 30000, good: Row.CFUN1, bad: Row.CFUN1 }),
		step("AT+CFUN=1", { ms: 30000, good: Row.ATTACH, bad: Row.ATTACH, flags: Flag.FORGET }),
		step("AT+CGATT?", {
			check: Check.NUMBER, value: 1, wait: 1000, tries: 10, good: Next.DONE, bad: Next.RETRY,
			code: 709 /* network deactivated */, why: "the network did not attach after AT+CFUN=1",
		}),
	]),
	reactivateAt: Row.CFUN0,
	network: Object.freeze({
		sim, simReady: "READY", apnRead, apnWrite, restart, restartMs: 3000, active: undefined, activate: undefined, report, registration, address,
		psm, psmOff, edrx, edrxOff,
		edrxCycles: EDRX_CYCLES,
		revision, revisionPrefix: REVISION_PREFIX, imei, iccid, imsi, cell, cellFields: Object.freeze([5, 6, 8]) as readonly [number, number, number],
		signal, edrxRead, sleepRead, release,
		start: Object.freeze([sim, apnRead, apnWrite, restart, report, psm, psmOff, edrx, edrxOff, registration, address]),
		status: Object.freeze([report, revision, imei, iccid, imsi, registration, cell, signal, edrxRead, sleepRead]),
		power: Object.freeze([psm, psmOff, edrx, edrxOff]),
	}),
	registration: "CEREG",
	urcs: urcsOf(transfer),
	readTimeoutCode: 722, // read timeout
	responseTimeoutCode: 728, // wait HTTP(S) response timeout
	cmeCode,
	lookup,
});

