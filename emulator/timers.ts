// The bit-string timer encodings of the AT Commands Manual's chapters 4.1 and 9 (AT+CEREG, AT+CPSMS,
// AT+QPSMS, AT+CEDRXS, AT+QEDRXCFG): GPRS Timer 2 (T3324, the active time), GPRS Timer 3 (extended
// T3412, the periodic TAU), the NB-S1 eDRX cycle and the paging time window.

/** T3324 (GPRS Timer 2, bits 8–6): seconds per step; null: deactivated. The manual lists 000, 001, 010
 *  and 111; 3GPP TS 24.008 reads the other units as 1 minute, and so do we. */
const T3324_UNIT: Record<string, number | null> = { "000": 2, "001": 60, "010": 360, "011": 60, "100": 60, "101": 60, "110": 60, "111": null };

/** Extended T3412 (GPRS Timer 3, bits 8–6): seconds per step; null: deactivated. 110 is 320 hours
 *  (the manual's note 1: an integrity-protected message). */
const T3412_UNIT: Record<string, number | null> = { "000": 600, "001": 3600, "010": 36000, "011": 2, "100": 30, "101": 60, "110": 1152000, "111": null };

function decode(bits: string, units: Record<string, number | null>): number | null {
	const unit = units[bits.slice(0, 3)];
	return unit === null || unit === undefined ? null : unit * parseInt(bits.slice(3), 2);
}

/** T3324 in seconds, or null when deactivated. */
export function t3324Seconds(bits: string): number | null {
	return decode(bits, T3324_UNIT);
}

/** Extended T3412 in seconds, or null when deactivated. */
export function t3412Seconds(bits: string): number | null {
	return decode(bits, T3412_UNIT);
}

// AT+QPSMS: "the greatest available value that is not greater than the requested one".
function encode(seconds: number, units: Record<string, number | null>, order: string[]): string {
	let best = "";
	let bestValue = -1;
	for (const unitBits of order) {
		const unit = units[unitBits]!;
		const value = Math.min(31, Math.floor(seconds / unit));
		if (value * unit > bestValue) {
			bestValue = value * unit;
			best = unitBits + value.toString(2).padStart(5, "0");
		}
	}
	return best;
}

export function encodeT3324(seconds: number): string {
	return encode(seconds, T3324_UNIT, ["000", "001", "010"]);
}

export function encodeT3412(seconds: number): string {
	return encode(seconds, T3412_UNIT, ["011", "100", "101", "000", "001", "010", "110"]);
}

/** The NB-S1 eDRX cycle lengths of the manual's table (ms); other values are not in the table. */
export const EDRX_MS: Record<string, number> = {
	"0010": 20480, "0011": 40960, "0101": 81920, "1001": 163840, "1010": 327680, "1011": 655360,
	"1100": 1310720, "1101": 2621440, "1110": 5242880, "1111": 10485760,
};
