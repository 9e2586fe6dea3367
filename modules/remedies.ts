// What to do about each code of the library: the manuals' remedies (the HTTP(S) note's chapter 4, the
// BG95 family's), and ours. Apart from the core on purpose: the texts are about 10 KB of flash that an app
// which only logs codes does without. An app that says what to do includes manifest_remedies.json and
// calls remedy(); docs/errors.md prints the same texts (a test keeps them equal).

// The BC660K's (HTTP(S) application note, chapter 4), shared by several codes.
const LADDER = "Check the SIM (AT+CPIN? must say READY), the attach (AT+CGATT?) and the address (AT+CGPADDR), " +
	"that the DNS server (AT+QIDNSCFG) is not 0.0.0.0, then re-activate the PDP context with AT+CFUN=0 and AT+CFUN=1, and resend.";
const SEND_FAILED = "Check that the URL is valid and reachable, that the server accepts the method and that the PDP context " +
	"is active; if it still fails, re-activate it with AT+CFUN=0 then AT+CFUN=1 (chapter 4.4).";
const RESEND = "Resend the request (AT+QHTTPGET/AT+QHTTPPOST); if that fails too, follow chapter 4.4: " + SEND_FAILED;
const WAIT = "Wait for the pending request to end (its +QHTTPGET/+QHTTPPOST result), then retry.";
// The BG95 family's: its data bearer is a PDP context the host activates (AT+QIACT), so reactivation is
// AT+QIDEACT then AT+QIACT rather than AT+CFUN.
const BG95_CONTEXT = "Check the SIM (AT+CPIN?), the attach (AT+CGATT?) and the context (AT+QIACT? shows context 1 with an address); " +
	"reactivate it with AT+QIDEACT=1 and AT+QIACT=1, and resend.";
const BG95_RESEND = "Resend the request; if it fails again, reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1).";
const BG95_WAIT = "Wait for the pending request to end (its result URC), then retry.";
const BG95_BUSY = "A call or another port holds the module: retry when it is free.";
const BAD_RESPONSE = "The response bytes are not valid HTTP/1.1: discard the response and resend (bytes lost on the UART " +
	"look like this); if it repeats, the server is at fault.";

// code, text, code, text…: the BC660K-GL's 701–730 and 921, the BG95 family's, then the library's own.
const BC660K: readonly (number | string)[] = Object.freeze([
	701, "Resend the request; if it repeats over HTTPS, check the TLS settings (AT+QSSLCFG). " + SEND_FAILED,
	702, RESEND,
	703, WAIT + " AT+QHTTPREAD sent before the result URC also answers 703.",
	704, "Another port is in data mode and the module allows one at a time: retry after it has left data mode (chapter 4.3).",
	705, "AT+QHTTPREAD was sent with no request done: send AT+QHTTPGET or AT+QHTTPPOST first.",
	706, "The network is busy: retry a little later.",
	707, LADDER,
	708, "Set the PDP context with AT+QHTTPCFG=\"contextid\",0. " + LADDER,
	709, LADDER,
	710, LADDER,
	711, "The URL set with AT+QHTTPURL is invalid: it must start with http:// or https:// and be 1–256 bytes; a redirect to a relative Location also gives 711.",
	712, "No URL is set: set it with AT+QHTTPURL (a module restart forgets it), then resend.",
	713, LADDER,
	714, "Make sure the domain name is valid (chapter 4.2). " + LADDER,
	715, SEND_FAILED,
	716, "Check the host and port. A stale data connection also gives 716 while an address is still shown: " + SEND_FAILED,
	717, "Resend the request (chapter 4.5); if sending fails, follow chapter 4.4.",
	718, RESEND,
	719, "The server or network closed the connection: " + RESEND,
	720, "The module could not encode the request: check the URL and the request head for invalid characters.",
	721, "The module could not decode the answer (over HTTPS often a TLS problem: check AT+QSSLCFG). " + RESEND,
	722, "The server stopped sending: " + RESEND,
	723, RESEND,
	726, "The data after > did not all arrive in time: send exactly the announced byte count (UTF-8 bytes, not characters) promptly, then resend.",
	727, "The module waited too long for data: resend the request.",
	728, "No answer within <rsptime>: resend, with a longer <rsptime> if the server is slow; if it repeats, follow chapter 4.4.",
	729, "The module is out of memory: finish or abandon the previous response, use smaller packets, retry; reset the module if it persists.",
	730, "A parameter is out of range (URL 1–256 bytes, POST packet 1–2048 bytes, timeouts 1–300 s, read length 1–1024): fix the call.",
	921, "Check the AT+QSSLCFG settings (seclevel, CA certificate in PEM); the module supports only one-way or no authentication.",
]);
const BG95: readonly (number | string)[] = Object.freeze([
	701, "Resend; over HTTPS check the TLS settings (AT+QSSLCFG: sslversion, seclevel, cacert). " + BG95_RESEND,
	702, BG95_RESEND,
	703, BG95_WAIT + " AT+QHTTPREAD sent before the result URC also answers 703.",
	704, BG95_BUSY,
	705, "AT+QHTTPREAD was sent with no request done: send the request first.",
	706, "The network is busy: retry a little later.",
	707, BG95_CONTEXT,
	708, "Define the context (AT+QICSGP=1,1,\"<apn>\") and name it (AT+QHTTPCFG=\"contextid\",1). " + BG95_CONTEXT,
	709, BG95_CONTEXT,
	710, BG95_CONTEXT,
	711, "The URL set with AT+QHTTPURL is invalid: http:// or https://, 1–700 bytes; a redirect to a relative Location also gives 711.",
	712, "No URL is set: set it with AT+QHTTPURL (a restart forgets it), then resend.",
	713, BG95_CONTEXT,
	714, "Make sure the domain name is valid. " + BG95_CONTEXT,
	715, BG95_CONTEXT,
	716, "Check the host and port. A stale context also gives 716: " + BG95_CONTEXT,
	717, BG95_RESEND,
	718, BG95_RESEND,
	719, "The server or network closed the connection: " + BG95_RESEND,
	720, "Check the URL and the request head for invalid characters.",
	721, "Over HTTPS often a TLS problem (AT+QSSLCFG). " + BG95_RESEND,
	722, "The server stopped sending: " + BG95_RESEND,
	723, BG95_RESEND,
	724, BG95_BUSY,
	725, BG95_BUSY,
	726, "The data after CONNECT did not all arrive in time: send exactly the announced byte count (UTF-8 bytes) promptly, then resend.",
	727, "The module waited too long for data: resend the request.",
	728, "No answer within <rsptime>: resend, with a longer <rsptime> if the server is slow.",
	729, "The module is out of memory: finish or abandon the previous response, retry; reset the module if it persists.",
	730, "A parameter is out of range (URL 1–700 bytes, timeouts 1–65535 s): fix the call.",
	921, "Check the AT+QSSLCFG settings (sslversion, seclevel) and the CA file (AT+QFUPL, then \"cacert\" naming it).",
]);
const LIBRARY: readonly (number | string)[] = Object.freeze([
	900, "Check that the SIM is inserted and AT+CPIN? answers +CPIN: READY (chapter 4.1), then the command's syntax.",
	901, "Check power, wiring and baud rate; the first command after sleep is often lost, so send AT again (up to ten times); reset the module if it stays silent.",
	902, "Its HTTP and TLS settings are not saved: configure it again, then resend.",
	903, "Bytes were lost or doubled on the UART " + "inside an AT+QHTTPREAD answer, or a count or result was unreadable. The next request sends the URL and settings again: resend. " + "If it repeats, check the ground, the level shifter (powered from VDD_EXT) and the baud rate.",
	904, "The serial reported an error or refused a write (on Linux: its device went away, a USB adapter " + "unplugged or the emulator stopped): the modem closed itself and settled every request. Check the port and the wiring, then make a " + "new Modem (and its clients), after a delay rather than in a loop.",
	930, "The client was closed: create a new one.",
	931, "The caller cancelled the request; nothing to recover.",
	950, "AT+CPIN? did not answer +CPIN: READY: check that the SIM is inserted and its contacts clean, that it needs no PIN, " + "and that the module is at full functionality (AT+CFUN=1: with AT+CFUN=0 the (U)SIM is powered down), then start again.",
	951, "The network rejected the module (+CEREG stat 3; the EMM cause is in the detail, 3GPP TS 24.008 annex G): " + "check that the SIM's subscription is active for NB-IoT, that the APN is the operator's (start({ apn })), and that the band is the network's; " + "cause 11 or 13 (PLMN or roaming not allowed) needs another operator or SIM.",
	952, "The module did not register (home or roaming) within the timeout: check the antenna and coverage " + "(AT+CESQ, status().rsrp), the band, the SIM's subscription; a first attach can take minutes: start again with a longer timeout.",
	953, "Registered, but AT+CGPADDR shows no address for the data bearer: check the APN (start({ apn })), then " + "re-activate with AT+CFUN=0 and AT+CFUN=1 (the next request's recovery ladder does).",
	954, "The registration was lost (+CEREG) while the request ran, so it got no answer: wait " + "until onNetwork reports registered again (coverage back), then resend.",
	911, "The body is shorter than its Content-Length, or the response stopped inside its head or a chunk: resend the request.",
	912, BAD_RESPONSE,
	913, "Raise maxHeaderBytes or ask the server for fewer headers.",
	914, "The server sent a Content-Length that is not one decimal number: the response cannot be trusted; fix the server.",
	915, BAD_RESPONSE,
	916, "The body is longer than its Content-Length, or foreign bytes were read with it: discard the response and resend.",
	920, "The server answered without the requested range (200 instead of 206, or another Content-Range): fetch the whole resource with a plain GET.",
	932, "The reader took no bytes (or the writer wrote none) for the client's callerTimeout: read in onReadable with this.read(count), write when onWritable offers room, or raise callerTimeout. The module was freed.",
	933, "onHeaders, onReadable or onWritable threw (the error is the cause): the request was ended and the module freed; fix the callback.",
	940, "The server's size (its Content-Range) or the bytes that arrived differ from the manifest's. Nothing was completed, and no byte past the manifest's size was written: publish a manifest that matches the image.",
	941, "Every byte arrived and the digest differs (both are in the message). Nothing was completed. The image or the manifest is wrong, or changed during the download: fetch the manifest again and retry.",
	942, "The target threw at open (no OTA partition, an image larger than it), write or complete (its error is the cause), or a sink stopped accepting. The image is abandoned. Check the partition table (an OTA partition: defines.ota.autosplit), that the image fits, and the flash; then retry.",
]);

function textIn(table: readonly (number | string)[], code: number): string | undefined {
	for (let i = 0; i < table.length; i += 2) if (table[i] === code) return table[i + 1] as string;
	return undefined;
}

/**
 * What to do about `code` (a ModemError's), as the manual of `module` says (what new Modem({ module })
 * took: "bc660k" by default, "bg95", "bg77", "bg96" for the BG95 family's, or the profile object); a
 * generic text for a code no table has. Anything else for `module` gets the BC660K's texts: a report of
 * an error never throws.
 */
export function remedy(code: number, module: string | { readonly name: string } = "bc660k"): string {
	const name = String(typeof module === "object" && module !== null ? module.name : module).toLowerCase();
	const family = name === "bg95" || name === "bg77" || name === "bg96";
	return textIn(family ? BG95 : BC660K, code) ?? textIn(LIBRARY, code) ??
		(code >= 700 && code < 800
			? (family ? "Not in the family's HTTP(S) table: " + BG95_RESEND : "Not in the application note: see the AT commands manual; " + RESEND)
			: "Not a code of this library or of the module: report it.");
}
