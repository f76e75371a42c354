import { afterEach, describe, expect, it } from 'vitest';
import { tempFilePaths } from '../test-support/core';
import { ChangeFeed } from './changes';
import { openDatabase, type LoupeDatabase } from './open';
import { queryPer } from './query';
import { Store } from './store';

// A statement per name (a replicated class's table, one of its fields) is built once per name and prepared
// once per store: a pulled page runs the same few statements thousands of times.

const dbFile = tempFilePaths();
let database: LoupeDatabase | undefined;
afterEach(() => database?.close());

describe('queryPer', () => {
  it('builds the SQL of each name once, and gives back the same statement for the same names', () => {
    const built: string[] = [];
    const settingNamed = queryPer<[table: string, column: string], [key: string], { v: string }>((table, column) => {
      built.push(`${table}.${column}`);
      return `SELECT ${column} AS v FROM ${table} WHERE key = ?`;
    });

    const first = settingNamed('settings', 'value');
    expect(settingNamed('settings', 'value')).toBe(first);
    expect(settingNamed('settings', 'key')).not.toBe(first);
    expect(built).toEqual(['settings.value', 'settings.key']);
    expect(first.sql).toBe('SELECT value AS v FROM settings WHERE key = ?');
  });

  it('runs against a store, each statement prepared once there', () => {
    database = openDatabase(dbFile());
    const store = new Store(database, new ChangeFeed());
    database.sqlite.prepare("INSERT INTO settings (key, value, updatedAt) VALUES ('backend', '\"x\"', 1)").run();
    const column = queryPer<[column: string], [key: string], { v: unknown }>(
      (name) => `SELECT ${name} AS v FROM settings WHERE key = ?`,
    );

    expect(column('value').get(store, 'backend')).toEqual({ v: '"x"' });
    expect(column('updatedAt').all(store, 'backend')).toEqual([{ v: 1 }]);
    expect(column('value').get(store, 'elsewhere')).toBeUndefined();
    expect(store.statement(column('value').sql)).toBe(store.statement(column('value').sql));
  });
});
