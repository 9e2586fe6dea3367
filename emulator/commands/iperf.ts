// AT+QIPERF (AT Commands Manual 7.13): a throughput test. The client "sends" at <tpt> bps in packets of
// <payload_size>, reporting every <report_interval> s, until <duration>, its packets, or a stop; the
// servers receive nothing (no peer is emulated). The radio stays connected while a test runs; a reboot
// ends it.
import { fields, int, ok, type Call, type Command, type Module } from "../module.js";

interface Run {
	client: boolean;
	timer: unknown;
	bytes: number;
	started: number;
}

const NAME = "QIPERF";

function stop(m: Module, which: "client" | "server" | "all"): void {
	const run = m.volatile.get(NAME) as Run | undefined;
	if (!run || (which === "client" && !run.client) || (which === "server" && run.client)) return;
	m.clock.clearTimeout(run.timer);
	m.volatile.delete(NAME);
	const seconds = Math.max(1, (m.clock.now() - run.started) / 1000);
	const rate = Math.round((run.bytes * 8) / seconds);
	m.urc(run.client ? `+QIPERF: Client END, pkg sent total bytes: ${run.bytes}, average UL through put: ${rate} bps`
		: "+QIPERF: Server END, pkg recv total bytes: 0, average DL through put: 0 bps");
	m.radio.lastPacket();
}

function qiperf({ args, raw }: Call, m: Module): string {
	if (args === "=?") return ok("+QIPERF: (0-5),(0,1),(1-65535),<ipaddr>,(1-1200000),(36-1472),(1-65000),(1-65000),(1-65000)");
	const f = fields(raw.trim());
	if (!f || f.length > 9) return "ERROR";
	const action = int(f[0], 0, 5);
	const at = (i: number, min: number, max: number, fallback: number) => (f[i] ? int(f[i], min, max) : fallback);
	const [protocol, port, tpt, payload, packets, duration, interval] =
		[at(1, 0, 1, 0), at(2, 1, 65535, 5001), at(4, 1, 1200000, 20000), at(5, 36, 1472, 1350), at(6, 1, 65000, 100), at(7, 1, 65000, 0), at(8, 1, 65000, 10)];
	if ([action, protocol, port, tpt, payload, packets, duration, interval].some(Number.isNaN)) return "ERROR";
	if (action === 0 || action === 2 || action === 5) {
		m.clock.setTimeout(() => stop(m, action === 0 ? "all" : action === 2 ? "client" : "server"), 0); // its URC after the OK
		return "OK";
	}
	if ((action === 1 || action === 4) && !f[3]?.quoted) return "ERROR"; // the server's address
	if (m.volatile.has(NAME)) return "+CME ERROR: 3";
	if (!m.radio.bearer(0)) return "+CME ERROR: 304"; // PDN not active
	const run: Run = { client: action === 1, timer: undefined, bytes: 0, started: m.clock.now() };
	m.volatile.set(NAME, run);
	m.radio.connect();
	let left = packets;
	const report = () => {
		if (m.volatile.get(NAME) !== run) return; // stopped, or the module rebooted
		const sent = Math.min(left, Math.floor((tpt * interval) / 8 / payload));
		left -= sent;
		run.bytes += sent * payload;
		if (run.client) m.urc(`+QIPERF: Client SUCC, pkg sent bytes: ${sent * payload}, UL through put: ${Math.round((sent * payload * 8) / interval)} bps`);
		const over = (duration && m.clock.now() - run.started >= duration * 1000) || (run.client && left === 0);
		if (over) stop(m, "all");
		else run.timer = m.clock.setTimeout(report, interval * 1000);
	};
	run.timer = m.clock.setTimeout(report, interval * 1000);
	return "OK";
}

export const IPERF: Command = { name: NAME, chapter: "7.13", run: qiperf };
