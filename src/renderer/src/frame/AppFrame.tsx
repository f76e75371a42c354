import { AppShell, Badge, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { SessionUser } from '../api-types';
import { ROLE_LABELS } from '../../../shared/enums';
import { BuyersScreen } from '../buyers/BuyersScreen';
import { AWAITING_VERIFICATION_ID, AwaitingBadge, CertificatesScreen } from '../certificates/CertificatesScreen';
import { ConsignmentsScreen } from '../consignments/ConsignmentsScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { FOLLOW_UPS_DUE_ID, FollowUpsBadge, FollowUpsScreen } from '../follow-ups/FollowUpsScreen';
import { InquiriesScreen } from '../inquiries/InquiriesScreen';
import { MemosScreen } from '../memos/MemosScreen';
import { DeskLayer } from '../inventory/DeskLayer';
import { InventoryScreen } from '../inventory/InventoryScreen';
import { InvoicesScreen } from '../invoices/InvoicesScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { AppNotices } from '../maintenance/AppNotices';
import { ScanScreen } from '../inventory/ScanScreen';
import { VaultScreen } from '../inventory/VaultScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { SyncNotices } from '../sync/SyncNotices';
import { SyncBadge, SyncScreen } from '../sync/SyncScreen';
import { useTRPC } from '../trpc';
import { ComingScreen } from './ComingScreen';
import { SCREENS, useScreen, type ScreenId } from './routes';
import { setDesk } from '../inventory/desk-store';

export function AppFrame({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [screen, go] = useScreen();
  // Signing out ends the session: the next person does not inherit a half-filled move tray.
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({ onSuccess: () => (setDesk({ tray: [] }), queryClient.resetQueries()) }),
  );

  // Whatever changed the data (this window, another one, the replicator), every open list refreshes. Who is
  // signed in is asked again only when staff accounts changed: a role or name changed by an administrator
  // here, or on the server, shows in the header and the screens' buttons without signing in again.
  useSubscription(
    trpc.sync.onChange.subscriptionOptions(undefined, {
      onData: (change) =>
        void queryClient.invalidateQueries({
          predicate: (q) => change.entities.includes('_User') || JSON.stringify(q.queryKey[0]) !== '["auth","status"]',
        }),
    }),
  );

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Title order={4} c="indigo.8">
            Loupe
          </Title>
          <Group gap="sm">
            <SyncBadge />
            <Text size="sm" data-testid="signed-in-user">
              {user.fullName}
            </Text>
            <Badge variant="light">{ROLE_LABELS[user.role]}</Badge>
            <Button variant="subtle" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        {SCREENS.map((s) => (
          <NavLink
            key={s.id}
            component="a"
            href={`#/${s.id}`}
            label={s.label}
            active={s.id === screen}
            aria-current={s.id === screen ? 'page' : undefined}
            rightSection={
              s.id === 'follow-ups' ? (
                <FollowUpsBadge />
              ) : s.id === 'certificates' ? (
                <AwaitingBadge describes />
              ) : undefined
            }
            aria-describedby={
              s.id === 'follow-ups' ? FOLLOW_UPS_DUE_ID : s.id === 'certificates' ? AWAITING_VERIFICATION_ID : undefined
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <AppNotices user={user} />
        <SyncNotices user={user} />
        <Screen id={screen} user={user} go={go} />
      </AppShell.Main>
      {/* Scan anywhere, the stone drawer, Ctrl+K and label printing, on every screen. */}
      <DeskLayer user={user} />
    </AppShell>
  );
}

function Screen({ id, user }: { id: ScreenId; user: SessionUser; go: (id: ScreenId) => void }) {
  switch (id) {
    case 'scan':
      return <ScanScreen />;
    case 'vault':
      return <VaultScreen user={user} />;
    case 'inventory':
      return <InventoryScreen user={user} />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'buyers':
      return <BuyersScreen user={user} />;
    case 'inquiries':
      return <InquiriesScreen user={user} />;
    case 'memos':
      return <MemosScreen user={user} />;
    case 'invoices':
      return <InvoicesScreen user={user} />;
    case 'certificates':
      return <CertificatesScreen user={user} />;
    case 'follow-ups':
      return <FollowUpsScreen user={user} />;
    case 'consignments':
      return <ConsignmentsScreen user={user} />;
    case 'sync':
      return <SyncScreen user={user} />;
    case 'settings':
      return <SettingsScreen user={user} />;
    case 'reports':
      return <ReportsScreen user={user} />;
    default:
      return <ComingScreen id={id} />;
  }
}
