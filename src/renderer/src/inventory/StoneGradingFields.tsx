import { Autocomplete, Select, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Stone } from '../api-types';
import {
  CUT_GRADES,
  DIAMOND_COLOURS,
  FLUORESCENCE,
  SATURATIONS,
  SHAPES,
  TONES,
  TREATMENTS,
} from '../../../shared/enums';
import { COMMON_CURRENCIES, formatMoney, toMajorUnits, toMinorUnits } from '../../../shared/money';
import { margin, perCarat, totalFromPerCarat } from '../../../shared/pricing';

// The stone form's Grading, Measurements and Prices sections. Prices may be typed as a total or per carat:
// typing one fills in the other with the trade's rounding (src/shared/pricing.ts).

export interface GradingValues {
  colour: string;
  hue: string;
  tone: string | null;
  saturation: string | null;
  shape: string;
  cutGrade: string | null;
  lengthMm: string;
  widthMm: string;
  depthMm: string;
  origin: string;
  treatment: string;
  fluorescence: string | null;
  reportUrl: string;
  costPrice: string;
  askingPrice: string;
  priceCurrency: string | null;
  /** Typed per carat (form only; the core receives totals). */
  costPerCarat: string;
  askingPerCarat: string;
}

const TEXT = ['colour', 'hue', 'shape', 'origin', 'treatment', 'reportUrl'] as const;
const CHOICES = ['tone', 'saturation', 'cutGrade', 'fluorescence'] as const;
const NUMBERS = ['lengthMm', 'widthMm', 'depthMm', 'costPrice', 'askingPrice'] as const;

const majorText = (minor: number | null | undefined, currency: string | null) =>
  minor === null || minor === undefined || !currency ? '' : String(toMajorUnits(minor, currency));

export function gradingFromStone(stone?: Stone): GradingValues {
  const currency = stone?.priceCurrency ?? null;
  const out = {
    tone: stone?.tone ?? null,
    saturation: stone?.saturation ?? null,
    cutGrade: stone?.cutGrade ?? null,
    fluorescence: stone?.fluorescence ?? null,
    lengthMm: stone?.lengthMm?.toFixed(2) ?? '',
    widthMm: stone?.widthMm?.toFixed(2) ?? '',
    depthMm: stone?.depthMm?.toFixed(2) ?? '',
    costPrice: majorText(stone?.costPrice, currency),
    askingPrice: majorText(stone?.askingPrice, currency),
    priceCurrency: currency,
    costPerCarat: '',
    askingPerCarat: '',
  } as GradingValues;
  for (const f of TEXT) out[f] = stone?.[f] ?? '';
  if (stone) {
    out.costPerCarat = majorText(perCarat(stone.costPrice, stone.caratWeight, currency ?? 'USD'), currency);
    out.askingPerCarat = majorText(perCarat(stone.askingPrice, stone.caratWeight, currency ?? 'USD'), currency);
  }
  return out;
}

const number = (text: string) => {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  return t === '' ? null : Number(t);
};

/** The grading and price fields as the core takes them ('' is none; prices only when `withPrices`). */
export function gradingInput(v: GradingValues, withPrices: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TEXT) out[f] = v[f].trim() === '' ? null : v[f];
  for (const f of CHOICES) out[f] = v[f] ?? null;
  for (const f of NUMBERS) out[f] = number(v[f]);
  out.priceCurrency = v.priceCurrency ?? null;
  if (!withPrices) for (const f of ['costPrice', 'askingPrice', 'priceCurrency']) delete out[f];
  return out;
}

type Form<V extends GradingValues> = UseFormReturnType<V>;

export function StoneGradingFields<V extends GradingValues & { caratWeight: string; gemstoneType: string }>({
  form,
  diamondScale,
  withPrices,
}: {
  form: Form<V>;
  diamondScale: boolean;
  withPrices: boolean;
}) {
  const v = form.values;
  const carat = number(v.caratWeight) ?? 0;
  const currency = v.priceCurrency;
  const set = (field: string, value: string) => form.setFieldValue(field as never, value as never);

  /** A total typed: its price per carat shown, rounded to whole units. */
  const onTotal = (total: 'costPrice' | 'askingPrice', per: 'costPerCarat' | 'askingPerCarat', text: string) => {
    set(total, text);
    const major = number(text);
    if (major === null || !currency || !(carat > 0) || Number.isNaN(major)) return set(per, '');
    try {
      set(per, majorText(perCarat(toMinorUnits(major, currency), carat, currency), currency));
    } catch {
      set(per, '');
    }
  };
  /** A price per carat typed: the total computed from it, rounded to whole units. */
  const onPerCarat = (total: 'costPrice' | 'askingPrice', per: 'costPerCarat' | 'askingPerCarat', text: string) => {
    set(per, text);
    const major = number(text);
    if (major === null || !currency || !(carat > 0) || Number.isNaN(major)) return;
    try {
      set(total, String(totalFromPerCarat(major, carat, currency)));
    } catch {
      /* more decimals than the currency has: the total's own rule says so */
    }
  };
  const minor = (text: string) => {
    const n = number(text);
    if (n === null || !currency || Number.isNaN(n)) return null;
    try {
      return toMinorUnits(n, currency);
    } catch {
      return null;
    }
  };
  const m = margin(minor(v.costPrice), minor(v.askingPrice));

  return (
    <>
      <Title order={5} mt="md" mb="xs">
        Grading
      </Title>
      <SimpleGrid cols={3} spacing="sm">
        {diamondScale ? (
          <Select label="Colour" searchable clearable data={[...DIAMOND_COLOURS]} {...form.getInputProps('colour')} />
        ) : (
          <TextInput label="Colour" placeholder="e.g. Royal blue" {...form.getInputProps('colour')} />
        )}
        <Autocomplete label="Shape" data={[...SHAPES]} {...form.getInputProps('shape')} />
        <Select label="Cut" clearable data={[...CUT_GRADES]} {...form.getInputProps('cutGrade')} />
        {!diamondScale && (
          <>
            <TextInput label="Hue" placeholder="e.g. violetish blue" {...form.getInputProps('hue')} />
            <Select label="Tone" clearable data={[...TONES]} {...form.getInputProps('tone')} />
            <Select label="Saturation" clearable data={[...SATURATIONS]} {...form.getInputProps('saturation')} />
          </>
        )}
        <Autocomplete label="Treatment" data={[...TREATMENTS]} {...form.getInputProps('treatment')} />
        <TextInput label="Origin" placeholder="e.g. Sri Lanka" {...form.getInputProps('origin')} />
        {diamondScale && (
          <Select label="Fluorescence" clearable data={[...FLUORESCENCE]} {...form.getInputProps('fluorescence')} />
        )}
      </SimpleGrid>
      <TextInput mt="sm" label="Grading report link" placeholder="https://…" {...form.getInputProps('reportUrl')} />
      <Title order={5} mt="md" mb="xs">
        Measurements
      </Title>
      <SimpleGrid cols={3} spacing="sm">
        <TextInput label="Length" inputMode="decimal" rightSection="mm" {...form.getInputProps('lengthMm')} />
        <TextInput label="Width" inputMode="decimal" rightSection="mm" {...form.getInputProps('widthMm')} />
        <TextInput label="Depth" inputMode="decimal" rightSection="mm" {...form.getInputProps('depthMm')} />
      </SimpleGrid>
      {withPrices && (
        <>
          <Title order={5} mt="md" mb="xs">
            Prices
          </Title>
          <SimpleGrid cols={3} spacing="sm">
            <Autocomplete
              label="Currency"
              placeholder="e.g. USD"
              data={[...COMMON_CURRENCIES]}
              {...form.getInputProps('priceCurrency')}
              value={v.priceCurrency ?? ''}
              onChange={(c) => form.setFieldValue('priceCurrency' as never, (c.trim().toUpperCase() || null) as never)}
            />
            <TextInput
              label="Asking price"
              inputMode="decimal"
              {...form.getInputProps('askingPrice')}
              onChange={(e) => onTotal('askingPrice', 'askingPerCarat', e.currentTarget.value)}
            />
            <TextInput
              label="Asking per carat"
              inputMode="decimal"
              description="Rounded to whole units"
              value={v.askingPerCarat}
              onChange={(e) => onPerCarat('askingPrice', 'askingPerCarat', e.currentTarget.value)}
            />
            <Text size="sm" c="dimmed" aria-label="Margin">
              {m && currency
                ? `Margin ${formatMoney(m.amount, currency)} (${m.percentOfAsking.toLocaleString()} % of asking)`
                : 'Margin shows with both prices'}
            </Text>
            <TextInput
              label="Cost price"
              inputMode="decimal"
              {...form.getInputProps('costPrice')}
              onChange={(e) => onTotal('costPrice', 'costPerCarat', e.currentTarget.value)}
            />
            <TextInput
              label="Cost per carat"
              inputMode="decimal"
              value={v.costPerCarat}
              onChange={(e) => onPerCarat('costPrice', 'costPerCarat', e.currentTarget.value)}
            />
          </SimpleGrid>
        </>
      )}
    </>
  );
}
