import { Text } from '@mantine/core';
import type { UpdateStatus } from '../api-types';
import { formatDateTime } from '../../../shared/format';

export const formatWhen = (ms: number): string => formatDateTime(ms);

export function formatBytes(bytes: number): string {
  if (bytes < 1024 ** 2) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** One sentence about updates, in the words of the person reading it. */
export function updateSentence(s: UpdateStatus): string {
  switch (s.phase) {
    case 'unsupported':
    case 'not-configured':
      return `Loupe ${s.currentVersion}. ${s.message ?? ''}`;
    case 'checking':
      return `Loupe ${s.currentVersion}: looking for an update…`;
    case 'downloading':
      return `Loupe ${s.version} is downloading in the background${s.percent !== null ? ` (${s.percent}%)` : ''}; you can keep working.`;
    case 'downloaded':
      return `Loupe ${s.version} is ready: restart to update. Changes not yet sent are kept and sent after the restart.`;
    case 'up-to-date':
      return `Loupe ${s.currentVersion} is up to date${s.checkedAt ? ` (checked ${formatWhen(s.checkedAt)})` : ''}.`;
    case 'error':
      return `Loupe ${s.currentVersion}. ${s.message ?? 'The last update check failed.'} Loupe tries again daily.`;
    default:
      return `Loupe ${s.currentVersion}. Updates are checked at start and daily${s.feedUrl ? ` from ${s.feedUrl}` : ''}.`;
  }
}

export function UpdateStatusLine({ status }: { status: UpdateStatus }) {
  return (
    <Text size="sm" data-testid="update-status">
      {updateSentence(status)}
    </Text>
  );
}
