// The messages between an XS worker and the Node process that serves it: a JSON header and raw
// bytes, so serial data crosses without being turned into text. Layout: u32 header length
// (little-endian), the header as UTF-8 JSON, then the bytes.

export function encodeFrame(header: object, bytes?: Uint8Array): Uint8Array {
	const json = new TextEncoder().encode(JSON.stringify(header));
	const frame = new Uint8Array(4 + json.length + (bytes?.length ?? 0));
	new DataView(frame.buffer).setUint32(0, json.length, true);
	frame.set(json, 4);
	if (bytes) frame.set(bytes, 4 + json.length);
	return frame;
}

export function decodeFrame(frame: Uint8Array): { header: any; bytes: Uint8Array } {
	const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
	const header = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + length)));
	return { header, bytes: frame.subarray(4 + length) };
}
