// The CONNECT framing (the QHTTP family's BG95/BG96 dialect), from data as the BC660K's `>` and
// `+QHTTPREAD:` are: the prompt line, an open payload the layer above ends, a counted CONNECT <n>. The
// fed inputs and their tokens are tokenizer-connect.golden.json, at every split.
import { tokenCases } from "./tokens.js";
import golden from "./tokenizer-connect.golden.js";

tokenCases(golden);
