import { Alert, Button, Group, Kbd, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../common/errors';
import { useOpenScan } from './DeskLayer';
import { setDesk } from './desk-store';

/** The scan box: type or scan a SKU and press Enter; it opens the stone as a scan from anywhere does. */
export function ScanScreen() {
  const openScan = useOpenScan();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    setError(null);
    try {
      await openScan(code);
      setCode('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Stack maw={640} gap="md">
      <Title order={3}>Scan</Title>
      <form onSubmit={submit} aria-label="Scan a SKU">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="SKU"
            placeholder="Scan or type a SKU, then Enter"
            data-autofocus
            autoFocus
            size="md"
            ff="monospace"
            style={{ flex: 1 }}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
          />
          <Button type="submit" size="md">
            Open
          </Button>
        </Group>
      </form>
      {error && <Alert color="red">{error}</Alert>}
      <Text size="sm" c="dimmed">
        A barcode scanner works on every screen: scan a label whenever you are not typing in a field and the stone
        opens. To search by certificate number or buyer, press <Kbd>Ctrl</Kbd> + <Kbd>K</Kbd>.
      </Text>
      <Group>
        <Button variant="default" onClick={() => setDesk({ paletteOpen: true })}>
          Search (Ctrl+K)
        </Button>
      </Group>
    </Stack>
  );
}
