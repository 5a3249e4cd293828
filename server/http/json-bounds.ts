import { InvalidInputError } from "@/server/errors";

/** Deepest nesting of objects/arrays accepted in a JSON request (our inputs need fewer than 8). */
export const MAX_JSON_DEPTH = 32;
/** Longest JSON array accepted in a request. */
export const MAX_JSON_ARRAY_LENGTH = 1000;

export type JsonBounds = { maxDepth: number; maxArrayLength: number };
const DEFAULT_BOUNDS: JsonBounds = { maxDepth: MAX_JSON_DEPTH, maxArrayLength: MAX_JSON_ARRAY_LENGTH };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const NOT_AN_ARRAY = -1;

/**
 * One linear pass over raw JSON text (no recursion, no parsing) that finds nesting deeper than
 * `maxDepth` or an array longer than `maxArrayLength`, so JSON.parse and the recursive code after
 * it (superjson, zod) never see such input. Returns a human message, or null when within bounds.
 * Malformed JSON is left for the parser to refuse.
 */
export function jsonBoundsViolation(text: string, bounds: JsonBounds = DEFAULT_BOUNDS): string | null {
  // commas[d] counts the separators of the array open at depth d (NOT_AN_ARRAY for objects)
  const commas = new Int32Array(bounds.maxDepth);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (depth === bounds.maxDepth) return `The request is too deeply nested (at most ${bounds.maxDepth} levels)`;
      commas[depth++] = code === OPEN_ARRAY ? 0 : NOT_AN_ARRAY;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (code === COMMA && depth > 0 && commas[depth - 1] !== NOT_AN_ARRAY) {
      if (++commas[depth - 1]! >= bounds.maxArrayLength) {
        return `The request contains a list that is too long (at most ${bounds.maxArrayLength} items)`;
      }
    }
  }
  return null;
}

export function assertJsonWithinBounds(text: string, bounds: JsonBounds = DEFAULT_BOUNDS): void {
  const violation = jsonBoundsViolation(text, bounds);
  if (violation) throw new InvalidInputError(violation);
}
