import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Inquiry, SessionUser } from '../api-types';
import { ActivityForm } from '../activities/ActivityForm';
import { ActivityTimeline } from '../activities/ActivityTimeline';
import { errorMessage } from '../common/errors';
import { formatDate } from '../follow-ups/dates';
import { InquiryForm, type InquiryPreset } from '../inquiries/InquiryForm';
import { BuyerPurchases } from '../invoices/BuyerPurchases';
import {
  money,
  OUTCOME_COLORS,
  OUTCOME_LABELS,
  SALES_STATUS_COLORS,
  SALES_STATUS_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  totalsText,
} from '../inquiries/labels';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { BuyerForm } from './BuyerForm';
import { closeRecord, inquiryHref } from './links';

/** A buyer's history in one place: contact card, preferences, inquiries with totals, timeline, stones. */
export function BuyerProfile({ id, user }: { id: string; user: SessionUser }) {
  const trpc = useTRPC();
  const profile = useQuery(trpc.buyers.profile.queryOptions({ id }));
  const fits = useQuery(trpc.buyers.stonesThatFit.queryOptions({ buyerId: id }));
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [inquiring, setInquiring] = useState<InquiryPreset | null>(null);
  const [deleting, setDeleting] = useState(false);
  const canInquire = user.role !== 'practitioner';

  if (profile.isPending) return <Loader size="sm" aria-label="Loading" />;
  if (profile.isError) {
    return (
      <Stack>
        <Alert color="red">{errorMessage(profile.error)}</Alert>
        <Anchor href="#/buyers">Back to buyers</Anchor>
      </Stack>
    );
  }
  const { buyer, openInquiries, pastInquiries, totals, activities, reservedStones, canEdit } = profile.data;
  const showPrices = totals !== undefined;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Anchor href="#/buyers" size="sm">
            ← Buyers
          </Anchor>
          <Group gap="sm">
            <Title order={3}>{buyer.companyName}</Title>
            <Text ff="monospace" c="dimmed">
              {buyer.buyerCode}
            </Text>
            <Badge color={SALES_STATUS_COLORS[buyer.salesStatus] ?? 'gray'} variant="light">
              {SALES_STATUS_LABELS[buyer.salesStatus] ?? buyer.salesStatus}
            </Badge>
          </Group>
        </Stack>
        <Group gap="xs">
          {canInquire && buyer.salesStatus !== 'blocked' && (
            <Button onClick={() => setInquiring({ buyer: buyer.id })}>New inquiry</Button>
          )}
          <Button variant="light" onClick={() => setLogging(true)}>
            Log activity
          </Button>
          {canEdit && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {user.role === 'admin' && (
            <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="sm" aria-label="Contact">
          <Title order={5} mb={4}>
            Contact
          </Title>
          <Text size="sm">{buyer.contactName}</Text>
          {'email' in buyer && (
            <Text size="sm">
              <Anchor href={`mailto:${buyer.email}`}>{buyer.email}</Anchor>
            </Text>
          )}
          {'phone' in buyer && buyer.phone && <Text size="sm">{buyer.phone}</Text>}
          {!('email' in buyer) && (
            <Text size="xs" c="dimmed">
              Contact details are not shown to your role.
            </Text>
          )}
          <Text size="sm" mt={6} c="dimmed">
            Account manager: {buyer.accountManagerName ?? 'none'}
          </Text>
        </Paper>
        <Paper withBorder p="sm" aria-label="Preferences">
          <Title order={5} mb={4}>
            Prefers
          </Title>
          <Group gap={4}>
            {buyer.preferredGemstoneTypes.length === 0 && (
              <Text size="sm" c="dimmed">
                No preferred types yet.
              </Text>
            )}
            {buyer.preferredGemstoneTypes.map((t) => (
              <Badge key={t} variant="outline">
                {t}
              </Badge>
            ))}
          </Group>
        </Paper>
        <Paper withBorder p="sm" aria-label="Totals">
          <Title order={5} mb={4}>
            Totals
          </Title>
          <Text size="sm">
            {openInquiries.length} open · {pastInquiries.length} closed
          </Text>
          {showPrices && (
            <>
              <Text size="sm">Open quoted: {totalsText(totals.open)}</Text>
              <Text size="sm">Won: {totalsText(totals.won)}</Text>
            </>
          )}
        </Paper>
      </SimpleGrid>

      <Section title="Open inquiries">
        <InquiryTable inquiries={openInquiries} showPrices={showPrices} />
      </Section>

      <Section title="Stones reserved for them">
        {reservedStones.length === 0 ? (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        ) : (
          <Group gap="xs">
            {reservedStones.map((s) => (
              <Badge
                key={s.id}
                variant="light"
                color="orange"
                size="lg"
                component={s.inquiryId ? 'a' : 'div'}
                href={s.inquiryId ? inquiryHref(s.inquiryId) : undefined}
              >
                {s.sku} · {s.gemstoneType} · {s.caratWeight.toFixed(2)} ct
              </Badge>
            ))}
          </Group>
        )}
      </Section>

      <Section title="Stones that fit">
        {fits.data && fits.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No available stone matches their preferences{openInquiries.length ? ' near the weights they asked for' : ''}
            .
          </Text>
        ) : (
          <Table withTableBorder verticalSpacing={4} aria-label="Stones that fit">
            <Table.Tbody>
              {(fits.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td ff="monospace">{s.sku}</Table.Td>
                  <Table.Td>{s.gemstoneType}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {s.caratWeight.toFixed(2)} ct
                  </Table.Td>
                  <Table.Td>{s.clarityGrade}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={CERTIFICATE_STATUS_COLORS[s.certificateStatus] ?? 'gray'}>
                      {CERTIFICATE_STATUS_LABELS[s.certificateStatus] ?? s.certificateStatus}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {s.why}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {canInquire && buyer.salesStatus !== 'blocked' && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => setInquiring({ buyer: buyer.id, sku: s.sku })}
                      >
                        Inquiry
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section title="Activity">
        <ActivityTimeline user={user} activities={activities} />
      </Section>

      <Section title="Past inquiries">
        <InquiryTable inquiries={pastInquiries} showPrices={showPrices} past />
      </Section>

      <BuyerPurchases buyer={buyer.id} user={user} />

      {editing && <BuyerForm user={user} buyer={buyer} onClose={() => setEditing(false)} />}
      {logging && <ActivityForm buyer={buyer.id} about={buyer.companyName} onClose={() => setLogging(false)} />}
      {inquiring && <InquiryForm user={user} preset={inquiring} onClose={() => setInquiring(null)} />}
      {deleting && <DeleteBuyer id={buyer.id} name={buyer.companyName} onClose={() => setDeleting(false)} />}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Title order={5}>{title}</Title>
      {children}
    </Stack>
  );
}

function InquiryTable({
  inquiries,
  showPrices,
  past = false,
}: {
  inquiries: Inquiry[];
  showPrices: boolean;
  past?: boolean;
}) {
  if (inquiries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None.
      </Text>
    );
  }
  return (
    <Table withTableBorder striped highlightOnHover verticalSpacing={4}>
      <Table.Tbody>
        {inquiries.map((i) => (
          <Table.Tr key={i.id}>
            <Table.Td>
              <Anchor href={inquiryHref(i.id)} ff="monospace" size="sm">
                {i.sku}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                {i.gemstoneType}
              </Text>
            </Table.Td>
            <Table.Td>
              {past && i.outcome ? (
                <Badge color={OUTCOME_COLORS[i.outcome]} variant="light">
                  {OUTCOME_LABELS[i.outcome]}
                </Badge>
              ) : (
                <Badge color={STATUS_COLORS[i.inquiryStatus]} variant="light">
                  {STATUS_LABELS[i.inquiryStatus]}
                </Badge>
              )}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {i.requestedCaratWeight.toFixed(2)} ct
            </Table.Td>
            {showPrices && (
              <Table.Td ta="right" ff="monospace">
                {money(i.quotedPrice, i.currency)}
              </Table.Td>
            )}
            <Table.Td>{past ? (i.outcomeReason ?? '') : (i.handledByName ?? '—')}</Table.Td>
            <Table.Td>
              {past ? formatDate(i.statusChangedAt) : i.followUpAt ? `follow up ${formatDate(i.followUpAt)}` : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DeleteBuyer({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const trpc = useTRPC();
  const remove = useMutation(
    trpc.buyers.delete.mutationOptions({
      onSuccess: () => {
        onClose();
        closeRecord('buyers');
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`Delete ${name}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <Text size="sm">
          Their activities are deleted too, and stones assigned to them are released. A buyer with inquiries is kept.
        </Text>
        {remove.isError && (
          <Alert color="red" role="alert">
            {errorMessage(remove.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate({ id })} loading={remove.isPending}>
            Delete buyer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
