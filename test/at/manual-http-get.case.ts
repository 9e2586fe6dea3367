// Chapter 3.1.1: HTTP GET and read, every split of the module's output.
// The exchanges and the log are manual-http-get.golden.json.
import { transcriptCase } from "./golden.js";
import golden from "./manual-http-get.golden.js";

transcriptCase(golden);
