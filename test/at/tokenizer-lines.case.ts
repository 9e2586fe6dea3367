// Final results, information lines and text lines, with the noise around them skipped.
// The fed inputs and their tokens are tokenizer-lines.golden.json.
import { tokenCases } from "./tokens.js";
import golden from "./tokenizer-lines.golden.js";

tokenCases(golden);
