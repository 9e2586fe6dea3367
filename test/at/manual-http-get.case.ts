// Chapter 3.1.1: HTTP GET and read, every split of the module's output.
import { test } from "../harness.js";
import { checkEverySplit, payloadLine } from "./golden.js";
import { EXAMPLE_HEAD, HTTP_GET } from "./manual.js";

test("3.1.1 HTTP GET: configuration, URL in data mode, GET, result URC, 80-byte read", () => {
	checkEverySplit(HTTP_GET, [
		"> AT+QSCLK=0", "done OK",
		"> AT+QHTTPCFG=\"contextid\",0", "done OK",
		"> AT+QHTTPCFG=\"responseheader\",1", "done OK",
		"> AT+QHTTPURL=19,80", "prompt", "> data \"http://example.com/\"", "done OK",
		"> AT+QHTTPGET=80", "done OK",
		// The result URC follows OK in the same burst: it arrives after the host sent its next command.
		"> AT+QHTTPREAD=80", "urc +QHTTPGET: 0,200,1256",
		"info +QHTTPREAD: 80,1431", payloadLine(EXAMPLE_HEAD), "done OK",
		"> AT+QSCLK=1", "done OK",
	]);
});
