// The (U)SIM card: its PIN lock (AT+CLCK, AT+CPWD, AT+CPIN, AT+CPINR), identities, logical channels and
// three readable files. What is on the card survives reboots; what the module does with it does not.

/** The card's PIN and PUK when nothing changed them (choice: the values most test cards ship with). */
const PIN = "1234";
const PUK = "12345678";
const PIN_TRIES = 3;
const PUK_TRIES = 10;

export type SimState = "READY" | "SIM PIN" | "SIM PUK" | "BLOCKED";

export class Sim {
	readonly imsi: string;
	readonly iccid: string;
	state: SimState = "READY";
	#pin = PIN;
	#locked = false;
	#pinLeft = PIN_TRIES;
	#pukLeft = PUK_TRIES;
	#channels = new Set<number>();
	#nextChannel = 1;

	constructor(imsi: string, iccid: string) {
		this.imsi = imsi;
		this.iccid = iccid;
	}

	/** The card is powered: it asks for its PIN when the lock is on (the lock takes effect here). */
	powerOn(): void {
		this.#channels.clear();
		if (this.state !== "BLOCKED" && this.state !== "SIM PUK") this.state = this.#locked ? "SIM PIN" : "READY";
	}

	get locked(): boolean {
		return this.#locked;
	}

	/** AT+CPINR's counts: [PIN left, PIN default, PUK left, PUK default]. */
	get retries(): number[] {
		return [this.#pinLeft, PIN_TRIES, this.#pukLeft, PUK_TRIES];
	}

	/** AT+CPIN=<pin>[,<newpin>]: the CME error, or 0. */
	enter(code: string, newPin: string | undefined): number {
		if (this.state === "READY") return 3; // no PIN is pending
		if (this.state === "BLOCKED") return 13;
		if (this.state === "SIM PUK") {
			if (newPin === undefined || !validPin(newPin)) return 3;
			if (code !== PUK) {
				if (--this.#pukLeft === 0) this.state = "BLOCKED";
				return 16;
			}
			this.#pin = newPin;
			this.#pinLeft = PIN_TRIES;
			this.#pukLeft = PUK_TRIES;
			this.state = "READY";
			return 0;
		}
		if (!this.#check(code)) return 16;
		this.state = "READY";
		return 0;
	}

	/** AT+CLCK="SC",0|1,<pin>: the CME error, or 0. */
	lock(on: boolean, code: string): number {
		if (!this.#check(code)) return 16;
		this.#locked = on;
		return 0;
	}

	/** AT+CPWD="SC",<old>,<new>: the CME error, or 0. */
	changePin(old: string, newPin: string): number {
		if (!validPin(newPin)) return 3;
		if (!this.#check(old)) return 16;
		this.#pin = newPin;
		return 0;
	}

	// A PIN tried: three wrong in a row ask for the PUK.
	#check(code: string): boolean {
		if (this.state === "SIM PUK" || this.state === "BLOCKED") return false;
		if (code === this.#pin) {
			this.#pinLeft = PIN_TRIES;
			return true;
		}
		if (--this.#pinLeft === 0) this.state = "SIM PUK";
		return false;
	}

	/** AT+CCHO: a new logical channel's session id. */
	open(): number {
		const id = this.#nextChannel++;
		this.#channels.add(id);
		return id;
	}

	/** AT+CCHC: whether the channel was open. */
	closeChannel(id: number): boolean {
		return this.#channels.delete(id);
	}

	isOpen(id: number): boolean {
		return this.#channels.has(id);
	}

	/** The transparent files AT+CRSM can read (file id → bytes): EF ICCID, EF IMSI, and EF PLMNwAcT with
	 *  the manual's AT+CRSM example's contents. */
	file(id: number): Uint8Array | undefined {
		if (id === 0x2fe2) return swapped(this.iccid.padEnd(20, "F"));
		if (id === 0x6f07) return Uint8Array.of(8, ...swapped(`9${this.imsi}`.padEnd(16, "F")));
		if (id === 0x6f60) return Uint8Array.from({ length: 120 }, (_, i) => (i % 5 < 3 ? 0xff : 0x00));
		return undefined;
	}
}

function validPin(pin: string): boolean {
	return /^\d{4,8}$/.test(pin);
}

// Digits as the card stores them: two a byte, the first in the low nibble (3GPP TS 31.102).
function swapped(digits: string): Uint8Array {
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(digits[2 * i + 1]! + digits[2 * i]!, 16);
	return out;
}
