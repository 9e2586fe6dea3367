// The library's SHA-256 (modules/http/sha256.ts) as one call, so both engines can check a body against
// the digest the Node servers computed with their own crypto.
import { SHA256, toHex } from "../../modules/http/sha256.js";

/** The SHA-256 of `data`, as lowercase hex. */
export function sha256(data: Uint8Array): string {
	const digest = new SHA256();
	digest.write(data);
	return toHex(digest.close());
}
