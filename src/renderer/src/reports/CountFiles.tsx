import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../common/errors';
import { download } from '../inventory/desk-store';
import { useTRPCClient } from '../trpc';

/** A finished count's own report, every line, as the stock count screen gives it: PDF to print, CSV. */
export function CountFiles({ countId }: { countId: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState<'pdf' | 'csv' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async (kind: 'pdf' | 'csv') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'pdf') {
        const file = await client.inventory.counts.reportPdf.query({ countId });
        download(file.fileName, file.mimeType, { base64: file.data });
      } else {
        const file = await client.inventory.counts.reportCsv.query({ countId });
        download(file.fileName, 'text/csv', { text: file.csv });
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Button variant="subtle" size="compact-xs" onClick={() => save('pdf')} loading={busy === 'pdf'}>
        PDF
      </Button>
      <Button variant="subtle" size="compact-xs" onClick={() => save('csv')} loading={busy === 'csv'}>
        CSV
      </Button>
      {error && (
        <Text c="red" size="xs">
          {error}
        </Text>
      )}
    </Group>
  );
}
