// The AT conversation as readable lines, for `npm start -- --trace` and for logs on a device: bytes
// each way are cut into lines ("→" to the module, "←" from it), control and binary bytes shown as \xNN,
// long lines (payloads) shortened, and secrets redacted unless asked: the values of credential headers
// in a request head, user:password in a URL, and credential-like query parameters.

const SECRET_HEADER = /^(\s*(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)\s*:\s*).*$/i;
const URL_USERINFO = /(\w+:\/\/)[^\s/@"]+@/g;
const SECRET_QUERY = /([?&](?:token|access_token|key|api_key|apikey|password|secret|sig|signature)=)[^&\s"]*/gi;
const SHOWN = 160; // characters of one line shown

export function redact(line: string): string {
	return line.replace(SECRET_HEADER, "$1[redacted]").replace(URL_USERINFO, "$1[redacted]@").replace(SECRET_QUERY, "$1[redacted]");
}

class Direction {
	text = "";
	bytes = 0;
	constructor(readonly arrow: string) {}
}

export class AtTrace {
	#print: (line: string) => void;
	#secrets: boolean;
	#out = new Direction("→");
	#in = new Direction("←");

	/** `secrets: true` shows credentials as they are. */
	constructor(print: (line: string) => void, options: { secrets?: boolean } = {}) {
		this.#print = print;
		this.#secrets = !!options.secrets;
	}

	/** Bytes the MCU sent to the module. */
	mcu(bytes: Uint8Array): void {
		this.#add(this.#out, this.#in, bytes);
	}

	/** Bytes the module sent to the MCU. */
	module(bytes: Uint8Array): void {
		this.#add(this.#in, this.#out, bytes);
	}

	/** Prints what is pending in both directions. */
	flush(): void {
		this.#line(this.#out);
		this.#line(this.#in);
	}

	#add(direction: Direction, other: Direction, bytes: Uint8Array): void {
		this.#line(other); // a `>` prompt or a partial line ends when the other side speaks
		for (let i = 0; i < bytes.length; i++) {
			const byte = bytes[i]!;
			if (byte === 10 || byte === 13) {
				this.#line(direction);
				continue;
			}
			direction.bytes++;
			if (direction.text.length < SHOWN * 2) {
				direction.text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
			}
		}
	}

	#line(direction: Direction): void {
		if (!direction.bytes) return;
		let text = this.#secrets ? direction.text : redact(direction.text);
		if (text.length > SHOWN) text = `${text.slice(0, SHOWN)}… (${direction.bytes} bytes)`;
		direction.text = "";
		direction.bytes = 0;
		this.#print(`${direction.arrow} ${text}`);
	}
}
