import { Button, Group, Kbd, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { HeldBadge, useHoldsOn } from '../holds/HeldBadge';
import { MemoBadge, useMemosOn } from '../memos/MemoBadge';
import { ConsignedBadge, useConsignedOn } from '../consignments/ConsignedBadge';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SessionUser } from '../api-types';
import { errorMessage } from '../common/errors';
import { formatMoney } from '../../../shared/money';
import { useTRPC, useTRPCClient } from '../trpc';
import { currentScanHandler, getDesk, setDesk, useDesk } from './desk-store';
import { LabelPrint } from './LabelPrint';
import { StoneDetailDrawer } from './StoneDetail';
import { StoneForm } from './StoneForm';

// Mounted once in the app frame: scanning from anywhere, the stone drawer, "unknown SKU → add this
// stone", the command palette (Ctrl+K) and label printing.

const isTextField = (el: EventTarget | null) => {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(el.type);
  return false;
};

/** A scanner types the whole code within a few ms per key and ends with Enter; people type slower. */
const MAX_GAP_MS = 50;
const MIN_LENGTH = 3;

/**
 * Global scan detection: a burst of printable keys (each within MAX_GAP_MS of the previous) ending
 * with Enter, while focus is not in a text field. The Enter is swallowed, so it does not also press a
 * focused button.
 */
export function useScanner(onScan: (code: string) => void) {
  const buffer = useRef<{ text: string; last: number }>({ text: '', last: 0 });
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) {
        buffer.current = { text: '', last: 0 };
        return;
      }
      const now = e.timeStamp;
      const b = buffer.current;
      if (now - b.last > MAX_GAP_MS) b.text = '';
      if (e.key === 'Enter') {
        if (b.text.length >= MIN_LENGTH && now - b.last <= MAX_GAP_MS) {
          e.preventDefault();
          e.stopPropagation();
          const code = b.text;
          buffer.current = { text: '', last: 0 };
          onScanRef.current(code);
        }
        b.text = '';
        return;
      }
      if (e.key.length === 1) {
        b.text += e.key;
        b.last = now;
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

/** Looks a scanned code up in the core and opens the stone, or says it is unknown. */
export function useOpenScan() {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (code: string) => {
    const result = await client.inventory.scan.query({ code });
    if (result.found) {
      queryClient.setQueryData(trpc.inventory.detail.queryKey({ id: result.detail.stone.id }), result.detail);
      setDesk({ openStoneId: result.detail.stone.id, unknownCode: null });
    } else {
      setDesk({ unknownCode: result.code, openStoneId: null });
    }
  };
}

export function DeskLayer({ user }: { user: SessionUser }) {
  const openScan = useOpenScan();
  const canEdit = user.role === 'admin' || user.role === 'coordinator';
  const unknownCode = useDesk((s) => s.unknownCode);
  const addingSku = useDesk((s) => s.addingSku);
  const [scanError, setScanError] = useState<string | null>(null);

  useScanner((code) => {
    const handler = currentScanHandler();
    if (handler) return handler(code);
    openScan(code).catch((error) => setScanError(errorMessage(error)));
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setDesk((s) => ({ paletteOpen: !s.paletteOpen }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <StoneDetailDrawer user={user} />
      <Modal
        opened={unknownCode !== null}
        onClose={() => setDesk({ unknownCode: null })}
        title="Unknown SKU"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="sm" data-testid="unknown-scan">
          <Text>
            No stone has the SKU{' '}
            <Text span ff="monospace" fw={700}>
              {unknownCode}
            </Text>
            .
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDesk({ unknownCode: null })}>
              Close
            </Button>
            {canEdit ? (
              <Button data-autofocus onClick={() => setDesk({ addingSku: getDesk().unknownCode, unknownCode: null })}>
                Add this stone
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                A coordinator or administrator can add it.
              </Text>
            )}
          </Group>
        </Stack>
      </Modal>
      <Modal opened={scanError !== null} onClose={() => setScanError(null)} title="The scan did not go through">
        <Text>{scanError}</Text>
      </Modal>
      {addingSku !== null && <StoneForm initialSku={addingSku} onClose={() => setDesk({ addingSku: null })} />}
      <CommandPalette />
      <LabelPrint />
    </>
  );
}

function CommandPalette() {
  const trpc = useTRPC();
  const open = useDesk((s) => s.paletteOpen);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const results = useQuery({
    ...trpc.inventory.search.queryOptions({ q, limit: 8 }),
    enabled: open && q.trim().length > 0,
    placeholderData: (prev) => prev,
  });
  const hits = q.trim() ? (results.data ?? []) : [];
  const holds = useHoldsOn(hits.filter((h) => h.kind !== 'buyer').map((h) => h.id));
  const memos = useMemosOn(hits.filter((h) => h.kind !== 'buyer').map((h) => h.id));
  const consigned = useConsignedOn(hits.filter((h) => h.kind !== 'buyer').map((h) => h.id));
  const close = () => {
    setDesk({ paletteOpen: false });
    setQ('');
    setActive(0);
  };
  const choose = (hit: SearchHit) => {
    close();
    if (hit.kind === 'buyer') {
      // A buyer's stones: the grid, filtered to what is assigned to them.
      setDesk({ filter: { assignedBuyer: hit.id } });
      window.location.hash = '#/inventory';
    } else setDesk({ openStoneId: hit.id });
  };
  const title = (hit: SearchHit) =>
    hit.kind === 'buyer' ? hit.companyName : hit.kind === 'certificate' ? hit.certificateNumber : hit.sku;
  const kindLabel = { stone: 'Stone', certificate: 'Certificate', buyer: 'Buyer' } as const;

  return (
    <Modal
      opened={open}
      onClose={close}
      withCloseButton={false}
      size="lg"
      yOffset="10vh"
      aria-label="Search"
      padding="xs"
    >
      <TextInput
        data-autofocus
        placeholder="SKU, certificate number or buyer…"
        aria-label="Search stones, certificates and buyers"
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && hits[active]) {
            e.preventDefault();
            choose(hits[active]!);
          }
        }}
        rightSection={<Kbd size="xs">Esc</Kbd>}
      />
      <Stack gap={2} mt="xs" role="listbox" aria-label="Results">
        {hits.map((hit, i) => (
          <UnstyledButton
            key={`${hit.kind}-${hit.id}`}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(hit)}
            px="sm"
            py={6}
            style={{ borderRadius: 4, background: i === active ? 'var(--mantine-color-indigo-0)' : undefined }}
          >
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" ff={hit.kind === 'buyer' ? undefined : 'monospace'} fw={600}>
                {title(hit)}
                {hit.kind !== 'buyer' && <HeldBadge hold={holds.get(hit.id)} />}
                {hit.kind !== 'buyer' && <MemoBadge onMemo={memos.get(hit.id)} />}
                {hit.kind !== 'buyer' && <ConsignedBadge mark={consigned.get(hit.id)} />}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {kindLabel[hit.kind]} · {hit.label}
              </Text>
            </Group>
            {hit.kind !== 'buyer' && (hit.grading || hit.askingPrice != null) && (
              <Text size="xs" c="dimmed" truncate data-testid="hit-grading">
                {[
                  hit.grading,
                  hit.askingPrice != null && hit.priceCurrency
                    ? `Asking ${formatMoney(hit.askingPrice, hit.priceCurrency)}`
                    : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            )}
          </UnstyledButton>
        ))}
        {q.trim() && results.isSuccess && hits.length === 0 && (
          <Text size="sm" c="dimmed" px="sm" py={6}>
            Nothing starts with “{q.trim()}”.
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
