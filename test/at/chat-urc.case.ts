// URCs are routed by name whenever they come: before, inside and after an exchange, back to back,
// with doubled CR LF; unknown ones go to onUrc outside an exchange and to the delegate inside one.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { Rig } from "./rig.js";

function rigWithHandler(): Rig {
	const rig = new Rig({ readLimit: 3 });
	rig.chat.addUrc("QHTTPGET", { onUrc: (_c, t) => rig.log.push(`urc QHTTPGET ${t.valueEnd - t.valueStart}`) });
	return rig;
}

test("a registered URC before, inside and after an exchange reaches its handler", () => {
	const rig = rigWithHandler();
	rig.mock.put("\r\n+QHTTPGET: 0,200\r\n");
	rig.send("AT+QHTTPCFG=\"responseheader\",1");
	rig.mock.put("\r\n+QHTTPGET: 702\r\n\r\nOK\r\n\r\n\r\n+QHTTPGET: 0,200,12\r\n+QHTTPGET: 0,404,0\r\n");
	deepEqual(rig.take(), ["urc QHTTPGET 5", "urc QHTTPGET 3", "done OK at 0", "urc QHTTPGET 8", "urc QHTTPGET 7"]);
});

test("unknown URCs: onUrc when idle, the delegate's onInfo during an exchange, never a break in the parse", () => {
	const rig = rigWithHandler();
	rig.mock.put("\r\n+CEREG: 1\r\n\r\n+CTZEU: \"+8\",0\r\n+IP: 10.0.0.2\r\n");
	rig.send("AT+CGATT?");
	rig.mock.put("\r\n+QHTTPPUT: 0,200\r\n\r\n+CGATT: 1\r\n\r\nOK\r\n");
	deepEqual(rig.take(), [
		"unsolicited +CEREG: 1", "unsolicited +CTZEU: \"+8\",0", "unsolicited +IP: 10.0.0.2",
		"info +QHTTPPUT: 0,200", "info +CGATT: 1", "done OK at 0",
	]);
});

test("removeUrc stops the routing", () => {
	const rig = new Rig();
	const handler = { onUrc: () => rig.log.push("handled") };
	rig.chat.addUrc("QHTTPPOST", handler);
	rig.mock.put("\r\n+QHTTPPOST: 0,200\r\n");
	rig.chat.removeUrc(handler);
	rig.mock.put("\r\n+QHTTPPOST: 0,200\r\n");
	deepEqual(rig.take(), ["handled", "unsolicited +QHTTPPOST: 0,200"]);
});
