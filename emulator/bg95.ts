// The BG95 / BG77 / BG96 HTTP(S) dialect (shared/spec/BG95-FAMILY-NOTES.md, "notes §n" below): CONNECT
// before data, the context the host activated, TLS contexts whose certificates are UFS files, and reads
// of the whole response in one CONNECT … OK block followed by `+QHTTPREAD: <err>`. Where the sources
// are silent, emulator/README.md ("BG95") lists the choices.
import { lateMs } from "./faults.js";
import { Http, type Link } from "./http.js";
import { fields, int, ok, span, volatile, type Call, type Command, type Module } from "./module.js";
import { parseUrl, type TlsVersion } from "./network.js";
import { ufsName } from "./ufs.js";

const CONNECT = "\r\nCONNECT\r\n";
/** "contenttype" 0–5 (notes §3: Quectel's BG95 range and Sixfab's BG95 list). */
const CONTENT_TYPES = ["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data", "application/json", "image/jpeg"];
type ConfigItem = "contextid" | "requestheader" | "responseheader" | "sslctxid" | "contenttype";
/** AT+QHTTPCFG's items: range and the default a BG96 read form showed (notes §3). */
const CONFIG: Record<ConfigItem, [number, number, number]> = {
	contextid: [1, 16, 1], requestheader: [0, 1, 0], responseheader: [0, 1, 0], sslctxid: [0, 5, 1], contenttype: [0, 5, 0],
};
const SSL_CONTEXTS = 6;
type SslInt = "sslversion" | "seclevel" | "sni" | "checkhost" | "ignorecertchain" | "ignorelocaltime" | "negotiatetime";
/** AT+QSSLCFG's numeric items (the BG96 test answer, notes §4): range and default (choice where unknown:
 *  all versions, no authentication, SNI and host check off, the local time ignored, 300 s). */
const SSL_INTS: Record<SslInt, [number, number, number]> = {
	sslversion: [0, 4, 4], seclevel: [0, 2, 0], sni: [0, 1, 0], checkhost: [0, 1, 0], ignorecertchain: [0, 1, 0], ignorelocaltime: [0, 1, 1], negotiatetime: [10, 300, 300],
};
const SSL_PATHS = ["cacert", "clientcert", "clientkey"] as const;
/** <SSL_version> 0 (SSL 3.0, which the emulator cannot offer: 701) to 4 (all). */
const TLS_VERSIONS: Record<number, [TlsVersion, TlsVersion]> = { 1: ["TLSv1", "TLSv1"], 2: ["TLSv1.1", "TLSv1.1"], 3: ["TLSv1.2", "TLSv1.2"], 4: ["TLSv1", "TLSv1.2"] };

type SslContext = Record<SslInt, number> & Record<(typeof SSL_PATHS)[number], string> & { ciphersuite: string };

const config = (m: Module) => volatile(m, "QHTTPCFG", () => Object.fromEntries(Object.entries(CONFIG).map(([k, v]) => [k, v[2]])) as Record<ConfigItem, number>);
const sslContexts = (m: Module) => volatile(m, "QSSLCFG", () => Array.from({ length: SSL_CONTEXTS }, (): SslContext => ({
	...(Object.fromEntries(Object.entries(SSL_INTS).map(([k, v]) => [k, v[2]])) as Record<SslInt, number>), cacert: "", clientcert: "", clientkey: "", ciphersuite: "0XFFFF",
})));

function link(m: Module): Link {
	const c = config(m);
	const ssl = sslContexts(m)[c.sslctxid]!;
	const versions = TLS_VERSIONS[ssl.sslversion];
	const name = ufsName(ssl.cacert);
	const ca = name === undefined ? undefined : m.nv.files.get(name);
	return {
		bearer: m.radio.bearer(c.contextid),
		tls: versions && { ca: ca && Buffer.from(ca).toString("latin1"), verify: ssl.seclevel > 0 && !ssl.ignorecertchain, min: versions[0], max: versions[1] },
	};
}

// The errors every request command checks first: no URL (712), one that is not http(s) (711: the URL is
// taken as it comes and judged at the request, notes §5), a request under way (703).
function refused(m: Module): string | undefined {
	if (!m.http.url) return "+CME ERROR: 712";
	if (!parseUrl(m.http.url)) return "+CME ERROR: 711";
	if (m.http.inFlight) return "+CME ERROR: 703";
	return undefined;
}

// Counted data after CONNECT; a timeout with bytes missing is 726, "input timeout" (choice: not captured).
function input(m: Module, length: number, seconds: number, fault: Call["fault"], done: (bytes: Uint8Array) => void): undefined {
	m.uart.openData(CONNECT, { length, done, failed: () => m.reply("+CME ERROR: 726") }, seconds, fault);
	return undefined;
}

// ---- AT+QHTTPCFG (notes §3) ----

function httpcfg({ args, raw }: Call, m: Module): string {
	const c = config(m);
	const items = Object.keys(CONFIG) as ConfigItem[];
	const line = (item: ConfigItem) => `+QHTTPCFG: "${item}",${c[item]}`;
	if (args === "=?") return ok(...items.map((item) => `+QHTTPCFG: "${item}",${span(CONFIG[item][0], CONFIG[item][1])}`));
	if (args === "?") return ok(...items.map(line));
	const f = fields(raw.trim());
	const item = f?.[0]?.quoted ? f[0].text.toLowerCase() : "";
	if (!f || !(item in CONFIG) || f.length > 2) return "ERROR";
	const key = item as ConfigItem;
	if (f.length === 1) return ok(line(key));
	const value = int(f[1], CONFIG[key][0], CONFIG[key][1]);
	if (Number.isNaN(value)) return "ERROR";
	c[key] = value;
	m.http.withHead = c.responseheader === 1;
	return "OK";
}

// ---- AT+QSSLCFG="<item>",<ctx>[,<value>] (notes §4): contexts 0–5 ----

function sslcfg({ args, raw }: Call, m: Module): string {
	if (args === "=?") {
		const ints = (Object.keys(SSL_INTS) as SslInt[]).map((item) => `+QSSLCFG: "${item}",(0-5),${span(SSL_INTS[item][0], SSL_INTS[item][1])}`);
		return ok(...ints, "+QSSLCFG: \"ciphersuite\",(0-5),(0X0035,0X002F,0X000A,0XFFFF)", ...SSL_PATHS.map((item) => `+QSSLCFG: "${item}",(0-5),<path>`));
	}
	const f = fields(raw.trim());
	const item = f?.[0]?.quoted ? f[0].text.toLowerCase() : "";
	const ctx = int(f?.[1], 0, SSL_CONTEXTS - 1);
	if (!f || f.length > 3 || Number.isNaN(ctx)) return "ERROR";
	const ssl = sslContexts(m)[ctx]!;
	const value = f[2];
	if ((SSL_PATHS as readonly string[]).includes(item)) {
		const key = item as (typeof SSL_PATHS)[number];
		if (!value) return ok(`+QSSLCFG: "${item}",${ctx},"${ssl[key]}"`);
		if (!value.quoted || ufsName(value.text) === undefined) return "ERROR";
		ssl[key] = value.text;
		return "OK";
	}
	if (item === "ciphersuite") {
		if (!value) return ok(`+QSSLCFG: "ciphersuite",${ctx},${ssl.ciphersuite}`);
		if (!/^0X[0-9A-F]{4}$/i.test(value.text)) return "ERROR";
		ssl.ciphersuite = value.text.toUpperCase();
		return "OK";
	}
	const limits = SSL_INTS[item as SslInt];
	if (!limits) return "ERROR";
	if (!value) return ok(`+QSSLCFG: "${item}",${ctx},${ssl[item as SslInt]}`); // a BG770A's form (notes §4)
	const n = int(value, limits[0], limits[1]);
	if (Number.isNaN(n)) return "ERROR";
	ssl[item as SslInt] = n;
	return "OK";
}

// ---- AT+QHTTPURL=<len>[,<timeout>] (notes §5): 1–700 bytes after CONNECT ----

function url({ args, fault }: Call, m: Module): string | undefined {
	if (args === "=?") return ok("+QHTTPURL: (1-700),(1-65535)");
	if (args === "?") return m.http.url ? ok(`+QHTTPURL: ${m.http.url}`) : "OK";
	const f = fields(args);
	const length = int(f?.[0], 1, 700), timeout = f?.[1] ? int(f[1], 1, 65535) : 60;
	if (!f || f.length > 2 || Number.isNaN(length) || Number.isNaN(timeout)) return "ERROR";
	if (m.http.inFlight) return "+CME ERROR: 703";
	return input(m, length, timeout, fault, (bytes) => {
		m.http.url = Buffer.from(bytes).toString("latin1");
		m.reply("OK", lateMs(fault));
	});
}

// ---- AT+QHTTPGET=<rsptime>[,<data_length>[,<input_time>]] (notes §6): with "requestheader" 1 the whole
// request after CONNECT (a ranged GET is one with its own Range header); without, no data ----

function get({ args, fault }: Call, m: Module): string | undefined {
	if (args === "=?") return ok("+QHTTPGET: (1-65535),(1-2048),(1-65535)");
	const f = args === "" ? [] : fields(args);
	const rsptime = f?.[0] ? int(f[0], 1, 65535) : 60, length = f?.[1] ? int(f[1], 1, 2048) : 0, inputTime = f?.[2] ? int(f[2], 1, 65535) : 60;
	const custom = config(m).requestheader === 1;
	if (!f || f.length > 3 || [rsptime, length, inputTime].some(Number.isNaN) || custom !== length > 0) return "ERROR";
	const no = refused(m);
	if (no) return no;
	const urc = fault?.kind === "urc" ? fault.value : 0;
	if (custom) {
		return input(m, length, inputTime, fault, (bytes) => {
			m.reply("OK", lateMs(fault));
			m.http.request("QHTTPGET", Buffer.from(bytes), rsptime, urc, link(m));
		});
	}
	m.reply("OK", lateMs(fault));
	m.http.request("QHTTPGET", Buffer.from(Http.head("GET", parseUrl(m.http.url)!), "latin1"), rsptime, urc, link(m));
	return undefined;
}

// ---- AT+QHTTPPOST and AT+QHTTPPUT=<data_length>[,<input_time>,<rsptime>] (notes §7): one shot, the
// body (or with "requestheader" 1 the whole request) after CONNECT ----

function send(method: "POST" | "PUT", { args, fault }: Call, m: Module): string | undefined {
	const name = `QHTTP${method}`;
	if (args === "=?") return ok(`+${name}: (1-1024000),(1-65535),(1-65535)`);
	const f = fields(args);
	const length = int(f?.[0], 1, 1024000), inputTime = f?.[1] ? int(f[1], 1, 65535) : 60, rsptime = f?.[2] ? int(f[2], 1, 65535) : 60;
	if (!f || f.length === 2 || f.length > 3 || [length, inputTime, rsptime].some(Number.isNaN)) return "ERROR";
	const no = refused(m);
	if (no) return no;
	return input(m, length, inputTime, fault, (bytes) => {
		m.reply("OK", lateMs(fault));
		const c = config(m);
		const body = Buffer.from(bytes);
		const head = `Content-Type: ${CONTENT_TYPES[c.contenttype]}\r\nContent-Length: ${body.length}\r\n`;
		const request = c.requestheader === 1 ? body : Buffer.concat([Buffer.from(Http.head(method, parseUrl(m.http.url)!, head), "latin1"), body]);
		m.http.request(name, request, rsptime, fault?.kind === "urc" ? fault.value : 0, link(m));
	});
}

// ---- AT+QHTTPREAD[=<wait_time>] (notes §8): CONNECT, what is left of the response, OK, then
// +QHTTPREAD: 0. Before the result: 703; nothing requested (or released): 705 (choice) ----

function read({ args, fault }: Call, m: Module): string | undefined {
	const http = m.http;
	if (args === "=?") return ok("+QHTTPREAD: (1-65535)");
	if (args !== "" && Number.isNaN(int(fields(args)?.[0], 1, 65535))) return "ERROR";
	if (http.inFlight) return "+CME ERROR: 703";
	if (!http.done || !http.response) return "+CME ERROR: 705";
	const data = http.response.subarray(http.readAt);
	http.readAt = http.response.length; // read once: a second read gets an empty block (choice)
	m.trace(`< CONNECT (${data.length} bytes) OK +QHTTPREAD: 0`);
	m.uart.emit(CONNECT, m.uart.turnaround() + lateMs(fault));
	m.uart.emitCounted(data, `${m.uart.pad()}\r\nOK\r\n`);
	m.uart.emit(`${m.uart.pad()}\r\n+QHTTPREAD: 0\r\n`);
	return undefined;
}

// ---- AT+QHTTPREADFILE="<file>"[,<wait_time>] (notes §8): the response into a UFS file, then
// +QHTTPREADFILE: 0 (an existing file is replaced: choice) ----

function readFile({ args, raw, fault }: Call, m: Module): string | undefined {
	const http = m.http;
	if (args === "=?") return ok("+QHTTPREADFILE: <filename>,(1-65535)");
	const f = fields(raw.trim());
	const name = f?.[0]?.quoted ? ufsName(f[0].text) : undefined;
	if (!f || f.length > 2 || (f[1] && Number.isNaN(int(f[1], 1, 65535)))) return "ERROR";
	if (name === undefined) return "+CME ERROR: 406";
	if (http.inFlight) return "+CME ERROR: 703";
	if (!http.done || !http.response) return "+CME ERROR: 705";
	m.nv.files.set(name, Uint8Array.from(http.response.subarray(http.readAt)));
	http.readAt = http.response.length;
	m.reply("OK", lateMs(fault));
	m.clock.setTimeout(() => m.urc("+QHTTPREADFILE: 0"), 0); // after the OK
	return undefined;
}

export const BG95_HTTP_COMMANDS: readonly Command[] = [
	{ name: "QHTTPCFG", chapter: "notes 3", run: httpcfg },
	{ name: "QSSLCFG", chapter: "notes 4", run: sslcfg },
	{ name: "QHTTPURL", chapter: "notes 5", run: url },
	{ name: "QHTTPGET", chapter: "notes 6", run: get },
	{ name: "QHTTPPOST", chapter: "notes 7", run: (call, m) => send("POST", call, m) },
	{ name: "QHTTPPUT", chapter: "notes 7", run: (call, m) => send("PUT", call, m) },
	{ name: "QHTTPREAD", chapter: "notes 8", run: read },
	{ name: "QHTTPREADFILE", chapter: "notes 8", run: readFile },
	{
		// notes §8: open for the BG95 (Quectel's earlier BG95 code sent it after every request): taken, and
		// it drops the request under way without a result (choice)
		name: "QHTTPSTOP", chapter: "notes 8", run({ args }, m) {
			if (args !== "" && args !== "=?") return "ERROR";
			if (args === "") m.http.stop();
			return "OK";
		},
	},
];
