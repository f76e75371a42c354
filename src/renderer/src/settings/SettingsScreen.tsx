import { Stack, Title } from '@mantine/core';
import type { SessionUser } from '../../../main/trpc/context';
import { StaffSection } from './StaffSection';

export function SettingsScreen({ user }: { user: SessionUser }) {
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={3}>Settings</Title>
      <StaffSection user={user} />
    </Stack>
  );
}
