// The BC660K-GL / BC950K-GL HTTP(S) dialect: the HTTP(S) Application Note's chapter 2 (AT+QHTTPCFG, URL,
// GET, GETEX, POST, READ) and the SSL Application Note's AT+QSSLCFG, with `>` before data and counted reads.
import { lateMs } from "./faults.js";
import { Http, type Link } from "./http.js";
import { ok, volatile, type Call, type Command, type Module } from "./module.js";
import { parseUrl, type TlsVersion } from "./network.js";

const CONTENT_TYPES = ["application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data"];
type ConfigItem = "contextid" | "requestheader" | "responseheader" | "contenttype" | "readformat";
const CONFIG_MAX: Record<ConfigItem, number> = { contextid: 0, requestheader: 1, responseheader: 1, contenttype: 3, readformat: 1 };
/** AT+QSSLCFG's settings but the certificates, at power-on (choice where the note's underlines are lost:
 *  all TLS versions, DTLS off, DTLS "all"); a reboot restores them. */
type SslItem = "seclevel" | "sslversion" | "timeout" | "debug" | "dtls" | "dtlsversion";
const SSL_DEFAULT: Readonly<Record<SslItem, number>> = Object.freeze({ seclevel: 0, sslversion: 4, timeout: 90, debug: 0, dtls: 0, dtlsversion: 2 });
const SSL_MAX: Record<string, [number, number]> = { seclevel: [0, 2], sslversion: [1, 4], timeout: [10, 300], debug: [0, 4], dtls: [0, 1], dtlsversion: [0, 2] };
const CERTS = ["cacert", "clientcert", "clientkey"];
/** <SSL_version> 1–4: the TLS versions offered, lowest and highest. */
const TLS_VERSIONS: Record<number, [TlsVersion, TlsVersion]> = { 1: ["TLSv1", "TLSv1"], 2: ["TLSv1.1", "TLSv1.1"], 3: ["TLSv1.2", "TLSv1.2"], 4: ["TLSv1", "TLSv1.2"] };

// The settings of AT+QHTTPCFG and AT+QSSLCFG (forgotten at a reboot), and a POST's packets so far.
const config = (m: Module) => volatile(m, "QHTTPCFG", (): Record<ConfigItem, number> & { ssl: boolean } => ({
	contextid: 0, requestheader: 0, responseheader: 0, contenttype: 0, readformat: 0, ssl: false,
}));
const ssl = (m: Module) => volatile(m, "QSSLCFG", (): Record<SslItem, number> & { dataformat: number[] } => ({ ...SSL_DEFAULT, dataformat: [0, 0] }));
const packets = (m: Module) => volatile(m, "QHTTPPOST", () => ({ bytes: [] as number[] }));

function link(m: Module): Link {
	const s = ssl(m);
	const [min, max] = TLS_VERSIONS[s.sslversion]!;
	return {
		bearer: m.radio.bearer(0),
		tls: config(m).ssl ? { ca: m.nv.certs.get("cacert"), verify: s.seclevel > 0, min, max } : undefined,
	};
}

function prompt(m: Module): string {
	return m.options.promptSpace ? "\r\n> " : "\r\n>";
}

// ---- AT+QSSLCFG (SSL note 2.3.1): context 0, connection 0 ("currently only 0 is supported") ----

function sslcfg({ args, raw, fault }: Call, m: Module): string | undefined {
	const spelling = m.options.seclevelName ?? "seclevel"; // a firmware knows one spelling (FIELD-NOTES)
	const name = (item: string) => (item === "seclevel" ? spelling : item);
	const s = ssl(m);
	const line = (item: string) => `+QSSLCFG: 0,0,"${name(item)}",${item === "dataformat" ? s.dataformat.join(",") : s[item as SslItem]}`;
	if (args === "=?") {
		const items = [`"${spelling}",(0-2)`, "\"sslversion\",(1-4)", "\"dataformat\",(0,1),(0,1)", "\"timeout\",(10-300)", "\"debug\",(0-4)",
			...CERTS.map((c) => `"${c}"`), "\"dtls\",(0,1)", "\"dtlsversion\",(0-2)"];
		return ok(...items.map((item) => `+QSSLCFG: (0-10),(0-4),${item}`));
	}
	const w = /^=(\d+),(\d+)(?:,"([a-z]+)"((?:,\d+)*))?$/i.exec(raw.trim());
	if (!w || w[1] !== "0" || w[2] !== "0") return "ERROR";
	if (w[3] === undefined) { // all settings of the context
		const certs = CERTS.map((c) => `+QSSLCFG: 0,0,"${c}",${m.nv.certs.get(c)?.length ?? 0}`);
		return ok(...["seclevel", "sslversion", "dataformat", "timeout", "debug"].map(line), ...certs, line("dtls"), line("dtlsversion"));
	}
	const given = w[3].toLowerCase();
	const item = given === spelling ? "seclevel" : given === "seclevel" ? "" : given; // the other spelling is unknown
	const values = w[4] ? w[4].slice(1).split(",").map(Number) : [];
	if (CERTS.includes(item)) return values.length ? "ERROR" : upload(m, item, fault);
	if (item === "dataformat") {
		if (!values.length) return ok(line(item));
		if (values.length !== 2 || values.some((v) => v > 1)) return "ERROR";
		s.dataformat = values;
		return "OK";
	}
	const limits = SSL_MAX[item];
	if (!limits) return "ERROR"; // an item this firmware does not know
	if (!values.length) return ok(line(item));
	if (values.length !== 1 || values[0]! < limits[0] || values[0]! > limits[1]) return "ERROR";
	s[item as SslItem] = values[0]!;
	return "OK";
}

// A certificate in PEM after `>`, ended by Ctrl+Z (ESC cancels); answered with its length.
function upload(m: Module, item: string, fault: Call["fault"]): undefined {
	m.uart.openData(prompt(m), {
		length: undefined,
		done: (bytes) => {
			m.nv.certs.set(item, Buffer.from(bytes).toString("latin1"));
			m.reply(ok(`+QSSLCFG: 0,0,"${item}",${bytes.length}`), lateMs(fault));
		},
		failed: (why) => m.reply(why === "cancel" ? "ERROR" : "+CME ERROR: 726"),
	}, 60, fault);
	return undefined;
}

// ---- AT+QHTTPCFG (HTTP note 2.3.1): only context 0 and SSL 0,0, as the note says ----

function httpcfg({ args, raw }: Call, m: Module): string {
	const c = config(m);
	const sslLine = "+QHTTPCFG: \"ssl\",0,0";
	const line = (item: ConfigItem) => `+QHTTPCFG: "${item}",${c[item]}`;
	if (args === "=?") {
		return ok("+QHTTPCFG: \"contextid\",(0-10)", "+QHTTPCFG: \"requestheader\",(0,1)", "+QHTTPCFG: \"responseheader\",(0,1)",
			"+QHTTPCFG: \"contenttype\",(0-3)", "+QHTTPCFG: \"ssl\",(0-10),(0-4)", "+QHTTPCFG: \"readformat\",(0,1)");
	}
	if (args === "?") return ok(line("contextid"), line("requestheader"), line("responseheader"), line("contenttype"), sslLine, line("readformat"));
	const w = /^="([a-z]+)"((?:,\d+)*)$/i.exec(raw.trim());
	if (!w) return "ERROR";
	const item = w[1]!.toLowerCase();
	const values = w[2] ? w[2].slice(1).split(",").map(Number) : [];
	if (item === "ssl") {
		if (!values.length) return ok(sslLine);
		if (values.length !== 2 || values[0] !== 0 || values[1] !== 0) return "ERROR";
		c.ssl = true;
		return "OK";
	}
	if (!(item in CONFIG_MAX)) return "ERROR";
	const key = item as ConfigItem;
	if (!values.length) return ok(line(key));
	if (values.length !== 1 || values[0]! > CONFIG_MAX[key]) return key === "readformat" ? "+CME ERROR: 730" : "ERROR";
	c[key] = values[0]!;
	m.http.withHead = c.responseheader === 1;
	return "OK";
}

// ---- AT+QHTTPURL (2.3.2): 1–256 bytes after `>`, starting with http:// or https:// (else 711) ----

function url({ args, fault }: Call, m: Module): string | undefined {
	const http = m.http;
	if (args === "=?") return ok("+QHTTPURL: (1-256),(1-300)");
	if (args === "?") return ok(`+QHTTPURL: ${http.url}`);
	const w = /^=(\d+)(?:,(\d+))?$/.exec(args);
	if (!w) return "ERROR";
	const length = Number(w[1]);
	const timeout = w[2] === undefined ? 60 : Number(w[2]);
	if (length < 1 || length > 256 || timeout < 1 || timeout > 300) return "ERROR";
	if (http.inFlight) return "+CME ERROR: 703";
	m.uart.openData(prompt(m), {
		length,
		done: (bytes) => {
			const text = Buffer.from(bytes).toString("latin1");
			if (!/^https?:\/\//i.test(text)) return m.reply("+CME ERROR: 711");
			http.url = text;
			packets(m).bytes = []; // a new URL starts a new request: packets of an unfinished one go
			m.reply("OK", lateMs(fault));
		},
		failed: () => m.reply("ERROR"),
	}, timeout, fault);
	return undefined;
}

// ---- AT+QHTTPGET (2.3.3) and AT+QHTTPGETEX (2.3.4, a Range header) ----

function get({ args, fault }: Call, m: Module, range: boolean): string | undefined {
	const http = m.http;
	if (args === "=?") return ok(range ? "+QHTTPGETEX: (1-300),<start_position>,<read_len>,(1-300)" : "+QHTTPGET: (1-300),(1-300)");
	const w = range ? /^=(\d+),(\d+),(\d+)(?:,(\d+))?$/.exec(args) : /^(?:=(\d+)(?:,(\d+))?)?$/.exec(args);
	if (!w) return "ERROR";
	const rsptime = w[1] === undefined ? 60 : Number(w[1]);
	const readTimeout = Number((range ? w[4] : w[2]) ?? 60);
	if (rsptime < 1 || rsptime > 300 || readTimeout < 1 || readTimeout > 300) return "ERROR";
	http.readTimeout = readTimeout;
	if (config(m).requestheader === 1) return "ERROR"; // custom GETs go through AT+QHTTPPOST
	if (!http.url) return "+CME ERROR: 712";
	if (http.inFlight) return "+CME ERROR: 703";
	const target = parseUrl(http.url);
	if (!target) return "+CME ERROR: 711";
	let extra = "";
	if (range) {
		const start = Number(w[2]), length = Number(w[3]);
		if (length < 1) return "ERROR";
		extra = `Range: bytes=${start}-${start + length - 1}\r\n`;
	}
	const name = range ? m.options.rangeUrc ?? (m.field.rangeAsGet ? "QHTTPGET" : "QHTTPGETEX") : "QHTTPGET";
	m.reply("OK", lateMs(fault));
	http.request(name, Buffer.from(Http.head("GET", target, extra), "latin1"), rsptime, fault?.kind === "urc" ? fault.value : 0, link(m));
	return undefined;
}

// ---- AT+QHTTPPOST (2.3.5): the body (with "requestheader" 1 the whole request) after `>`; packets with
// <flag> 1 are kept and sent with the last (flag 0), which alone gets a result URC ----

function post({ args, fault }: Call, m: Module): string | undefined {
	const http = m.http;
	if (args === "=?") return ok("+QHTTPPOST: (1-2048),(1-300),(1-300),(0,1),(1-300)");
	const w = /^=(\d+)(?:,(\d+),(\d+)(?:,([01])(?:,(\d+))?)?)?$/.exec(args);
	if (!w) return "ERROR";
	const length = Number(w[1]);
	const input = w[2] === undefined ? 60 : Number(w[2]);
	const rsptime = w[3] === undefined ? 60 : Number(w[3]);
	const more = w[4] === "1";
	const readTimeout = Number(w[5] ?? 60);
	if (readTimeout < 1 || readTimeout > 300 || length < 1 || length > 2048 || input < 1 || input > 300 || rsptime < 1 || rsptime > 300) return "ERROR";
	http.readTimeout = readTimeout;
	if (!http.url) return "+CME ERROR: 712";
	if (http.inFlight) return "+CME ERROR: 703";
	m.uart.openData(prompt(m), {
		length,
		done: (bytes) => {
			const kept = packets(m);
			kept.bytes.push(...bytes);
			m.reply("OK", lateMs(fault));
			if (more) return;
			const body = Buffer.from(kept.bytes);
			kept.bytes = [];
			const c = config(m);
			const head = `Content-Type: ${CONTENT_TYPES[c.contenttype]}\r\nContent-Length: ${body.length}\r\n`;
			const request = c.requestheader === 1 ? body : Buffer.concat([Buffer.from(Http.head("POST", parseUrl(http.url)!, head), "latin1"), body]);
			http.request("QHTTPPOST", request, rsptime, fault?.kind === "urc" ? fault.value : 0, link(m));
		},
		failed: () => m.reply("ERROR"),
	}, input, fault);
	return undefined;
}

// ---- AT+QHTTPREAD (2.3.6): +QHTTPREAD: <actual>,<remaining>, exactly <actual> bytes, OK ----

function read({ args, fault }: Call, m: Module): string | undefined {
	const http = m.http;
	if (args === "=?") return ok("+QHTTPREAD: (1-1024)");
	const w = /^=(\d+)$/.exec(args);
	if (!w) return "ERROR";
	const want = Number(w[1]);
	if (want < 1 || want > 1024) return "ERROR";
	if (http.inFlight) return "+CME ERROR: 703";
	if (!http.done || !http.response) return "+CME ERROR: 705";
	const response = http.response;
	const n = Math.min(want, response.length - http.readAt);
	const data = response.subarray(http.readAt, http.readAt + n);
	http.readAt += n;
	const tail = config(m).readformat === 1 ? "\r\n" : "";
	m.trace(`< +QHTTPREAD: ${n},${response.length - http.readAt} (${n} bytes)`);
	m.uart.emit(`\r\n+QHTTPREAD: ${n},${response.length - http.readAt}\r\n`, m.uart.turnaround() + lateMs(fault));
	m.uart.emitCounted(data, `${tail}${m.uart.pad()}\r\nOK\r\n`);
	return undefined;
}

export const BC660K_HTTP_COMMANDS: readonly Command[] = [
	{ name: "QHTTPCFG", chapter: "HTTP 2.3.1", run: httpcfg },
	{ name: "QHTTPURL", chapter: "HTTP 2.3.2", run: url },
	{ name: "QHTTPGET", chapter: "HTTP 2.3.3", run: (call, m) => get(call, m, false) },
	{ name: "QHTTPGETEX", chapter: "HTTP 2.3.4", run: (call, m) => get(call, m, true) },
	{ name: "QHTTPPOST", chapter: "HTTP 2.3.5", run: post },
	{ name: "QHTTPREAD", chapter: "HTTP 2.3.6", run: read },
	{ name: "QSSLCFG", chapter: "SSL 2.3.1", run: sslcfg },
];
