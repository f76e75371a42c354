import { agingThresholdsInput, DEFAULT_AGING_THRESHOLDS, type AgingThresholds } from '../../shared/sales';
import type { Store } from '../db/store';

/** Workstation setting (settings table): days in stage after which pipeline cards turn amber, then red. */
export const AGING_SETTING_KEY = 'sales.agingThresholds';

export function agingThresholds(store: Store): AgingThresholds {
  const row = store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(AGING_SETTING_KEY) as
    { value: string } | undefined;
  if (!row) return DEFAULT_AGING_THRESHOLDS;
  try {
    const parsed = agingThresholdsInput.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_AGING_THRESHOLDS;
  } catch {
    return DEFAULT_AGING_THRESHOLDS;
  }
}

export function setAgingThresholds(store: Store, thresholds: AgingThresholds): AgingThresholds {
  store.write((scope) => {
    store.sqlite
      .prepare(
        `INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
      )
      .run(AGING_SETTING_KEY, JSON.stringify(thresholds), scope.now);
    // Local to this workstation (not replicated); open boards refresh through the change feed.
    scope.touched('settings');
  });
  return agingThresholds(store);
}
