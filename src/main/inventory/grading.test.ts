import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStone, refusal, startTestCore, type TestCore } from '../test-support/core';
import { salesDesk, type SalesDesk } from '../test-support/sales';
import { checkCsv, exportCsv } from './csv';

// Grading and prices on a stone, through the router: the rules that depend on the type's scale and the
// currency, prices stored exactly, and who may name prices (set, sort, filter, import, export).

let t: TestCore;
let desk: SalesDesk;
beforeAll(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterAll(() => t.dispose());

const stored = (id: string) =>
  t.core.store.sqlite
    .prepare('SELECT colour, shape, lengthMm, costPrice, askingPrice, priceCurrency FROM gemstones WHERE id = ?')
    .get(id);

describe('grading and prices on the stone form', () => {
  it('stores grading as typed and prices in minor units of their currency, and queues exactly the changes', async () => {
    const stone = await desk.coordinator.inventory.create(
      aStone({
        sku: 'DI-1',
        gemstoneType: 'Diamond',
        clarityGrade: 'VS1',
        colour: 'g',
        shape: 'round',
        lengthMm: 6.52,
        widthMm: 6.49,
        depthMm: 4.01,
        fluorescence: 'Faint',
        costPrice: 8000,
        askingPrice: 12500.5,
        priceCurrency: 'usd',
      }),
    );
    expect(stored(stone.id)).toEqual({
      colour: 'G',
      shape: 'Round',
      lengthMm: 6.52,
      costPrice: 800_000,
      askingPrice: 1_250_050,
      priceCurrency: 'USD',
    });
    expect(stone).toMatchObject({ askingPrice: 1_250_050, costPrice: 800_000 });
    await desk.coordinator.inventory.update({ id: stone.id, changes: { askingPrice: 12000, origin: 'Botswana' } });
    const entry = t.core.store.sqlite
      .prepare("SELECT fields FROM outbox WHERE entity = 'Gemstone' AND recordId = ?")
      .get(stone.id) as { fields: string | null };
    expect(entry.fields).toBeNull(); // still a create: the whole stone goes
    expect(stored(stone.id)).toMatchObject({ askingPrice: 1_200_000 });
  });

  it('keeps the amounts when the currency changes, and refuses when they no longer fit it', async () => {
    const stone = await desk.coordinator.inventory.create(
      aStone({ sku: 'RB-CUR', askingPrice: 5000, priceCurrency: 'EUR' }),
    );
    await desk.coordinator.inventory.update({ id: stone.id, changes: { priceCurrency: 'JPY' } });
    expect(stored(stone.id)).toMatchObject({ askingPrice: 5000, priceCurrency: 'JPY' });
    await desk.coordinator.inventory.update({ id: stone.id, changes: { priceCurrency: 'USD', askingPrice: 4999.99 } });
    const r = await refusal(desk.coordinator.inventory.update({ id: stone.id, changes: { priceCurrency: 'JPY' } }));
    expect(r).toMatchObject({
      reason: 'PRICE_REQUIRED',
      field: 'askingPrice',
      message: 'Enter the prices again in JPY.',
    });
    const noCurrency = await refusal(
      desk.coordinator.inventory.update({ id: stone.id, changes: { priceCurrency: null } }),
    );
    expect(noCurrency).toMatchObject({ field: 'priceCurrency' });
  });

  it('holds colour and fluorescence to the type’s scale', async () => {
    const colour = await refusal(
      desk.coordinator.inventory.create(
        aStone({ sku: 'DI-2', gemstoneType: 'Diamond', clarityGrade: 'VS1', colour: 'Yellow' }),
      ),
    );
    expect(colour).toMatchObject({
      field: 'colour',
      message: 'Diamond colour is a grade from D to Z; Yellow is not one.',
    });
    const fluorescence = await refusal(
      desk.coordinator.inventory.create(aStone({ sku: 'RB-2', fluorescence: 'Faint' })),
    );
    expect(fluorescence).toMatchObject({ field: 'fluorescence' });
    const ruby = await desk.coordinator.inventory.create(
      aStone({ sku: 'RB-3', colour: 'Pigeon blood', hue: 'red', tone: 'medium dark', saturation: 'vivid' }),
    );
    expect(ruby).toMatchObject({ colour: 'Pigeon blood', tone: 'Medium dark', saturation: 'Vivid' });
    // Changing the type to a diamond checks the colour the stone already has.
    const change = await refusal(
      desk.coordinator.inventory.update({ id: ruby.id, changes: { gemstoneType: 'Diamond', clarityGrade: 'VS2' } }),
    );
    expect(change).toMatchObject({ field: 'colour' });
  });
});

describe('practitioners and prices', () => {
  it('may not sort or filter by a price (typed refusal), and may by grading', async () => {
    const sort = await refusal(desk.practitioner.inventory.list({ sort: 'askingPrice' }));
    expect(sort).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE', field: 'askingPrice' });
    expect(await refusal(desk.practitioner.inventory.list({ sort: 'costPrice' }))).toMatchObject({
      field: 'costPrice',
    });
    const filter = await refusal(
      desk.practitioner.inventory.list({ filter: { priceCurrency: 'USD', askingMin: 1000 } }),
    );
    expect(filter).toMatchObject({ reason: 'FORBIDDEN_ROLE', field: 'askingMin' });
    expect(
      await refusal(desk.practitioner.inventory.csv.export({ filter: {}, sort: 'askingPrice', direction: 'asc' })),
    ).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    const byShape = await desk.practitioner.inventory.list({ filter: { shape: 'Round' }, sort: 'colour' });
    expect(byShape.rows.map((r) => r.sku)).toEqual(['DI-1']);
    const coordinator = await desk.coordinator.inventory.list({
      filter: { priceCurrency: 'USD', askingMin: 11000, askingMax: 12000 },
      sort: 'askingPrice',
    });
    expect(coordinator.rows.map((r) => r.sku)).toEqual(['DI-1']);
  });

  it('may not set prices: the core refuses even a practitioner who reached the rules', async () => {
    const { createStone } = await import('./stones');
    expect(() =>
      createStone(t.core.store, aStone({ sku: 'PR-1', askingPrice: 10, priceCurrency: 'USD' }) as never, {
        id: null,
        role: 'practitioner',
      }),
    ).toThrow(/Prices are for coordinators and administrators/);
    expect(await refusal(desk.practitioner.inventory.update({ id: 'x', changes: { askingPrice: 1 } }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('CSV with grading and prices', () => {
  const header =
    'sku,gemstoneType,caratWeight,clarityGrade,location,shape,colour,lengthMm,widthMm,depthMm,treatment,askingPrice,costPrice,priceCurrency';

  it('imports grading and prices in major units, and reports each bad row in the column’s words', async () => {
    const csv = [
      header,
      'SA-1,Sapphire,2.02,Eye Clean,Vault,Cushion,Royal blue,"7,91",7.02,4.5,Heated,"15000,50",9000,EUR',
      'SA-2,Sapphire,1.5,Eye Clean,Vault,Oval,,,,,,2500,,',
      'DI-9,Diamond,1.01,VS1,Vault,Round,Q7,,,,,,,',
      'SA-3,Sapphire,1.5,Eye Clean,Vault,Oval,,6.123,,,,,,',
    ].join('\n');
    const { report, valid } = await checkCsv(t.core.store, csv, 'job-grading-1');
    expect(report.rows.map((r) => [r.sku, r.status, r.reason ?? ''])).toEqual([
      ['SA-1', 'valid', ''],
      ['SA-2', 'invalid', expect.stringMatching(/Choose the currency of the prices/)],
      ['DI-9', 'invalid', expect.stringMatching(/Colour.*D to Z/)],
      ['SA-3', 'invalid', expect.stringMatching(/Length.*0\.01 mm/)],
    ]);
    expect(valid[0]).toMatchObject({
      shape: 'Cushion',
      lengthMm: 7.91,
      treatment: 'Heated',
      askingPrice: 1_500_050,
      costPrice: 900_000,
      priceCurrency: 'EUR',
    });
  });

  it('refuses, row by row, a practitioner’s file that names prices', async () => {
    const csv = [
      header,
      'SA-7,Sapphire,2.02,Eye Clean,Vault,Cushion,,,,,,15000,,EUR',
      'SA-8,Sapphire,1,Eye Clean,Vault,Oval,,,,,,,,',
    ].join('\n');
    const { report } = await checkCsv(t.core.store, csv, 'job-grading-2', 'practitioner');
    expect(report.rows.map((r) => [r.sku, r.status])).toEqual([
      ['SA-7', 'invalid'],
      ['SA-8', 'valid'],
    ]);
    expect(report.rows[0]!.reason).toMatch(/Asking price.*prices are for coordinators and administrators/);
  });

  it('exports prices in major units with their currency, and no price columns to practitioners', async () => {
    const order = { filter: { shape: 'Round' }, sort: 'sku' as const, direction: 'asc' as const };
    const full = exportCsv(t.core.store, order, 'coordinator').csv.split('\r\n');
    expect(full[0]).toMatch(/,costPrice,askingPrice,priceCurrency$/);
    expect(full[1]).toMatch(
      /^DI-1,Diamond,2\.15,VS1,.*,G,.*,Round,.*,6\.52,6\.49,4\.01,Botswana,,Faint,,8000,12000,USD$/,
    );
    const practitioner = await desk.practitioner.inventory.csv.export(order);
    expect(practitioner.csv).not.toMatch(/costPrice|askingPrice|8000|12000/);
    expect(practitioner.csv.split('\r\n')[0]).toMatch(/,reportUrl,priceCurrency$/);
  });
});
