import { Stack, Title } from '@mantine/core';
import type { SessionUser } from '../api-types';
import { ListsSection } from '../inventory/ListsSection';
import { InvoiceSettings } from '../invoices/InvoiceSettings';
import { MaintenanceSections } from '../maintenance/MaintenanceSections';
import { BackendSection } from './BackendSection';
import { StaffSection } from './StaffSection';

export function SettingsScreen({ user }: { user: SessionUser }) {
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={3}>Settings</Title>
      <BackendSection user={user} />
      <StaffSection user={user} />
      <ListsSection user={user} />
      <InvoiceSettings user={user} />
      <MaintenanceSections user={user} />
    </Stack>
  );
}
