// The energy benchmark: the module's awake time (outside light sleep and PSM, as the emulator counts it)
// and UART bytes per warm GET of a small JSON body every 15 virtual minutes, the library against a naive
// host in the same run (bench/energy-xs.ts), in XS on the nbiot network, one line per module. Target:
// ratio ≤ 0.6.
import { perModule, withXsWorld } from "./xs-world.js";
import type { BenchOptions } from "./run.js";

export async function run(options: BenchOptions = {}): Promise<object[]> {
	const gets = options.requests || 8;
	return perModule((module) => withXsWorld("bench-energy", "energy-xs.js", async (worker) => {
		const call = async (text: string) => {
			const value = JSON.parse(new TextDecoder().decode((await worker.command(text)).reply));
			if (value.error) throw new Error(`energy bench: ${value.error}`);
			return value as { gets: number; failed: number; awakeMs: number; connectedMs: number; uartBytes: number };
		};
		const library = await call(`library ${gets}`);
		const naive = await call(`naive ${gets}`);
		const per = (n: number) => Math.round(n / gets);
		return [{
			bench: "energy", engine: "xs", profile: "nbiot",
			awakeMsPerGet: per(library.awakeMs), naiveAwakeMsPerGet: per(naive.awakeMs),
			uartBytesPerGet: per(library.uartBytes), naiveUartBytesPerGet: per(naive.uartBytes),
			ratio: Math.round((library.awakeMs / naive.awakeMs) * 1000) / 1000,
			connectedMsPerGet: per(library.connectedMs), naiveConnectedMsPerGet: per(naive.connectedMs),
			failed: library.failed + naive.failed,
		}];
	}, module));
}
