#!/usr/bin/env node
// The local HTTP and HTTPS test servers, with their CA written to a file (emulator/servers-cli.ts).
import { launch } from "./launch.js";

launch("nbiot-servers", "servers-cli.js");
