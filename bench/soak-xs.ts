// Runs inside the XS worker: the soak (test/reliability/soak.ts) in batches, one per delivery, so the
// heap can be read between them.
import { installWorld, openWorld, type World } from "../test/support/world.js";
import { installXsWorld } from "../test/support/xs-world.js";
import { Soak } from "../test/reliability/soak.js";

declare function gc(): void;

installXsWorld(installWorld);

let world: World;
let soak: Soak;

function reply(value: object): ArrayBuffer {
	return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
}

(globalThis as { handleCommand?: (m: ArrayBuffer) => unknown }).handleCommand = (message: ArrayBuffer) => {
	const [op, arg] = new TextDecoder().decode(message).split(" ");
	if (op === "gc") {
		gc();
		return reply({});
	}
	const answer: { result?: ArrayBuffer } = {};
	const work = async () => {
		if (op === "open") {
			world = await openWorld({ seed: 3 });
			soak = new Soak(world, { seed: Number(arg), rate: 0.1 });
		} else if (op === "run") await soak.run(Number(arg));
		else {
			await soak.close();
			await world.close();
		}
		return soak.report;
	};
	work().then((value) => (answer.result = reply(value)), (e) => (answer.result = reply({ error: String((e as Error)?.stack ?? e) })));
	return answer;
};
