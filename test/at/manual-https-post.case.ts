// Chapter 3.2.2: HTTPS POST, a result URC after doubled blank lines without content length, and a
// chunked response read whole.
import { test } from "../harness.js";
import { checkEverySplit, payloadLine } from "./golden.js";
import { CHUNKED, HTTPS_POST, PEM } from "./manual.js";

test("3.2.2 HTTPS POST: CA, body, +QHTTPPOST: 0,200 and a 354-byte chunked read", () => {
	checkEverySplit(HTTPS_POST, [
		"reboot", "unsolicited +CFUN: 1", "unsolicited +CPIN: READY",
		"> AT+CGPADDR", "info +CGPADDR: 1, \"26.186.219.185\"", "done OK",
		"> AT+QSCLK=0", "done OK",
		"> AT+QSSLCFG=0,0,\"secllevel\",1", "done OK",
		"> AT+QSSLCFG=0,0,\"cacert\"", "prompt", `> data ${JSON.stringify(PEM + "\\x1a")}`, `info +QSSLCFG: 0,0,"cacert",${PEM.length}`, "done OK",
		"> AT+QHTTPCFG=\"ssl\",0,0", "done OK",
		"> AT+QHTTPCFG=\"responseheader\",1", "done OK",
		"> AT+QHTTPURL=32", "prompt", "> data \"https://api.quectel.com/v1/token\"", "done OK",
		"> AT+QHTTPPOST=38", "prompt", "> data \"appid=xxxxxx&secret=xxxxxx&scope=12345\"", "done OK",
		"> AT+QHTTPREAD=1024", "urc +QHTTPPOST: 0,200",
		`info +QHTTPREAD: ${CHUNKED.length},0`, payloadLine(CHUNKED), "done OK",
		"> AT+QSCLK=1", "done OK",
	]);
});
