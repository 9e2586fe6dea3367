// Runs inside the XS worker: the soak (test/reliability/soak.ts) in batches, one per delivery, so the
// heap can be read between them.
import { installWorld, openWorld, type World } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { Soak } from "../test/reliability/soak.js";
import { serveCommands } from "./xs-commands.js";

installXsWorld(installWorld);

let world: World;
let soak: Soak;

serveCommands(async (op, [arg, profile]) => {
	if (op === "open") {
		world = await openWorld({ seed: 3, profile: profile === "field" ? "field" : "manual" });
		soak = new Soak(world, { seed: Number(arg), rate: 0.1 });
	} else if (op === "run") await soak.run(Number(arg));
	else {
		await soak.close();
		await world.close();
	}
	return soak.report;
});
