#!/usr/bin/env node
// The emulator on a pseudo-terminal or a TCP port (emulator/cli.ts).
import { launch } from "./launch.js";

launch("bc660k-emulator", "cli.js");
