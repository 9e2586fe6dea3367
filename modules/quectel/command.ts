// Writes AT command lines into the chat's tx buffer without building strings: the command's text is a
// literal, numbers are written digit by digit.

export function writeAscii(tx: Uint8Array, at: number, text: string): number {
	for (let i = 0; i < text.length; i++) tx[at++] = text.charCodeAt(i);
	return at;
}

export function writeUint(tx: Uint8Array, at: number, value: number): number {
	let digits = 1;
	for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
	for (let i = at + digits - 1, v = value; i >= at; i--, v = Math.floor(v / 10)) tx[i] = 48 + (v % 10);
	return at + digits;
}

/** bytes[start, end) as text: only for what a user sees (an error's command line, an identity, an address),
 *  never per request. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
	let text = "";
	for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
	return text;
}
