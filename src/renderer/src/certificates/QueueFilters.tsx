import { Button, Group, Select } from '@mantine/core';
import type { QueueFacets } from '../api-types';
import { QUEUE_AGES, UNKNOWN_LAB, type QueueFilter } from '../../../shared/certificates';
import type { Lab } from '../../../shared/enums';

// The verification queue's filters: lab, location and how long stones have waited, each option with the
// number of stones behind it (within the other choices), as the core counts them.

const count = (n: number) => ` (${n.toLocaleString('en-US')})`;
const labName = (lab: string) => (lab === UNKNOWN_LAB ? 'Lab not known' : lab);

export function QueueFilters({
  filter,
  onChange,
  facets,
}: {
  filter: QueueFilter;
  onChange: (f: QueueFilter) => void;
  facets: QueueFacets | undefined;
}) {
  const labs = facets?.labs ?? [];
  const locations = facets?.locations ?? [];
  // A choice that now matches nothing stays offered, at 0, so the field can show it.
  if (filter.lab && !labs.some((l) => l.lab === filter.lab)) labs.push({ lab: filter.lab, stones: 0 });
  if (filter.location && !locations.some((l) => l.location === filter.location))
    locations.push({ location: filter.location, stones: 0 });
  const set = (patch: Partial<QueueFilter>) => onChange({ ...filter, ...patch });
  return (
    <Group gap="xs" align="flex-end" role="search" aria-label="Filter the queue">
      <Select
        label="Lab"
        w={190}
        clearable
        placeholder="Every lab"
        data={labs.map((l) => ({ value: l.lab, label: `${labName(l.lab)}${count(l.stones)}` }))}
        value={filter.lab ?? null}
        onChange={(v) => set({ lab: (v as Lab | typeof UNKNOWN_LAB | null) ?? undefined })}
      />
      <Select
        label="Location"
        w={190}
        clearable
        searchable
        placeholder="Every location"
        data={locations.map((l) => ({ value: l.location, label: `${l.location}${count(l.stones)}` }))}
        value={filter.location ?? null}
        onChange={(v) => set({ location: v ?? undefined })}
      />
      <Select
        label="Waiting"
        w={210}
        clearable
        placeholder={`Any time${facets ? count(facets.anyAge) : ''}`}
        data={(facets?.ages ?? QUEUE_AGES.map((olderThanDays) => ({ olderThanDays, stones: 0 }))).map((a) => ({
          value: String(a.olderThanDays),
          label: `More than ${a.olderThanDays} days${facets ? count(a.stones) : ''}`,
        }))}
        value={filter.olderThanDays ? String(filter.olderThanDays) : null}
        onChange={(v) => set({ olderThanDays: v ? (Number(v) as QueueFilter['olderThanDays']) : undefined })}
      />
      {(filter.lab || filter.location || filter.olderThanDays) && (
        <Button variant="subtle" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
