// The echo of the command just sent (echo on after power-on) is recognised once and not taken for a line.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { tokens, TOKEN_SPLITS } from "./tokens.js";
import { ascii } from "../support/mock-serial.js";

const command = ascii("AT+QHTTPGET=80");
const echoing = { setup: (t: { expectEcho(b: Uint8Array, s: number, e: number): void }) => t.expectEcho(command, 0, command.length) };

test("echo on: `AT+QHTTPGET=80\\r` then `\\r\\nOK\\r\\n` is ECHO then OK", () => {
	for (const split of TOKEN_SPLITS) deepEqual(tokens("AT+QHTTPGET=80\r\r\nOK\r\n", split, echoing), ["ECHO AT+QHTTPGET=80", "OK OK"], `split ${split}`);
});

test("echo off gives the same OK; a late URC in front of the echo is still a URC", () => {
	deepEqual(tokens("\r\nOK\r\n", 1, echoing), ["OK OK"]);
	deepEqual(tokens("\r\n+QHTTPGET: 0,200\r\nAT+QHTTPGET=80\r\r\nOK\r\n", 3, echoing), ["INFO QHTTPGET|0,200", "ECHO AT+QHTTPGET=80", "OK OK"]);
});

test("a second identical line is not an echo", () => {
	deepEqual(tokens("AT+QHTTPGET=80\r\nAT+QHTTPGET=80\r\n", 5, echoing), ["ECHO AT+QHTTPGET=80", "LINE AT+QHTTPGET=80"]);
});
