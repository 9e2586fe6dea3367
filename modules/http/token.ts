// HTTP tokens (method and header names) and case-insensitive header-name comparison, on char codes:
// no strings are made.

/** RFC 9110 tchar: letters, digits and !#$%&'*+-.^_`|~ */
export function isTokenByte(c: number): boolean {
	if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return true;
	switch (c) {
		case 33: case 35: case 36: case 37: case 38: case 39: case 42: case 43:
		case 45: case 46: case 94: case 95: case 96: case 124: case 126:
			return true;
	}
	return false;
}

export function isToken(text: string): boolean {
	if (text.length === 0) return false;
	for (let i = 0; i < text.length; i++) if (!isTokenByte(text.charCodeAt(i))) return false;
	return true;
}

/** Whether a header name equals a lowercase one, ignoring ASCII case. */
export function isHeader(name: string, lowerName: string): boolean {
	if (name.length !== lowerName.length) return false;
	for (let i = 0; i < name.length; i++) {
		const c = name.charCodeAt(i);
		if ((c >= 65 && c <= 90 ? c + 32 : c) !== lowerName.charCodeAt(i)) return false;
	}
	return true;
}
