// The package's commands (package.json "bin") are committed launchers, so they keep their exec bit
// whatever a build does to build/; each program is compiled into build/emulator/ by `npm run build`
// (run by npm install, npm test and npm start).
export function launch(command, program) {
	import(`../build/emulator/${program}`).catch((error) => {
		if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes(`build/emulator/${program}`)) throw error;
		process.stderr.write(`${command}: build/emulator/${program} is missing: run \`npm run build\` in the nbiot-http package first\n`);
		process.exit(2);
	});
}
