// Chapter 3.2.1: boot banner, CA upload ended by Ctrl+Z, HTTPS GET, two reads whose payload holds
// CR LF, OK, ERROR, `>`, NUL and a fake +QHTTPREAD line.
// The exchanges and the log are manual-https-get.golden.json.
import { transcriptCase } from "./golden.js";
import golden from "./manual-https-get.golden.js";

transcriptCase(golden);
