// The URL for AT+QHTTPURL: scheme, authority with the port only when it is not the default, the
// path; at most the module's urlMax (the BC660K's 256) bytes counted in UTF-8, not in string length.
import { test } from "../harness.js";
import { equal, throws } from "../assert.js";
import { authority, buildUrl as build, type Origin } from "../../modules/http/request.js";
import { utf8Length } from "../../modules/http/utf8.js";
import { BC660K } from "../../modules/quectel/bc660k/profile.js";

const URL_MAX = BC660K.limits.urlMax;
const buildUrl = (origin: Origin, path: string) => build(!!origin.secure, authority(origin), path, URL_MAX);

test("the manual's URLs", () => {
	equal(buildUrl({ host: "example.com" }, "/"), "http://example.com/");
	equal(buildUrl({ host: "www.example.com", secure: true }, "/"), "https://www.example.com/");
	equal(buildUrl({ host: "api.quectel.com", port: 443, secure: true }, "/v1/token"), "https://api.quectel.com/v1/token");
	equal(buildUrl({ host: "220.180.239.212", port: 8011 }, "/processorder.php"), "http://220.180.239.212:8011/processorder.php");
});

test("the port is written unless it is the scheme's default", () => {
	equal(authority({ host: "h", port: 80 }), "h");
	equal(authority({ host: "h", port: 443 }), "h:443");
	equal(authority({ host: "h", port: 443, secure: true }), "h");
	equal(authority({ host: "h", port: 80, secure: true }), "h:80");
	equal(authority({ host: "[2001:db8::1]", port: 8080 }), "[2001:db8::1]:8080");
});

test("bad ports are RangeErrors; a port inside the host is a TypeError", () => {
	for (const port of [0, 65536, 80.5, NaN]) throws(() => authority({ host: "h", port }), RangeError);
	throws(() => authority({ host: "h:8080" }), TypeError);
	throws(() => authority({ host: "" }), TypeError);
	throws(() => authority({ host: "user@h" }), TypeError);
});

// "http://" + host + "/" + path: 8 bytes of ASCII around them.
function urlOf(host: string, pathBytes: string): string {
	return buildUrl({ host }, "/" + pathBytes);
}

test("256 bytes with multi-byte characters in host and path is accepted", () => {
	const host = "bücher.example"; // ü is 2 bytes: 15 bytes, 14 characters
	const path = "€".repeat(77) + "ab"; // € is 3 bytes: 233 bytes
	const url = urlOf(host, path);
	equal(utf8Length(url), URL_MAX);
	equal(url.length, 7 + 14 + 1 + 79); // far fewer characters than bytes
});

test("257 bytes is a RangeError that names the byte count", () => {
	throws(() => urlOf("bücher.example", "€".repeat(77) + "abc"), RangeError, (e) => e.message.includes("257 bytes"));
	throws(() => urlOf("bücher.example", "€".repeat(78)), RangeError, (e) => e.message.includes("257 bytes"));
});

test("a 4-byte character counts as 4 bytes, not as its two UTF-16 units", () => {
	equal(utf8Length("😀"), 4);
	const url = urlOf("h", "😀".repeat(61) + "abc"); // "http://h/" + 244 + 3
	equal(utf8Length(url), 256);
	equal(url.length, 9 + 122 + 3);
	throws(() => urlOf("h", "😀".repeat(61) + "abcd"), RangeError, (e) => e.message.includes("257 bytes"));
});

test("the limit is the module's: another urlMax moves it", () => {
	equal(build(false, "h", "/" + "a".repeat(91), 100), "http://h/" + "a".repeat(91));
	throws(() => build(false, "h", "/" + "a".repeat(92), 100), RangeError, (e) => e.message.includes("101 bytes") && e.message.includes("at most 100"));
});
