import type { BackendSettings } from '../../shared/sync';
import type { Store } from '../db/store';
import { forgetSetting, settingOf, writeSettingRow } from './queries';

// What the replicator keeps in the settings table: the backend to reach, and its own bookkeeping (when it
// last synced, swept, which role pulled). Session tokens are never here: see sessions.ts.

const BACKEND = 'backend';

export function readSetting<T>(store: Store, key: string): T | undefined {
  const row = settingOf.get(store, key);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeSetting(store: Store, key: string, value: unknown) {
  writeSettingRow.run(store, key, JSON.stringify(value), store.clock());
}

export function backendSettings(store: Store): BackendSettings | null {
  return readSetting<BackendSettings>(store, BACKEND) ?? null;
}

export function saveBackendSettings(store: Store, settings: BackendSettings) {
  writeSetting(store, BACKEND, settings);
}

/** Forgets the backend: the workstation is local-only again. */
export function forgetBackendSettings(store: Store) {
  forgetSetting.run(store, BACKEND);
}
