import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/server/errors";
import {
  assertJsonWithinBounds,
  jsonBoundsViolation,
  MAX_JSON_ARRAY_LENGTH,
  MAX_JSON_DEPTH,
} from "@/server/http/json-bounds";

const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
const array = (length: number) => JSON.stringify(Array.from({ length }, (_, i) => i));
const TOO_DEEP = `The request is too deeply nested (at most ${MAX_JSON_DEPTH} levels)`;
const TOO_LONG = `The request contains a list that is too long (at most ${MAX_JSON_ARRAY_LENGTH} items)`;

describe("jsonBoundsViolation", () => {
  it("accepts nesting up to the bound and refuses one level more, for arrays and objects", () => {
    expect(jsonBoundsViolation(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonBoundsViolation(objects(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonBoundsViolation(nested(MAX_JSON_DEPTH + 1))).toBe(TOO_DEEP);
    expect(jsonBoundsViolation(objects(MAX_JSON_DEPTH + 1))).toBe(TOO_DEEP);
    expect(jsonBoundsViolation(`{"json":${objects(MAX_JSON_DEPTH)}}`)).toBe(TOO_DEEP);
  });

  it("refuses 10,000 and 1,000,000 levels without overflowing the stack", () => {
    expect(jsonBoundsViolation(nested(10_000))).toBe(TOO_DEEP);
    expect(jsonBoundsViolation(nested(1_000_000, '{"a":[', "]}"))).toBe(TOO_DEEP);
  });

  it("accepts arrays up to the bound and refuses one item more, at any depth", () => {
    expect(jsonBoundsViolation(array(MAX_JSON_ARRAY_LENGTH))).toBeNull();
    expect(jsonBoundsViolation(array(MAX_JSON_ARRAY_LENGTH + 1))).toBe(TOO_LONG);
    expect(jsonBoundsViolation(`{"a":{"b":[${array(MAX_JSON_ARRAY_LENGTH + 1)}]}}`)).toBe(TOO_LONG);
    // several arrays each within the bound are fine, even if together they are longer
    const siblings = `[${array(MAX_JSON_ARRAY_LENGTH - 1)},${array(MAX_JSON_ARRAY_LENGTH - 1)}]`;
    expect(jsonBoundsViolation(siblings)).toBeNull();
  });

  it("does not count object members as array items", () => {
    const members = Array.from({ length: MAX_JSON_ARRAY_LENGTH * 2 }, (_, i) => `"k${i}":[1,2]`).join(",");
    expect(jsonBoundsViolation(`[{${members}}]`)).toBeNull();
  });

  it("ignores brackets, commas and escaped quotes inside strings", () => {
    const brackets = JSON.stringify({ body: "[{".repeat(5_000) + ",".repeat(5_000) });
    expect(jsonBoundsViolation(brackets)).toBeNull();
    const escapedQuotes = JSON.stringify({ body: '\\"[[[[' + '"'.repeat(50) + "[".repeat(100) });
    expect(jsonBoundsViolation(escapedQuotes)).toBeNull();
    // a string ending in an escaped backslash closes, so what follows is structure again
    expect(jsonBoundsViolation(`["\\\\",${nested(MAX_JSON_DEPTH)}]`)).toBe(TOO_DEEP);
    expect(jsonBoundsViolation(`["\\\\"]`)).toBeNull();
  });

  it("throws a BAD_REQUEST domain error with the human message", () => {
    expect(() => assertJsonWithinBounds(nested(100))).toThrow(InvalidInputError);
    expect(() => assertJsonWithinBounds(nested(100))).toThrow(TOO_DEEP);
    expect(() => assertJsonWithinBounds('{"ok":[1,2,3]}')).not.toThrow();
  });
});
