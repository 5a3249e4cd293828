import type { Executor } from "./index";

const built = new WeakMap<Executor, Map<string, unknown>>();

/**
 * A drizzle prepared query (`.prepare()` with `sql.placeholder` parameters), built once per
 * database handle or transaction instead of on every call: on the hottest read paths drizzle's
 * query building costs more CPU than the query itself. `name` must be unique per query shape.
 */
export function preparedFor<T>(db: Executor, name: string, build: (db: Executor) => T): T {
  let queries = built.get(db);
  if (!queries) built.set(db, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (query === undefined) queries.set(name, (query = build(db)));
  return query;
}
