import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';

// Settings → Backups, for administrators: a new desk starts from a colleague's backup instead of downloading
// every stone (see "A new desk in a minute" in the user guide). The core checks the role again.

export interface ColleagueBackupTarget {
  file: string;
  label: string;
  fromColleague: true;
}

export function ColleagueBackupForm({ onOpen }: { onOpen: (target: ColleagueBackupTarget) => void }) {
  const [file, setFile] = useState('');
  return (
    <form
      aria-label="Open a colleague's backup on this desk"
      onSubmit={(e) => {
        e.preventDefault();
        if (file.trim()) onOpen({ file: file.trim(), label: file.trim(), fromColleague: true });
      }}
    >
      <Stack gap={4}>
        <Title order={5}>Open a colleague’s backup on this desk</Title>
        <Text size="sm">
          For a new desk: instead of downloading every stone from the server, start from a recent backup made on another
          desk of the showroom. This desk then only downloads what changed since that backup. Changes the other desk had
          not sent yet stay with it: that desk sends them itself. No sign-in to the server travels in a backup: staff
          sign in here with their usual username and password.
        </Text>
        <Group align="flex-end">
          <TextInput
            label="The colleague’s backup file"
            description="Its full path on this computer (e.g. on a USB drive or a shared folder)"
            placeholder="/media/usb/loupe-20250314T091502123Z-manual.db"
            value={file}
            onChange={(e) => setFile(e.currentTarget.value)}
            w={520}
          />
          <Button type="submit" variant="default" disabled={!file.trim()}>
            Open…
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
