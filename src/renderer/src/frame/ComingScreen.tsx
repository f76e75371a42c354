import { Alert, Stack, Title } from '@mantine/core';
import type { ScreenId } from './routes';
import { SCREENS } from './routes';

// Honest placeholders: what each screen will do, with no invented data.
const PLANNED: Partial<Record<ScreenId, string>> = {
  scan: 'Scanning a SKU from anywhere, the scan box and the command palette (Ctrl+K) are coming in the inventory-desk release.',
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
