#!/usr/bin/env node
// The emulator's command (package.json "bin"). A committed launcher, so the command keeps its exec bit
// whatever a build does to build/; the program is build/emulator/cli.js, which `npm run build` (run by
// npm install, npm test and npm start) makes.
import("../build/emulator/cli.js").catch((error) => {
	if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("build/emulator/cli.js")) throw error;
	process.stderr.write("bc660k-emulator: build/emulator/cli.js is missing: run `npm run build` in the nbiot-http package first\n");
	process.exit(2);
});
