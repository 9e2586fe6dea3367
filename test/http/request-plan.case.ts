// Which module command a request becomes: plain GET, ranged GET (GETEX), the module's own POST, or
// custom-header mode for everything else; the module's limits (the modem's, at run time) decide.
import { test } from "../harness.js";
import { equal } from "../assert.js";
import { BODY_UNKNOWN } from "../../modules/http/request.js";
import { contentTypeCode, RequestPlan } from "../../modules/http/plan.js";
import { Kind } from "../../modules/quectel/job.js";
import { BC660K } from "../../modules/quectel/bc660k/profile.js";
import type { ModemLimits } from "../../modules/quectel/job.js";

const LIMITS: ModemLimits = BC660K.limits;
const plan = new RequestPlan();
const h = (...pairs: [string, string][]) => new Map(pairs);

test("GET with no headers is AT+QHTTPGET", () => {
	equal(plan.plan("GET", undefined, 0, LIMITS), Kind.GET);
	equal(plan.plan("GET", h(), 0, LIMITS), Kind.GET);
	equal(plan.mode, Kind.GET);
});

test("GET with any header of ours, or a body, is custom", () => {
	equal(plan.plan("GET", h(["Accept", "*/*"]), 0, LIMITS), Kind.CUSTOM);
	equal(plan.plan("GET", h(["Content-Length", "0"]), 0, LIMITS), Kind.CUSTOM);
	equal(plan.plan("GET", undefined, 5, LIMITS), Kind.CUSTOM);
	equal(plan.plan("GET", undefined, BODY_UNKNOWN, LIMITS), Kind.CUSTOM);
	equal(plan.plan("get", undefined, 0, LIMITS), Kind.CUSTOM); // methods are case-sensitive
});

test("GET whose only header is Range: bytes=a-b is AT+QHTTPGETEX=…,a,b-a+1", () => {
	equal(plan.plan("GET", h(["Range", "bytes=5-10"]), 0, LIMITS), Kind.GETEX);
	equal(plan.rangeStart, 5);
	equal(plan.rangeLength, 6);
	equal(plan.plan("GET", h(["range", " Bytes=0-0 "]), 0, LIMITS), Kind.GETEX);
	equal(plan.rangeStart, 0);
	equal(plan.rangeLength, 1);
	equal(plan.plan("GET", h(["RANGE", "bytes=1000000-1999999"]), 0, LIMITS), Kind.GETEX);
	equal(plan.rangeLength, 1000000);
	// white space around the value is trimmed as everywhere in the library (String.prototype.trim)
	equal(plan.plan("GET", h(["Range", "\u00a0bytes=2-3\t"]), 0, LIMITS), Kind.GETEX);
	equal(plan.rangeStart, 2);
});

test("ranges AT+QHTTPGETEX cannot say are custom", () => {
	for (const range of ["bytes=5-", "bytes=-500", "items=0-5", "bytes=0-5,10-15", "bytes=10-5", "bytes = 0-5", "bytes=0 -5", "bytes=a-b", "bytes=0-1234567890123456", ""]) {
		equal(plan.plan("GET", h(["Range", range]), 0, LIMITS), Kind.CUSTOM, range);
		equal(plan.rangeLength, 0, range);
	}
	equal(plan.plan("GET", h(["Range", "bytes=0-5"], ["Accept", "*/*"]), 0, LIMITS), Kind.CUSTOM);
});

test("POST of 1–2048 bytes with one of the four content types and nothing else is the module's POST", () => {
	equal(plan.plan("POST", h(["Content-Type", "application/x-www-form-urlencoded"]), 48, LIMITS), Kind.POST);
	equal(plan.contentType, 0);
	equal(plan.plan("POST", h(["content-type", "text/plain"], ["Content-Length", "2048"]), 2048, LIMITS), Kind.POST);
	equal(plan.contentType, 1);
	equal(plan.plan("POST", h(["CONTENT-TYPE", " Application/Octet-Stream "]), 1, LIMITS), Kind.POST);
	equal(plan.contentType, 2);
	equal(plan.plan("POST", h(["Content-Type", "multipart/form-data"]), 10, LIMITS), Kind.POST);
	equal(plan.contentType, 3);
});

test("POST that the module cannot send as asked is custom", () => {
	const json = h(["Content-Type", "text/plain"]);
	equal(plan.plan("POST", json, 2049, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", json, 0, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", json, BODY_UNKNOWN, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "text/plain"], ["Authorization", "x"]), 10, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "application/json"]), 10, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "text/plain; charset=utf-8"]), 10, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "multipart/form-data; boundary=x"]), 10, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "text/plain"], ["content-type", "text/plain"]), 10, LIMITS), Kind.CUSTOM);
	equal(plan.plan("POST", undefined, 10, LIMITS), Kind.CUSTOM); // the module would add a content type not asked for
	equal(plan.contentType, 0);
});

test("every other method is custom", () => {
	for (const method of ["PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]) equal(plan.plan(method, undefined, 0, LIMITS), Kind.CUSTOM, method);
	equal(plan.plan("PUT", h(["Content-Type", "text/plain"]), 10, LIMITS), Kind.CUSTOM);
});

test("contentTypeCode: the four types of AT+QHTTPCFG=\"contenttype\", parameters refused", () => {
	const types = LIMITS.contentTypes;
	equal(contentTypeCode("application/x-www-form-urlencoded", types), 0);
	equal(contentTypeCode("TEXT/PLAIN", types), 1);
	equal(contentTypeCode("text/plain;charset=us-ascii", types), -1);
	equal(contentTypeCode("text/html", types), -1);
});

test("the module's limits decide: its packet size, its content types, whether it has a ranged GET", () => {
	const other: ModemLimits = { urlMax: 100, packetMax: 1500, readMax: 512, contentTypes: ["application/json"], ranges: false, packets: true, wholeReads: false };
	const json = h(["Content-Type", "application/json"]);
	equal(plan.plan("POST", json, 1500, other), Kind.POST);
	equal(plan.contentType, 0);
	equal(plan.plan("POST", json, 1501, other), Kind.CUSTOM);
	equal(plan.plan("POST", h(["Content-Type", "text/plain"]), 10, other), Kind.CUSTOM);
	// Without a ranged GET command the range goes in a custom head, and the plan keeps it for the answer's check.
	equal(plan.plan("GET", h(["Range", "bytes=5-10"]), 0, other), Kind.CUSTOM);
	equal(plan.rangeStart, 5);
	equal(plan.rangeLength, 6);
	equal(plan.plan("GET", h(["Range", "bytes=5-10"], ["Accept", "*/*"]), 0, other), Kind.CUSTOM);
	equal(plan.rangeLength, 0);
});
