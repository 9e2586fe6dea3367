// Chapter 3.2.1: boot banner, CA upload ended by Ctrl+Z, HTTPS GET, two reads whose payload holds
// CR LF, OK, ERROR, `>`, NUL and a fake +QHTTPREAD line.
import { test } from "../harness.js";
import { checkEverySplit, payloadLine } from "./golden.js";
import { HTTPS_GET, HTTPS_HEAD, HTTPS_TAIL, PEM, payload } from "./manual.js";

test("3.2.1 HTTPS GET: RDY, CA in data mode, GET, reads of 1024 and 583 bytes", () => {
	checkEverySplit(HTTPS_GET, [
		"reboot", "unsolicited +CFUN: 1", "unsolicited +CPIN: READY",
		"> AT+CGPADDR", "info +CGPADDR: 1,\"26.186.218.184\"", "done OK",
		"> AT+QSCLK=0", "done OK",
		"> AT+QSSLCFG=0,0,\"secllevel\",1", "done OK",
		"> AT+QSSLCFG=0,0,\"cacert\"", "prompt", `> data ${JSON.stringify(PEM + "\\x1a")}`, `info +QSSLCFG: 0,0,"cacert",${PEM.length}`, "done OK",
		"> AT+QHTTPCFG=\"ssl\",0,0", "done OK",
		"> AT+QHTTPCFG=\"responseheader\",1", "done OK",
		"> AT+QHTTPURL=24", "prompt", "> data \"https://www.example.com/\"", "done OK",
		"> AT+QHTTPGET=80", "done OK",
		"> AT+QHTTPREAD=1024", "urc +QHTTPGET: 0,200,1256",
		"info +QHTTPREAD: 1024,583", payloadLine(payload(HTTPS_HEAD, 1024)), "done OK",
		"> AT+QHTTPREAD=583", "info +QHTTPREAD: 583,0", payloadLine(payload(HTTPS_TAIL, 583)), "done OK",
		"> AT+QSCLK=1", "done OK",
	]);
});
