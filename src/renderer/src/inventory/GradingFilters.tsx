import { Autocomplete, Button, NumberInput, Popover, Select, Stack } from '@mantine/core';
import { DIAMOND_COLOURS, SHAPES, TREATMENTS } from '../../../shared/enums';
import { COMMON_CURRENCIES } from '../../../shared/money';
import type { GridFilter } from './desk-store';

// The grid's grading filters (shape, colour, treatment) and, for roles that see prices, an asking price range in
// one currency (amounts in different currencies do not compare). Behind one button, so the grid's
// filters stay on one row at 1366 px.

const KEYS = ['shape', 'colour', 'treatment', 'priceCurrency', 'askingMin', 'askingMax'] as const;

export function MoreFilters(props: {
  filter: GridFilter;
  setFilter: (p: Partial<GridFilter>) => void;
  seesPrices: boolean;
}) {
  const active = KEYS.filter((k) => props.filter[k] !== undefined && props.filter[k] !== '').length;
  return (
    <Popover position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button variant={active ? 'light' : 'default'}>
          {active ? `Grading & price (${active})` : 'Grading & price'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label="Grading and price filters">
          <GradingFilters {...props} />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function GradingFilters({
  filter,
  setFilter,
  seesPrices,
}: {
  filter: GridFilter;
  setFilter: (p: Partial<GridFilter>) => void;
  seesPrices: boolean;
}) {
  const bound = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return (
    <>
      <Select
        label="Shape"
        w={200}
        clearable
        searchable
        data={[...SHAPES]}
        value={filter.shape ?? null}
        onChange={(v) => setFilter({ shape: v ?? undefined })}
      />
      <Autocomplete
        label="Colour"
        w={200}
        placeholder="A grade (G) or words (Royal blue)"
        data={[...DIAMOND_COLOURS]}
        value={filter.colour ?? ''}
        onChange={(v) => setFilter({ colour: v || undefined })}
      />
      <Autocomplete
        label="Treatment"
        w={200}
        data={[...TREATMENTS]}
        value={filter.treatment ?? ''}
        onChange={(v) => setFilter({ treatment: v || undefined })}
      />
      {seesPrices && (
        <>
          <Select
            label="Currency"
            w={200}
            clearable
            searchable
            data={[...COMMON_CURRENCIES]}
            value={filter.priceCurrency ?? null}
            onChange={(v) =>
              setFilter(
                v ? { priceCurrency: v } : { priceCurrency: undefined, askingMin: undefined, askingMax: undefined },
              )
            }
          />
          <NumberInput
            label="Asking from"
            w={200}
            min={0}
            hideControls
            thousandSeparator=","
            disabled={!filter.priceCurrency}
            value={filter.askingMin ?? ''}
            onChange={(v) => setFilter({ askingMin: bound(v) })}
          />
          <NumberInput
            label="Asking to"
            w={200}
            min={0}
            hideControls
            thousandSeparator=","
            disabled={!filter.priceCurrency}
            value={filter.askingMax ?? ''}
            onChange={(v) => setFilter({ askingMax: bound(v) })}
          />
        </>
      )}
    </>
  );
}
