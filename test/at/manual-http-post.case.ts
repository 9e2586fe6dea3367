// Chapter 3.1.2: HTTP POST whose body holds a `>`, and read.
// The exchanges and the log are manual-http-post.golden.json.
import { transcriptCase } from "./golden.js";
import golden from "./manual-http-post.golden.js";

transcriptCase(golden);
