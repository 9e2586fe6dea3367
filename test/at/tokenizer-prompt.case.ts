// The `>` prompt: no CR LF after it, with or without a space, only at a line start, only when expected.
// The fed inputs and their tokens are tokenizer-prompt.golden.json.
import { tokenCases } from "./tokens.js";
import golden from "./tokenizer-prompt.golden.js";

tokenCases(golden);
