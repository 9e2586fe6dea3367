// The manual's chapter 3 exchanges as the wire carries them, its typos fixed (a real module prints
// AT+QHTTPCFG and +QHTTPREAD). Each reply is the module's bytes with their CR LF; payloads are as long
// as the manual's <actual_read_length> says, and where the manual shows only part of one, the rest is
// filled with bytes a line parser would trip on (CR LF, OK, `>`, NUL, invalid UTF-8).
import type { Transcript } from "./transcript.js";

const OK = "\r\nOK\r\n";

/** A payload of exactly `length` bytes that starts with `text`. */
export function payload(text: string, length: number): string {
	const hostile = "\r\nOK\r\n>\x00\xff\xfe\r\nERROR\r\n+QHTTPREAD: 9,9\r\n";
	let out = text;
	while (out.length < length) out += hostile;
	return out.slice(0, length);
}

export const EXAMPLE_HEAD = "HTTP/1.1 200 OK\r\nAge: 430547\r\nCache-Control: max-age=604800\r\nContent-Type: text/";
export const XML = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<string xmlns=\"httpHTTPs://api.efxnow.co";
export const HTTPS_HEAD = "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nAge: 557023\r\nCache-Control: max-age=604800\r\n"
	+ "Content-Type: text/html; charset=UTF-8\r\nDate: Wed, 06 May 2020 14:04:53 GMT\r\nEtag: \"3147526947\"\r\n"
	+ "Expires: Wed, 13 May 2020 14:04:53 GMT\r\nLast-Modified: Thu, 17 Oct 2019 07:18:26 GMT\r\n"
	+ "Server: ECS (sjc/4E73)\r\nVary: Accept-Encoding\r\nX-Cache: HIT\r\nContent-Length: 1256\r\n\r\n<!doctype html>\r\n";
export const CHUNKED = "HTTP/1.1 200 OK\r\nServer: nginx/1.16.1\r\nDate: Wed, 06 May 2020 14:40:44 GMT\r\n"
	+ "Content-Type: application/json;charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
	+ "X-Application-Context: quechub-portal:8087\r\nX-Frame-Options: SAMEORIGIN\r\nX-Content-Type-Options: nosniff\r\n\r\n"
	+ "3d\r\n{\"code\":70029,\"msg\":\"Application information does not exist\"}\r\n0\r\n\r\n";
export const HTTPS_TAIL = "w: 2px 3px 7px 2px rgba(0,0,0,0.02);\r\n}\r\n";
export const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ3Vl\n-----END CERTIFICATE-----\n";

/** 3.1.1: HTTP GET and read. */
export const HTTP_GET: Transcript = {
	urcs: ["QHTTPGET"],
	exchanges: [
		{ command: "AT+QSCLK=0", reply: OK },
		{ command: "AT+QHTTPCFG=\"contextid\",0", reply: OK },
		{ command: "AT+QHTTPCFG=\"responseheader\",1", reply: OK },
		{ command: "AT+QHTTPURL=19,80", reply: "\r\n>", data: "http://example.com/", dataReply: OK },
		{ command: "AT+QHTTPGET=80", reply: OK + "\r\n+QHTTPGET: 0,200,1256\r\n" },
		{ command: "AT+QHTTPREAD=80", payload: "QHTTPREAD", reply: "\r\n+QHTTPREAD: 80,1431\r\n" + payload(EXAMPLE_HEAD, 80) + OK },
		{ command: "AT+QSCLK=1", reply: OK },
	],
};

/** 3.1.2: HTTP POST (its body holds a `>`) and read. */
export const HTTP_POST: Transcript = {
	urcs: ["QHTTPPOST"],
	exchanges: [
		{ command: "AT+QSCLK=0", reply: OK },
		{ command: "AT+QHTTPCFG=\"contextid\",0", reply: OK },
		{ command: "AT+QHTTPURL=59,80", reply: "\r\n>", data: "http://api.efxnow.com/DEMOWebServices2.8/Service.asmx/Echo?", dataReply: OK },
		{ command: "AT+QHTTPPOST=20,80,80", reply: "\r\n>", data: "Message>HelloQuectel", dataReply: OK + "\r\n+QHTTPPOST: 0,200,177\r\n" },
		{ command: "AT+QHTTPREAD=80", payload: "QHTTPREAD", reply: "\r\n+QHTTPREAD: 80,97\r\n" + payload(XML, 80) + OK },
		{ command: "AT+QSCLK=1", reply: OK },
	],
};

/** 3.2.1: boot, HTTPS GET with a CA, two reads. */
export const HTTPS_GET: Transcript = {
	urcs: ["QHTTPGET"],
	banner: "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n",
	exchanges: [
		{ command: "AT+CGPADDR", reply: "\r\n+CGPADDR: 1,\"26.186.218.184\"\r\n" + OK },
		{ command: "AT+QSCLK=0", reply: OK },
		{ command: "AT+QSSLCFG=0,0,\"secllevel\",1", reply: OK },
		{ command: "AT+QSSLCFG=0,0,\"cacert\"", reply: "\r\n>", data: PEM, terminator: 0x1a, dataReply: `\r\n+QSSLCFG: 0,0,"cacert",${PEM.length}\r\n` + OK },
		{ command: "AT+QHTTPCFG=\"ssl\",0,0", reply: OK },
		{ command: "AT+QHTTPCFG=\"responseheader\",1", reply: OK },
		{ command: "AT+QHTTPURL=24", reply: "\r\n>", data: "https://www.example.com/", dataReply: OK },
		{ command: "AT+QHTTPGET=80", reply: OK + "\r\n+QHTTPGET: 0,200,1256\r\n" },
		{ command: "AT+QHTTPREAD=1024", payload: "QHTTPREAD", reply: "\r\n+QHTTPREAD: 1024,583\r\n" + payload(HTTPS_HEAD, 1024) + OK },
		{ command: "AT+QHTTPREAD=583", payload: "QHTTPREAD", reply: "\r\n+QHTTPREAD: 583,0\r\n" + payload(HTTPS_TAIL, 583) + OK },
		{ command: "AT+QSCLK=1", reply: OK },
	],
};

/** 3.2.2: boot, HTTPS POST, a chunked response without content length. */
export const HTTPS_POST: Transcript = {
	urcs: ["QHTTPPOST"],
	banner: "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n",
	exchanges: [
		{ command: "AT+CGPADDR", reply: "\r\n+CGPADDR: 1, \"26.186.219.185\"\r\n" + OK },
		{ command: "AT+QSCLK=0", reply: OK },
		{ command: "AT+QSSLCFG=0,0,\"secllevel\",1", reply: OK },
		{ command: "AT+QSSLCFG=0,0,\"cacert\"", reply: "\r\n>", data: PEM, terminator: 0x1a, dataReply: `\r\n+QSSLCFG: 0,0,"cacert",${PEM.length}\r\n` + OK },
		{ command: "AT+QHTTPCFG=\"ssl\",0,0", reply: OK },
		{ command: "AT+QHTTPCFG=\"responseheader\",1", reply: OK },
		{ command: "AT+QHTTPURL=32", reply: "\r\n>", data: "https://api.quectel.com/v1/token", dataReply: OK },
		{ command: "AT+QHTTPPOST=38", reply: "\r\n>", data: "appid=xxxxxx&secret=xxxxxx&scope=12345", dataReply: OK + "\r\n\r\n+QHTTPPOST: 0,200\r\n" },
		{ command: "AT+QHTTPREAD=1024", payload: "QHTTPREAD", reply: `\r\n+QHTTPREAD: ${CHUNKED.length},0\r\n` + CHUNKED + OK },
		{ command: "AT+QSCLK=1", reply: OK },
	],
};
