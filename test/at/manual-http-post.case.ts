// Chapter 3.1.2: HTTP POST whose body holds a `>`, and read.
import { test } from "../harness.js";
import { checkEverySplit, payloadLine } from "./golden.js";
import { HTTP_POST, XML } from "./manual.js";

test("3.1.2 HTTP POST: body in data mode, result URC, 80-byte read", () => {
	checkEverySplit(HTTP_POST, [
		"> AT+QSCLK=0", "done OK",
		"> AT+QHTTPCFG=\"contextid\",0", "done OK",
		"> AT+QHTTPURL=59,80", "prompt", "> data \"http://api.efxnow.com/DEMOWebServices2.8/Service.asmx/Echo?\"", "done OK",
		"> AT+QHTTPPOST=20,80,80", "prompt", "> data \"Message>HelloQuectel\"", "done OK",
		"> AT+QHTTPREAD=80", "urc +QHTTPPOST: 0,200,177",
		"info +QHTTPREAD: 80,97", payloadLine(XML), "done OK",
		"> AT+QSCLK=1", "done OK",
	]);
});
