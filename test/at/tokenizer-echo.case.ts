// The echo of the command just sent (echo on after power-on) is recognised once and not taken for a line.
// The fed inputs and their tokens are tokenizer-echo.golden.json.
import { tokenCases } from "./tokens.js";
import golden from "./tokenizer-echo.golden.js";

tokenCases(golden);
