import { Alert, Stack, Title } from '@mantine/core';
import type { ScreenId } from './routes';
import { SCREENS } from './routes';

// Honest placeholders: what each screen will do, with no invented data.
const PLANNED: Partial<Record<ScreenId, string>> = {
  scan: 'Scanning a SKU from anywhere, the scan box and the command palette (Ctrl+K) are coming in the inventory-desk release.',
  certificates:
    'Recording lab verifications, number checks per lab, the audit trail and the awaiting-verification queue are coming in the certificates release.',
  buyers: 'Buyer profiles, duplicate detection and matching are coming in the sales release.',
  inquiries: 'The inquiry pipeline (new → quoted → reserved → closed) and its board are coming in the sales release.',
  'follow-ups': 'Due-today, overdue and this-week follow-ups are coming in the sales release.',
};

export function ComingScreen({ id }: { id: ScreenId }) {
  const label = SCREENS.find((s) => s.id === id)?.label ?? id;
  return (
    <Stack maw={720}>
      <Title order={3}>{label}</Title>
      <Alert color="gray" title="Coming">
        {PLANNED[id] ?? 'This screen is coming in a later release.'}
      </Alert>
    </Stack>
  );
}
