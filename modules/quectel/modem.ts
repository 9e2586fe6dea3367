// The modem: one module on one serial, whatever its model (options.module names its profile). Requests of
// the http layer and the network jobs run one at a time in the runner's queue (runner.ts); this class is
// the public face: bring-up, status, power settings, sleep, close. The http layer's plumbing (enqueue,
// resume, cancel, buffers, limits) is internal.
import type { TimerApi } from "../at/io.js";
import { Runner } from "./runner.js";
import { TransferJob } from "./transfer.js";
import { NetworkJob, Task, startOptions } from "./netjobs.js";
import { SleepJob } from "./jobs.js";
import { RequestBuffers } from "./buffers.js";
import { profileOf } from "./profiles.js";
import { checkPower, type ModemStatus, type NetworkState, type PowerOptions, type StartOptions, type StartResult } from "./network.js";
import type { HttpJob, ModemLimits } from "./job.js";
import type { ModemOptions } from "./options.js";
import type { Job } from "./script.js";

export type { ModemOptions } from "./options.js";

export class Modem {
	#runner: Runner;
	#buffers: RequestBuffers | undefined;

	constructor(options: ModemOptions) {
		// Caller mistakes, named with their fix before anything is opened.
		if (typeof options !== "object" || options === null) throw new TypeError("Modem: pass an options object: new Modem({ serial: { io: Serial, … }, timer: Timer })");
		if (typeof options.serial?.io !== "function") throw new TypeError("Modem: options.serial.io must be the ECMA-419 serial class (import Serial from \"embedded:io/serial\"), with its options beside it: serial: { io: Serial, port: 2, transmit: 17, receive: 16, baud: 115200 }");
		if (typeof options.timer?.set !== "function" || typeof options.timer.schedule !== "function") throw new TypeError("Modem: options.timer must be Moddable's Timer (import Timer from \"timer\")");
		const readTime = options.readTime ?? 300;
		if (!(readTime >= 1 && readTime <= 300)) throw new RangeError("readTime is 1–300 seconds");
		this.#runner = new Runner(options, profileOf(options.module));
		this.releaseAssistance = options.releaseAssistance === true;
		this.onNetwork = options.onNetwork;
	}

	/** Release assistance after a request's last read (ModemOptions.releaseAssistance), settable. */
	get releaseAssistance(): boolean {
		return this.#runner.releaseAssistance;
	}

	set releaseAssistance(on: boolean) {
		this.#runner.releaseAssistance = on;
	}

	/** Registration changes (ModemOptions.onNetwork), settable. */
	get onNetwork(): ((state: NetworkState) => void) | undefined {
		return this.#runner.onNetwork;
	}

	set onNetwork(callback: ((state: NetworkState) => void) | undefined) {
		this.#runner.onNetwork = callback;
	}

	/** The timer the modem was given: the layers above (Download, Update) make theirs from it. */
	get timer(): TimerApi {
		return this.#runner.options.timer;
	}

	/**
	 * Brings the network up: the (U)SIM, the APN (set and the module restarted only when it differs), the
	 * registration URCs, PSM/eDRX when asked for, the registration (home or roaming) within `timeout`, then
	 * the data address. Rejects with a ModemError: 950 SIM, 951 denied (EMM cause in the message), 952 not
	 * registered in time, 953 no address, or the module's code. Runs in the request queue.
	 */
	start(options: StartOptions = {}): Promise<StartResult> {
		const apn = startOptions(options, this.#runner.profile.network);
		return NetworkJob.run(this.#runner, Task.START, options, apn, options.timeout ?? 180000);
	}

	/** Registration, signal, identity, the granted PSM/eDRX timers and the sleep setting, read from the module
	 *  (the identity only once). Runs in the request queue. */
	status(): Promise<ModemStatus> {
		return NetworkJob.run(this.#runner, Task.STATUS, {});
	}

	/** Requests PSM and eDRX (or turns them off with false); the network's grant shows in status(). */
	setPower(options: PowerOptions): Promise<void> {
		if (typeof options !== "object" || options === null) throw new TypeError("setPower: pass { psm: { periodicTau, activeTime }, edrx: { cycle } }");
		checkPower(options, this.#runner.profile.network.edrxCycles);
		return NetworkJob.run(this.#runner, Task.POWER, options);
	}

	/** The registration as last read or reported; stat -1 before any. */
	get network(): NetworkState {
		return this.#runner.registration.state();
	}

	/** Puts the module to sleep now if nothing is running. */
	sleep(): void {
		const runner = this.#runner;
		if (!runner.job && !runner.queued && !runner.held.asleep && !runner.closed) runner.enqueue(new SleepJob(runner));
	}

	/** Idempotent. Every request and network job settles with 930. */
	close(): void {
		this.#runner.close();
	}

	/** @internal What the module allows a request (the http layer plans with it). */
	get limits(): ModemLimits {
		return this.#runner.profile.limits;
	}

	/** @internal The bytes a request needs, one set lent to the request that runs (buffers.ts). */
	get buffers(): RequestBuffers {
		const limits = this.#runner.profile.limits;
		return (this.#buffers ??= new RequestBuffers(limits.packetMax, limits.urlMax));
	}

	/** @internal Queues a request of the http layer; it starts when the module is free. */
	enqueue(job: HttpJob): void {
		this.#runner.enqueue(new TransferJob(this.#runner, job));
	}

	/** @internal The request has more to give (a packet) or room to take (a read). */
	resume(job: HttpJob): void {
		const transfer = this.#find(job);
		if (transfer) this.#runner.resume(transfer);
	}

	/** @internal Queued, the request never starts; running, its exchange is cancelled. */
	cancel(job: HttpJob): void {
		const transfer = this.#find(job);
		if (transfer) this.#runner.cancel(transfer);
	}

	#find(job: HttpJob): Job | undefined {
		return this.#runner.find((transfer) => (transfer as TransferJob).http === job);
	}
}
