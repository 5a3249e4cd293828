import type { z } from "zod";
import { InvalidInputError } from "@/server/errors";
import { bodyTooLarge } from "@/server/http/body-limit";
import { assertJsonWithinBounds } from "@/server/http/json-bounds";

/** The first problem zod found, said so a person can fix the request. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidInputError(describeIssue(parsed.error));
  return parsed.data;
}

/**
 * A channel request's JSON body checked against its schema: over `limit` bytes is refused
 * (413), malformed, too deep or not matching the strict schema is a 400 with a human message.
 * An empty body reads as `{}`.
 */
export function parseJsonBody<T extends z.ZodType>(rawBody: Buffer, schema: T, limit: number): z.output<T> {
  if (rawBody.length > limit) throw bodyTooLarge(limit);
  const text = rawBody.toString("utf8");
  if (text.trim() === "") return parseWith(schema, {});
  assertJsonWithinBounds(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError("The request body is not valid JSON");
  }
  return parseWith(schema, value);
}
