// The Quectel BG95 (and BG77, BG96: one HTTP(S) dialect of the QHTTP family) as data for the runner: data
// mode opens with a CONNECT line, a read is one CONNECT … OK block of the whole response (no count: the
// HTTP response itself says where it ends) followed by +QHTTPREAD: <err>, the data bearer is a PDP context
// the host activates (AT+QICSGP, AT+QIACT), TLS settings name a context and the CA is a file in UFS. No
// ranged GET of its own (a Range header in a request head instead), no release assistance.
import { step, Arg, Check, Data, Flag, Next, Time, Want } from "../script.js";
import { urcsOf, type Profile } from "../profile.js";
import { addProfile } from "../profiles.js";
import { EDRX_CYCLES, REVISION_PREFIX, edrx, edrxOff, edrxRead, iccid, imei, imsi, psm, psmOff, registration, report, revision, signal, sim, sleep, sleepRead, wake } from "../standard.js";
import { ERR_AT_ERROR, ERR_TLS_CONFIG } from "../codes.js";
import { cmeCode, lookup } from "./codes.js";

const CONTENT_TYPES = Object.freeze(["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data", "application/json", "image/jpeg"]);

const config = Object.freeze([
	step("ATE", { args: [Arg.VALUE], want: Want.ALWAYS, value: 0 }),
	step("AT+QSCLK=", { args: [Arg.VALUE], want: Want.AWAKE, value: 0 }),
	step("AT+QHTTPCFG=\"contextid\",", { args: [Arg.VALUE], want: Want.ALWAYS, value: 1 }),
	step("AT+QHTTPCFG=\"responseheader\",", { args: [Arg.VALUE], want: Want.ALWAYS, value: 1 }),
	step("AT+QHTTPCFG=\"sslctxid\",", { args: [Arg.VALUE], want: Want.TLS, value: 1 }),
	step("AT+QSSLCFG=\"sslversion\",1,", { args: [Arg.VALUE], want: Want.TLS, value: 4, code: ERR_TLS_CONFIG }), // TLS 1.0–1.2
	step("AT+QSSLCFG=\"seclevel\",1,", { args: [Arg.VALUE], want: Want.VERIFY, code: ERR_TLS_CONFIG }),
	step("AT+QHTTPCFG=\"requestheader\",", { args: [Arg.VALUE], want: Want.CUSTOM }),
	step("AT+QHTTPCFG=\"contenttype\",", { args: [Arg.VALUE], want: Want.CONTENT_TYPE }),
]);
// The CA as a file: the old one deleted (absent is fine), the PEM uploaded after CONNECT (exactly its
// bytes, answered +QFUPL: <size>,<checksum>), then named as the context's CA.
const ca = Object.freeze([
	step("AT+QFDEL=\"UFS:nbiot-ca.pem\"", { bad: Next.ROW }),
	step("AT+QFUPL=\"UFS:nbiot-ca.pem\",", { args: [Arg.CA_LENGTH, Arg.INPUT_TIME], data: Data.CA, flags: Flag.DATA_FIRST, time: Time.PROMPT | Time.DATA, code: ERR_TLS_CONFIG }),
	step("AT+QSSLCFG=\"cacert\",1,\"UFS:nbiot-ca.pem\"", { code: ERR_TLS_CONFIG }),
]);
const url = step("AT+QHTTPURL=", { args: [Arg.URL_LENGTH, Arg.INPUT_TIME], data: Data.URL, flags: Flag.DATA_FIRST, ms: 4000, time: Time.PROMPT });
const get = step("AT+QHTTPGET=", { args: [Arg.RESPONSE_TIME], urc: ["QHTTPGET"] });
// requestheader 1: the whole request head after CONNECT (a GET with headers of its own, a Range among them).
const headGet = step("AT+QHTTPGET=", { args: [Arg.RESPONSE_TIME, Arg.DATA_LENGTH, Arg.INPUT_TIME], data: Data.PACKET, flags: Flag.DATA_FIRST, ms: 4000, time: Time.PROMPT | Time.INPUT, urc: ["QHTTPGET"] });
// One shot: the body (or, requestheader 1, head and body) after CONNECT, its length said first, in as
// many packets as it takes.
const post = step("AT+QHTTPPOST=", { args: [Arg.DATA_LENGTH, Arg.INPUT_TIME, Arg.RESPONSE_TIME], data: Data.PACKET, flags: Flag.DATA_FIRST, ms: 4000, time: Time.PROMPT | Time.INPUT, urc: ["QHTTPPOST"] });
const read = step("AT+QHTTPREAD=", { args: [Arg.READ_WAIT], payload: true, time: Time.READ, urc: ["QHTTPREAD"] });

const apnRead = step("AT+QICSGP=1");
const apnWrite = step("AT+QICSGP=1,1,", { args: [Arg.APN] });
const active = step("AT+QIACT?");
// Up to 150 s while the network sets the bearer up.
const activate = step("AT+QIACT=1", { ms: 150000 });
const address = step("AT+CGPADDR=1");

// The ladder's row indexes (AT+CPIN? is 0).
const enum Row {
	CGATT = 1,
	QIACT = 2,
	DEACT = 3,
	ACT = 4,
}
// The context HTTP rides on, brought up before a request when it is not known to be up (a request made
// before start(), or after the module restarted).
const bearer = Object.freeze([active, activate]);
const transfer = Object.freeze([...bearer, ...config, ...ca, url, get, headGet, post, read]);

export const BG95: Profile = Object.freeze({
	name: "BG95",
	prompt: "CONNECT",
	promptDelay: 0, // the module takes data at once after CONNECT
	payload: "CONNECT",
	openPayload: true,
	readName: "CONNECT",
	// CR LF OK CR LF, then CR LF +QHTTPREAD: 0 CR LF at least (23 bytes); up to six more blank-line bytes
	// before and after the OK and a three-digit error at most (37).
	hold: Object.freeze([23, 40]) as readonly [number, number],
	// URL 1–700 bytes; a request head or one-shot body in one packet; a read is the whole response.
	limits: Object.freeze({ urlMax: 700, packetMax: 2048, readMax: 2048, contentTypes: CONTENT_TYPES, ranges: false, packets: false, wholeReads: true }),
	wake,
	sleep,
	bearer,
	config,
	ca,
	url,
	get,
	getRange: undefined,
	headGet,
	post,
	read,
	transfer,
	// The SIM, the attach, the context (active, with an address); a check that fails, or a failure after a
	// failure, reactivates the context.
	ladder: Object.freeze([
		step("AT+CPIN?", { check: Check.IS, expect: "READY", good: Row.CGATT, bad: Next.FAIL, code: ERR_AT_ERROR, why: "the (U)SIM is not ready (AT+CPIN?)" }),
		step("AT+CGATT?", { check: Check.NUMBER, value: 1, good: Row.QIACT, bad: Row.QIACT, flags: Flag.REACTIVATE }),
		step("AT+QIACT?", { check: Check.SEEN, good: Next.DECIDE, bad: Next.DECIDE, flags: Flag.REACTIVATE }),
		step("AT+QIDEACT=1", { ms: 40000, good: Row.ACT, bad: Row.ACT }),
		step("AT+QIACT=1", {
			ms: 150000, wait: 1000, tries: 5, good: Next.DONE, bad: Next.RETRY, code: 709, why: "the PDP context did not activate again (AT+QIACT=1)",
		}),
	]),
	reactivateAt: Row.DEACT,
	network: Object.freeze({
		sim, simReady: "READY", apnRead, apnWrite, restart: undefined, restartMs: 0, active, activate, report, registration, address,
		psm, psmOff, edrx, edrxOff,
		edrxCycles: EDRX_CYCLES,
		revision, revisionPrefix: REVISION_PREFIX, imei, iccid, imsi, cell: undefined, cellFields: Object.freeze([0, 0, 0]) as readonly [number, number, number],
		signal, edrxRead, sleepRead, release: undefined,
		start: Object.freeze([sim, apnRead, apnWrite, report, psm, psmOff, edrx, edrxOff, registration, active, activate, address]),
		status: Object.freeze([report, revision, imei, iccid, imsi, registration, signal, edrxRead, sleepRead]),
		power: Object.freeze([psm, psmOff, edrx, edrxOff]),
	}),
	registration: "CEREG",
	urcs: urcsOf(transfer),
	readTimeoutCode: 722,
	responseTimeoutCode: 728,
	cmeCode,
	lookup,
});

// The BG77 and BG96 speak the BG95's HTTP(S) dialect.
addProfile(["bg95", "bg77", "bg96"], BG95);
