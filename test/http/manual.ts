// The two responses of the application note's chapter 3, byte for byte, read from their goldens:
// response-manual-example.golden.json (example.com, 1024 + 583 bytes) and
// response-manual-chunked.golden.json (the chunked JSON, 354 bytes).
import { bytes, type Bytes } from "../support/goldens.js";
import { wire } from "./feed.js";
import example from "./response-manual-example.golden.js";
import chunked from "./response-manual-chunked.golden.js";

/** A response golden: `head`, then `content` on the wire (omitted: the body as is), the body delivered, the log. */
interface ManualResponse {
	head: Bytes;
	content?: Bytes;
	body: Bytes;
	log: string[];
}

function read(golden: unknown): { wire: Uint8Array; head: string; body: string; log: string[] } {
	const response = golden as ManualResponse;
	const head = bytes(response.head), body = bytes(response.body);
	return { wire: wire(head + (response.content === undefined ? body : bytes(response.content))), head, body, log: response.log };
}

const EXAMPLE_RESPONSE = read(example);
export const EXAMPLE_HEAD = EXAMPLE_RESPONSE.head;
export const EXAMPLE_BODY = EXAMPLE_RESPONSE.body;
export const EXAMPLE = EXAMPLE_RESPONSE.wire;
/** What feed.ts logs of EXAMPLE at every split. */
export const EXAMPLE_LOG = EXAMPLE_RESPONSE.log;

const TOKEN_RESPONSE = read(chunked);
export const TOKEN_JSON = TOKEN_RESPONSE.body;
export const TOKEN = TOKEN_RESPONSE.wire;
/** What feed.ts logs of TOKEN at every split. */
export const TOKEN_LOG = TOKEN_RESPONSE.log;
