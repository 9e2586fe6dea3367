// Chapter 3.2.2: HTTPS POST, a result URC after doubled blank lines without content length, and a
// chunked response read whole.
// The exchanges and the log are manual-https-post.golden.json.
import { transcriptCase } from "./golden.js";
import golden from "./manual-https-post.golden.js";

transcriptCase(golden);
