import { Anchor, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Stone } from '../api-types';
import { colourText, measurementsText } from '../../../shared/grading';
import { formatMoney } from '../../../shared/money';
import { margin, perCarat } from '../../../shared/pricing';

// The stone panel's grading, measurements and prices. Prices, per carat and margin show only when the core
// sent them (it sends none to practitioners); nothing here decides who may see them.

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** "USD 12,500.00 · 5,814/ct" — the total with its price per carat beside it. */
export function priceWithPerCarat(minor: number, stone: Pick<Stone, 'caratWeight' | 'priceCurrency'>): string {
  const currency = stone.priceCurrency ?? 'USD';
  const per = perCarat(minor, stone.caratWeight, currency);
  return per === null
    ? formatMoney(minor, currency)
    : `${formatMoney(minor, currency)} · ${formatMoney(per, currency)}/ct`;
}

export function StoneGradingPanel({ stone }: { stone: Stone }) {
  const hasPrices = 'askingPrice' in stone || 'costPrice' in stone;
  const m = margin(stone.costPrice, stone.askingPrice);
  const currency = stone.priceCurrency ?? 'USD';
  return (
    <SimpleGrid cols={3} spacing="sm" data-testid="stone-grading">
      <Item label="Colour">{colourText(stone) ?? '—'}</Item>
      <Item label="Shape">{stone.shape ?? '—'}</Item>
      <Item label="Cut">{stone.cutGrade ?? '—'}</Item>
      <Item label="Measurements">{measurementsText(stone) ?? '—'}</Item>
      <Item label="Treatment">{stone.treatment ?? '—'}</Item>
      <Item label="Origin">{stone.origin ?? '—'}</Item>
      {stone.fluorescence && <Item label="Fluorescence">{stone.fluorescence}</Item>}
      <Item label="Grading report">
        {stone.reportUrl ? (
          <Anchor href={stone.reportUrl} target="_blank" rel="noreferrer" size="sm">
            Open the lab’s report
          </Anchor>
        ) : (
          '—'
        )}
      </Item>
      {hasPrices && (
        <>
          <Item label="Asking price">
            <span data-testid="asking-price">
              {stone.askingPrice != null ? priceWithPerCarat(stone.askingPrice, stone) : '—'}
            </span>
          </Item>
          <Item label="Cost price">
            <span data-testid="cost-price">
              {stone.costPrice != null ? priceWithPerCarat(stone.costPrice, stone) : '—'}
            </span>
          </Item>
          <Item label="Margin">
            <span data-testid="margin">
              {m ? `${formatMoney(m.amount, currency)} (${m.percentOfAsking.toLocaleString()} % of asking)` : '—'}
            </span>
          </Item>
        </>
      )}
    </SimpleGrid>
  );
}
