// The module's error answers: +CME ERROR: <err> as AT+CMEE (AT Commands Manual 10.2) sets it, with the
// texts of the manual's chapter 15 (table 5) and of the HTTP(S) note's result codes.

/** AT Commands Manual V1.4, chapter 15, table 5. */
const CME_TEXTS: Record<number, string> = {
	1: "MT not connected", 2: "MT link reserved", 3: "Operation not allowed", 4: "Operation not supported",
	5: "PH-SIM PIN required", 6: "PH-FSIM PIN required", 7: "PH-FSIM PUK required", 10: "USIM not inserted",
	11: "USIM PIN required", 12: "USIM PUK required", 13: "USIM failure", 14: "USIM busy", 15: "USIM wrong",
	16: "Incorrect password", 17: "USIM PIN2 required", 18: "USIM PUK2 required", 20: "Memory full", 21: "Invalid index",
	22: "Not found", 23: "Memory failure", 24: "Text string too long", 25: "Invalid characters in text string",
	26: "Dial string too long", 27: "Invalid characters in dial string", 30: "No network service", 31: "Network timeout",
	32: "Network not allowed - emergency call only", 40: "Network personalization PIN required",
	41: "Network personalization PUK required", 42: "Network subset personalization PIN required",
	43: "Network subset personalization PUK required", 44: "Service provider personalization PIN required",
	45: "Service provider personalization PUK required", 46: "Corporate personalization PIN required",
	47: "Corporate personalization PUK required", 48: "Hidden key required", 49: "EAP method not support",
	50: "Incorrect Parameters", 51: "Command implemented but currently disabled", 52: "Command aborted by user",
	53: "Not attached to network due to MT functionality restrictions",
	54: "Modem not allowed - MT restricted to emergency calls only", 55: "Operation not allowed because of MT functionality restrictions",
	56: "Fixed dialing allowed only - dialed number is not a telephone number", 57: "Temporarily out of service due to other MT usage",
	58: "Language/alphabet not supported", 59: "Data value out of range", 60: "System failure", 61: "Data missing",
	62: "Call barred", 63: "Message waiting indication subscription failure", 100: "Unknown", 103: "Illegal MS",
	106: "Illegal ME", 107: "GPRS services not allowed", 108: "GPRS services and non GPRS services not allowed",
	111: "PLMN not allowed", 112: "Location area not allowed", 113: "Roaming not allowed in this location area",
	114: "GPRS services not allowed in this PLMN", 115: "No suitable cells in location area", 122: "Congestion",
	126: "Insufficient resources", 127: "Mission or unknown APN", 128: "Unknown PDP address or PDP type",
	129: "User authentication failed", 130: "Activation of PDN rejected by GGSN services GW or PDN GW",
	131: "Activation of PDN rejected for unknown cause", 132: "Service option not supported",
	133: "Requested service option not subscribed", 134: "Service option temporarily out of order", 140: "Feature not supported",
	141: "Semantic errors in the TFT operation", 142: "Syntactical errors in the TFT operation", 143: "Unknown PDP context",
	144: "Semantic errors in packet filters", 145: "Syntactical errors in packet filters", 146: "PDP context without TFT already activated",
	148: "Unspecified GPRS error", 149: "PDP authentication failure", 150: "Invalid mobile class",
	171: "Last PDN disconnection not allowed", 172: "Semantically incorrect message", 173: "Mandatory information element error",
	174: "Information element not existent or not implemented", 175: "Conditional IE error", 176: "Protocol error unspecified",
	177: "Operator determined barring", 178: "Reaching max number of PDP contexts",
	179: "Requested APN not supported in current RAT and PLMN combination", 180: "Request rejected, Bearer control mode violation",
	181: "Unsupported QCI value", 182: "User data transmission via control plane is congested", 301: "Internal error base",
	302: "UE busy", 303: "Not powered on", 304: "PDN not active", 305: "PDN not valid", 306: "PDN invalid type",
	307: "PDN no parameter", 308: "UE failure", 309: "PDN type and APN duplicate used", 312: "USIM PIN already enabled",
	602: "No RRC connection",
};

/** The HTTP(S) note's result codes (its chapter 5). */
export const HTTP_TEXTS: Record<number, string> = {
	701: "HTTP(S) unknown error", 702: "HTTP(S) timeout", 703: "HTTP(S) busy", 704: "HTTP(S) UART busy",
	705: "HTTP(S) no GET/POST requests", 706: "HTTP(S) network busy", 707: "HTTP(S) network open failed",
	708: "HTTP(S) network no configuration", 709: "HTTP(S) network deactivated", 710: "HTTP(S) network error",
	711: "HTTP(S) URL error", 712: "HTTP(S) empty URL", 713: "HTTP(S) IP address error", 714: "HTTP(S) DNS error",
	715: "HTTP(S) socket create error", 716: "HTTP(S) socket connect error", 717: "HTTP(S) socket read error",
	718: "HTTP(S) socket write error", 719: "HTTP(S) socket closed", 720: "HTTP(S) data encode error",
	721: "HTTP(S) data decode error", 722: "HTTP(S) read timeout", 723: "HTTP(S) response failed", 726: "Input timeout",
	727: "Wait data timeout", 728: "Wait HTTP(S) response timeout", 729: "Memory allocation failed", 730: "Invalid parameter",
};

/** The BG95's texts (choice: its manuals' are not available; notes §9): the HTTP codes as the BC660K
 *  note words them, with its 705, 724 and 725, and the file system's 4xx of Quectel's BG95 code. */
export const BG95_TEXTS: Record<number, string> = {
	...HTTP_TEXTS, 705: "HTTP(S) no GET/POST/PUT requests", 724: "HTTP(S) incoming call busy", 725: "HTTP(S) voice call busy",
	400: "Invalid input value", 401: "Larger than the size of the file", 402: "Read zero byte", 403: "Drive full", 405: "File not found",
	406: "Invalid file name", 407: "File already existed", 409: "Fail to write the file", 410: "Fail to open the file", 411: "Fail to read the file",
	413: "Reach the max number of file allowed to be opened", 414: "The file read-only", 416: "Invalid file descriptor",
	417: "Fail to list the file", 418: "Fail to delete the file", 419: "Fail to get disk info", 420: "No space", 421: "Time out",
	423: "File too large", 425: "Invalid parameter", 426: "File already opened",
};

/** AT+CMEE's <n>: 0 plain ERROR, 1 numeric, 2 verbose. */
export type CmeeMode = 0 | 1 | 2;

const CME = /^\+CME ERROR: (\d+)$/;

/** An answer as the module prints it under AT+CMEE=`mode`: a final `+CME ERROR: <n>` becomes `ERROR`
 *  (0), stays (1) or takes its text (2; a code without a text keeps its number). */
export function withCmee(answer: string, mode: CmeeMode, texts: Readonly<Record<number, string>>): string {
	const lines = answer.split("\r\n");
	const last = CME.exec(lines[lines.length - 1]!);
	if (!last || mode === 1) return answer;
	const code = Number(last[1]);
	lines[lines.length - 1] = mode === 0 ? "ERROR" : `+CME ERROR: ${texts[code] ?? CME_TEXTS[code] ?? code}`;
	return lines.join("\r\n");
}
