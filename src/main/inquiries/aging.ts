import { agingThresholdsInput, DEFAULT_AGING_THRESHOLDS, type AgingThresholds } from '../../shared/sales';
import type { Store } from '../db/store';
import { saveSetting, settingValue } from './queries';

/** Workstation setting (settings table): days in stage after which pipeline cards turn amber, then red. */
export const AGING_SETTING_KEY = 'sales.agingThresholds';

export function agingThresholds(store: Store): AgingThresholds {
  const row = settingValue.get(store, AGING_SETTING_KEY);
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
    saveSetting.run(store, AGING_SETTING_KEY, JSON.stringify(thresholds), scope.now);
    // Local to this workstation (not replicated); open boards refresh through the change feed.
    scope.touched('settings');
  });
  return agingThresholds(store);
}
