// The `>` prompt: no CR LF after it, with or without a space, only at a line start, only when expected.
import { test } from "../harness.js";
import { deepEqual } from "../assert.js";
import { tokens, TOKEN_SPLITS } from "./tokens.js";

const expect = { setup: (t: { expectPrompt(on: boolean): void }) => t.expectPrompt(true) };

test("`\\r\\n>` and `\\r\\n> ` are prompts, whatever the split", () => {
	for (const split of TOKEN_SPLITS) {
		deepEqual(tokens("\r\n>", split, expect), ["PROMPT >"], `split ${split}`);
		deepEqual(tokens("\r\n> \r\nOK\r\n", split, expect), ["PROMPT >", "OK OK"], `split ${split}`);
	}
});

test("a `>` inside a line is text, not a prompt", () => {
	deepEqual(tokens("\r\nMessage>Hello\r\n\r\n<a>b</a>\r\n", 1, expect), ["LINE Message>Hello", "LINE <a>b</a>"]);
});

test("a `>` when no prompt is expected is text; one prompt per expectation", () => {
	deepEqual(tokens("\r\n>\r\n", 1), ["LINE >"]);
	deepEqual(tokens("\r\n>\r\n>\r\n", 1, expect), ["PROMPT >", "LINE >"]);
});
