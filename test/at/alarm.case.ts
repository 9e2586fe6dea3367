// The one timer helper (modules/at/io.ts) against Moddable's Timer as each host implements it
// (test/support/host-timers.ts), and the host doubles themselves against what MODDABLE-NOTES measured:
// if a double stops showing its host's trap, the Alarm's tests here prove nothing, so both are tested.
import { test } from "../harness.js";
import { deepEqual, equal, throws } from "../assert.js";
import { Alarm, type TimerApi } from "../../modules/at/io.js";
import { ManualClock } from "../support/virtual-timer.js";
import { HOST_MODELS, hostTimer } from "../support/hosts.js";
import { LinuxTimer } from "../support/host-timers.js";
import { takeHostFaults } from "../support/host-serial.js";

const PARK = 0x7fffffff;

for (const model of HOST_MODELS) {
	test(`${model}: an Alarm re-armed inside its callback fires at the new deadline only`, () => {
		const clock = new ManualClock();
		const fired: number[] = [];
		let alarm: Alarm;
		alarm = new Alarm(hostTimer(clock, model), () => {
			fired.push(clock.now());
			if (fired.length < 3) alarm.arm(1000); // the chat's pattern: every wait re-arms from the last
		});
		alarm.arm(100);
		clock.advance(10000);
		deepEqual(fired, [100, 1100, 2100]);
	});

	test(`${model}: an Alarm armed in its callback, then moved from outside, fires once at the moved time`, () => {
		const clock = new ManualClock();
		const fired: number[] = [];
		const alarm = new Alarm(hostTimer(clock, model), () => {
			fired.push(clock.now());
			if (fired.length === 1) alarm.arm(1000);
		});
		alarm.arm(100);
		clock.advance(100); // fired, re-armed for 1100 inside the callback
		clock.advance(50);
		alarm.arm(3000); // moved from outside: now 3150
		clock.advance(10000);
		deepEqual(fired, [100, 3150]);
	});

	test(`${model}: stop() cancels, arm(0) comes on a later turn, close() ends it for good`, () => {
		const clock = new ManualClock();
		const fired: number[] = [];
		const timer = hostTimer(clock, model);
		const alarm = new Alarm(timer, () => fired.push(clock.now()));
		alarm.arm(500);
		clock.advance(200);
		alarm.stop();
		clock.advance(1000);
		deepEqual(fired, []);
		alarm.arm(0);
		equal(fired.length, 0); // never inside arm()
		clock.advance(1);
		deepEqual(fired, [1201]);
		clock.advance(PARK / 1000); // parked: no repeat comes unasked
		equal(fired.length, 1);
		alarm.arm(10);
		alarm.close();
		alarm.close();
		alarm.arm(10);
		clock.advance(100);
		equal(fired.length, 1);
		equal(timer.live, 0);
	});
}

// ---- the doubles show their hosts' traps ----

test("ESP32 double: a one-shot dies when it fires; schedule on it throws, clear does nothing", () => {
	const clock = new ManualClock();
	const timer = hostTimer(clock, "esp32");
	let fired = 0;
	const id = timer.set(() => fired++, 10);
	clock.advance(10);
	equal(fired, 1);
	throws(() => timer.schedule(id, 10, 10), Error);
	timer.clear(id);
	equal(timer.live, 0);
});

test("ESP32 double: schedule(id, ms) inside a one-shot's own callback is undone", () => {
	const clock = new ManualClock();
	const timer = hostTimer(clock, "esp32");
	let fired = 0;
	const id = timer.set(() => {
		if (++fired === 1) timer.schedule(id, 100);
	}, 10);
	clock.advance(1000);
	equal(fired, 1);
	throws(() => timer.schedule(id, 10, 10), Error);
});

test("ESP32 double: a repeating timer not re-armed repeats from its old trigger time (non-drifting)", () => {
	const clock = new ManualClock();
	const timer = hostTimer(clock, "esp32");
	const fired: number[] = [];
	const id = timer.set(() => fired.push(clock.now()), 10, 100);
	clock.advance(350);
	deepEqual(fired, [10, 110, 210, 310]);
	timer.schedule(id); // unscheduled, alive
	clock.advance(1000);
	equal(fired.length, 4);
	timer.schedule(id, 5, 5);
	clock.advance(5);
	equal(fired.length, 5);
});

test("Linux double: re-armed in its callback with delay ≠ interval, the old timeout is an orphan no schedule can cancel", () => {
	// MODDABLE-NOTES: re-armed in its callback as schedule(id, 1000, 0x7FFFFFFF), then moved to 3000 ms
	// from outside, it fired at ~1100 ms.
	const clock = new ManualClock();
	const timer = new LinuxTimer(clock);
	const fired: number[] = [];
	const id = timer.set(() => {
		fired.push(clock.now());
		if (fired.length === 1) timer.schedule(id, 1000, PARK);
	}, 100, PARK);
	clock.advance(150);
	timer.schedule(id, 3000, PARK);
	clock.advance(3100);
	equal(fired[1], 1100); // the orphan, at the old deadline: 2 s early for the timeout set at 150
	equal(timer.orphanFires > 0, true);
	timer.clear(id);
	takeHostFaults();
});

test("Linux double: delay equal to interval behaves, and schedule(id, 0, 0) frees the timer after it fires", () => {
	const clock = new ManualClock();
	const timer = new LinuxTimer(clock);
	const fired: number[] = [];
	const id = timer.set(() => {
		fired.push(clock.now());
		if (fired.length === 1) timer.schedule(id, 1000, 1000);
		else if (fired.length === 2) timer.schedule(id, PARK, PARK);
	}, 100, 100);
	clock.advance(150);
	timer.schedule(id, 3000, 3000);
	clock.advance(10000);
	deepEqual(fired, [100, 3150]);
	equal(timer.orphanFires, 0);
	timer.schedule(id, 0, 0);
	clock.advance(1);
	equal(fired.length, 3);
	throws(() => timer.schedule(id, 10, 10), Error);
	equal(timer.live, 0);
});

test("Linux double: the library's old pattern (park with schedule(id), re-arm with (ms, PARK) in the callback) gives a false early fire", () => {
	const clock = new ManualClock();
	const timer: TimerApi = new LinuxTimer(clock);
	const fired: number[] = [];
	const id = timer.set(() => {
		fired.push(clock.now());
		timer.schedule(id); // park
		if (fired.length === 1) timer.schedule(id, 500, PARK); // a short wait, re-armed inside the callback
	}, 0, PARK);
	timer.schedule(id);
	timer.schedule(id, 10, PARK);
	clock.advance(20);
	timer.schedule(id, 60000, PARK); // a long timeout, armed from outside
	clock.advance(1000);
	deepEqual(fired, [10, 510]); // 510: the orphan — a "timeout" 59.5 s early
	timer.clear(id);
	takeHostFaults();
});
