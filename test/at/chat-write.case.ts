// Writes never exceed what the serial can take: a refused write waits for onWritable; one refused
// otherwise is a failed port.
import { test } from "../harness.js";
import { deepEqual, equal } from "../assert.js";
import { Rig } from "./rig.js";

test("a 2048-byte packet goes out in pieces the serial accepts, resumed by onWritable", () => {
	const rig = new Rig({ writeCapacity: 128 });
	rig.data = "z".repeat(2048);
	rig.send("AT+QHTTPPOST=2048,80,80", 10000);
	rig.mock.drain();
	equal(rig.mock.take(), "AT+QHTTPPOST=2048,80,80\r");
	rig.mock.put("\r\n>");
	rig.advance(600);
	let sent = rig.mock.take().length;
	let rounds = 0;
	while (sent < 2048 && rounds++ < 100) {
		rig.mock.drain();
		sent += rig.mock.take().length;
	}
	equal(sent, 2048);
	equal(rig.mock.writes > 16, true);
	rig.mock.put("\r\nOK\r\n");
	deepEqual(rig.take(), ["prompt at 600", "done OK at 600"]);
});

test("echo on: the echoed command is not an information line", () => {
	const rig = new Rig({ readLimit: 5 });
	rig.send("AT+CGATT?");
	rig.mock.put("AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n");
	deepEqual(rig.take(), ["info +CGATT: 1", "done OK at 0"]);
});

test("a write refused with anything but full fails the port: SERIAL, then the serial's one close() a turn later", () => {
	const rig: Rig = new Rig({}, { onSerialError: (_c, e) => rig.log.push(`serial error ${(e as Error).message}`) });
	rig.mock.failWrites = new Error("EIO: write failed");
	rig.send("AT");
	deepEqual(rig.take(), ["done SERIAL at 0", "serial error EIO: write failed"]);
	equal(rig.mock.closed, false, "closed inside the failing write");
	rig.advance(1);
	equal(rig.mock.closed, true, "the serial was never closed");
});
