// The AT Commands Manual's chapters 2 (product information), 3 (UART) and 10 (platform), and the bare AT.
import { ok, range, setting, single, type Command, type Module } from "../module.js";

const BAUDS = [2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800];
const SVN = "01";
/** The manual's AT+CBC and AT+QADC examples (mV). */
const SUPPLY_MV = 3369;
const ADC0_MV = 796;

/** AT+CMEE (10.2): 0 plain ERROR, 1 numeric (the manual's example), 2 verbose. Saved to NVRAM. */
export const CMEE = setting("CMEE", "10.2", { values: [[0, 1, 2]], defaults: [1], saved: true });

// A command with a test form that answers OK alone and an execution form that prints `lines`.
function query(name: string, chapter: string, lines: (m: Module) => readonly string[]): Command {
	return {
		name,
		chapter,
		run: ({ args }, m) => (args === "=?" ? "OK" : args === "" ? ok(...lines(m)) : "ERROR"),
	};
}

export const DEVICE_COMMANDS: readonly Command[] = [
	{ name: "AT", chapter: "1.2", run: ({ args }) => (args === "" ? "OK" : "ERROR") },
	{ name: "ATI", chapter: "2.1", run: ({ args }, m) => (args === "" ? ok(...m.model.identity.ATI) : "ERROR") },
	query("CGMI", "2.2", (m) => m.model.identity.CGMI),
	query("CGMM", "2.3", (m) => m.model.identity.CGMM),
	query("CGMR", "2.4", (m) => m.model.identity.CGMR),
	{
		name: "CGSN", chapter: "2.5", run({ args }, m) {
			const imei = m.options.imei ?? "866818039921444";
			if (args === "=?") return ok("+CGSN: (0-3)");
			if (args === "" || args === "=0") return ok(imei); // <SN> is the IMEI
			if (args === "=1") return ok(`+CGSN: ${imei}`);
			if (args === "=2") return ok(`+CGSN: ${imei.slice(0, 14)}${SVN}`);
			if (args === "=3") return ok(`+CGSN: ${SVN}`);
			return "ERROR";
		},
	},
	{
		// ATE<value>: <value> omitted is 0 (V.250). Echo is on after every power-on (FIELD-NOTES), though
		// the manual calls the setting saved.
		name: "ATE", chapter: "3.1", run({ args }, m) {
			if (args !== "" && args !== "0" && args !== "1") return "ERROR";
			m.echo = args === "1";
			return "OK";
		},
	},
	{
		name: "IPR", chapter: "3.2", run({ args }, m) { // OK at the old rate, then the new one
			if (args === "=?") return ok(`+IPR: (${BAUDS.join(",")})`);
			if (args === "?") return ok(`+IPR: ${m.nv.baud}`);
			const rate = single(args, 0, 1e7);
			if (!BAUDS.includes(rate)) return "ERROR";
			m.nv.baud = rate;
			m.afterAnswer(() => {
				m.uart.baud = rate;
				m.trace(`-- baud ${rate}`);
			});
			return "OK";
		},
	},
	query("CBC", "10.1", () => [`+CBC: ${SUPPLY_MV}`]),
	CMEE,
	{
		name: "QADC", chapter: "10.3", run({ args }) { // channel 0 (ADC0) only
			if (args === "=?") return ok(`+QADC: ${range([0])}`);
			if (args === "?" || args === "=0") return ok(`+QADC: 0,${ADC0_MV}`);
			return "ERROR";
		},
	},
	{
		name: "QRST", chapter: "10.4", run({ args }, m) { // resets after its OK, without detaching
			if (args === "=?") return ok(`+QRST: ${range([1])}`);
			if (args !== "=1") return "ERROR";
			m.afterAnswer(() => m.reboot());
			return "OK";
		},
	},
	query("QRFSTAT", "10.5", () => ["+QRFSTAT: CALIBRATE"]),
];
