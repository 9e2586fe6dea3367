// The portable assertions behave the same in both engines: the rest of the suite relies on them.
import { test } from "../harness.js";
import { AssertionError, deepEqual, equal, throws } from "../assert.js";

test("equal uses Object.is", () => {
	equal(NaN, NaN);
	throws(() => equal(0, -0), AssertionError);
	throws(() => equal<unknown>("1", 1), AssertionError);
});

test("deepEqual compares bytes, maps, arrays and objects", () => {
	deepEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]));
	throws(() => deepEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), AssertionError);
	deepEqual(new Map([["a", "1"]]), new Map([["a", "1"]]));
	throws(() => deepEqual(new Map([["a", "1"]]), new Map([["a", "2"]])), AssertionError);
	deepEqual([1, { a: [2] }], [1, { a: [2] }]);
	throws(() => deepEqual([1, 2], [1, 2, 3]), AssertionError);
});

test("throws checks the error type and predicate", () => {
	throws(() => { throw new RangeError("x"); }, RangeError, (e) => e.message === "x");
	throws(() => throws(() => undefined, Error), AssertionError);
	throws(() => throws(() => { throw new TypeError("t"); }, RangeError), AssertionError);
	// The predicate is applied: the right type with the wrong message fails.
	throws(() => throws(() => { throw new RangeError("y"); }, RangeError, (e) => e.message === "x"), AssertionError);
});
