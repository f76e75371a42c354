import type { RunResult } from 'better-sqlite3';
import type { Store } from './store';

/**
 * A named statement of a capability's queries module: its SQL, and typed ways to run it. The statement is
 * prepared once per store (Store.statement) the first time it runs. `Params` are the bound values, in order,
 * or one object for `@named` parameters; `Row` is what a row reads as. (Never switch a cached statement to
 * raw or pluck mode: every caller of the same SQL shares it.)
 */
export interface Query<Params extends unknown[], Row> {
  readonly sql: string;
  get(store: Store, ...params: Params): Row | undefined;
  all(store: Store, ...params: Params): Row[];
  run(store: Store, ...params: Params): RunResult;
}

export function query<Params extends unknown[] = [], Row = never>(sql: string): Query<Params, Row> {
  return {
    sql,
    get: (store, ...params) => store.statement(sql).get(...params) as Row | undefined,
    all: (store, ...params) => store.statement(sql).all(...params) as Row[],
    run: (store, ...params) => store.statement(sql).run(...params),
  };
}

/** `UPDATE <table> SET f = @f, … , localUpdatedAt = @now WHERE id = @id`: a write of the fields a user changed. */
export const updateFieldsSql = (table: string, fields: readonly string[]) =>
  `UPDATE ${table} SET ${fields.map((f) => `${f} = @${f}`).join(', ')}, localUpdatedAt = @now WHERE id = @id`;

/**
 * A statement per name from a fixed list (a replicated class, one of its fields): its SQL is built once per
 * name and kept, and prepared once per store like any other. For hot paths (a pulled page, a push batch),
 * where building and hashing the SQL text again for every record would cost.
 */
export function queryPer<Names extends (string | number)[], Params extends unknown[] = [], Row = never>(
  sql: (...names: Names) => string,
): (...names: Names) => Query<Params, Row> {
  const made = new Map<string | number, Query<Params, Row>>();
  return (...names) => {
    const key = names.length === 1 ? names[0]! : names.join('\u0000');
    let statement = made.get(key);
    if (!statement) made.set(key, (statement = query<Params, Row>(sql(...names))));
    return statement;
  };
}
