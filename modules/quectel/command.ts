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

/** The command line as text, for an error message only. */
export function commandText(tx: Uint8Array, length: number): string {
	let text = "";
	for (let i = 0; i < length; i++) text += String.fromCharCode(tx[i]!);
	return text;
}
