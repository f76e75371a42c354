// LiveQuery: subscribers (the Parse JS SDK's LiveQuery client, as workstations and mobile apps use it)
// receive create, update and delete events, filtered by the same permissions as queries.

import Parse from 'parse/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  backend,
  buyerBody,
  create,
  demo,
  inquiryBody,
  logBody,
  must,
  rest,
  stoneBody,
  type Caller,
  type Json,
} from './test-support';

type User = Exclude<Caller, 'anonymous' | 'master'>;
type EventType = 'create' | 'update' | 'delete' | 'enter' | 'leave';
interface Seen {
  type: EventType;
  object: Json;
}

const clients: Parse.LiveQueryClient[] = [];

/**
 * Subscribes to a whole class as `sessionToken` (none: signed out) and records every event; `refusal` is the
 * server's answer when it refuses the subscription.
 */
async function subscribe(className: string, sessionToken?: string): Promise<{ seen: Seen[]; refusal?: string }> {
  const client = new Parse.LiveQueryClient({
    applicationId: backend.appId,
    serverURL: backend.liveQueryURL,
    javascriptKey: backend.javascriptKey,
    sessionToken,
  });
  clients.push(client);
  const refused = new Promise<string>((resolve) => client.on('error', (error: unknown) => resolve(String(error))));
  client.open();
  const subscription = client.subscribe(new Parse.Query(className), sessionToken)!;
  const seen: Seen[] = [];
  for (const type of ['create', 'update', 'delete', 'enter', 'leave'] as const) {
    subscription.on(type, (object: Parse.Object) => seen.push({ type, object: object.toJSON() as Json }));
  }
  const opened = new Promise<undefined>((resolve) => subscription.on('open', () => resolve(undefined)));
  // The SDK rejects this promise when the server refuses the subscription; nobody else awaits it.
  const subscriptionRefused = (subscription as unknown as { subscribePromise: Promise<unknown> }).subscribePromise.then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => String(error),
  );
  return { seen, refusal: await Promise.race([opened, refused, subscriptionRefused]) };
}

async function eventually<T>(read: () => T | undefined, ms = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error('timed out waiting for a LiveQuery event');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const event = (seen: Seen[], type: EventType, id: string) => () =>
  seen.find((e) => e.type === type && e.object.objectId === id);

let admin: User;
let coordinator: User;
let practitioner: User;
let buyer: string;

beforeAll(async () => {
  Parse.initialize(backend.appId, backend.javascriptKey);
  (Parse as unknown as { serverURL: string }).serverURL = backend.serverURL;
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

describe('LiveQuery', () => {
  test('Gemstone: create, update and delete reach a subscriber', async () => {
    const { seen } = await subscribe('Gemstone', admin.sessionToken);
    const id = await create(coordinator, 'Gemstone', stoneBody({ location: 'Vault' }));
    expect((await eventually(event(seen, 'create', id))).object).toMatchObject({ location: 'Vault' });
    must(await rest(coordinator, 'PUT', `/classes/Gemstone/${id}`, { location: 'Counter' }));
    expect((await eventually(event(seen, 'update', id))).object).toMatchObject({ location: 'Counter' });
    must(await rest(admin, 'DELETE', `/classes/Gemstone/${id}`));
    await eventually(event(seen, 'delete', id));
  });

  test("CertificateLog: create, update and delete reach a subscriber, and the stone's new status too", async () => {
    const stone = await create('master', 'Gemstone', stoneBody({ certificateStatus: 'pending' }));
    const logs = await subscribe('CertificateLog', coordinator.sessionToken);
    const stones = await subscribe('Gemstone', coordinator.sessionToken);
    const id = await create(practitioner, 'CertificateLog', logBody(stone, practitioner.objectId));
    expect((await eventually(event(logs.seen, 'create', id))).object).toMatchObject({ verificationResult: 'verified' });
    expect((await eventually(event(stones.seen, 'update', stone))).object).toMatchObject({
      certificateStatus: 'verified',
    });
    must(await rest(practitioner, 'PUT', `/classes/CertificateLog/${id}`, { notes: 'Seen the report.' }));
    expect((await eventually(event(logs.seen, 'update', id))).object).toMatchObject({ notes: 'Seen the report.' });
    must(await rest('master', 'DELETE', `/classes/CertificateLog/${id}`)); // only the master key deletes log entries
    await eventually(event(logs.seen, 'delete', id));
  });

  test('PurchaseInquiry: create, update and delete reach a subscriber', async () => {
    const stone = await create('master', 'Gemstone', stoneBody());
    const { seen } = await subscribe('PurchaseInquiry', coordinator.sessionToken);
    const id = await create(coordinator, 'PurchaseInquiry', inquiryBody(buyer, stone, coordinator.objectId));
    expect((await eventually(event(seen, 'create', id))).object).toMatchObject({ inquiryStatus: 'new' });
    must(
      await rest(coordinator, 'PUT', `/classes/PurchaseInquiry/${id}`, { inquiryStatus: 'quoted', quotedPrice: 4200 }),
    );
    expect((await eventually(event(seen, 'update', id))).object).toMatchObject({
      inquiryStatus: 'quoted',
      quotedPrice: 4200,
    });
    must(await rest(admin, 'DELETE', `/classes/PurchaseInquiry/${id}`));
    await eventually(event(seen, 'delete', id));
  });

  test('a deletion also arrives as a Tombstone create, for workstations that pull', async () => {
    const { seen } = await subscribe('Tombstone', practitioner.sessionToken);
    const id = await create(coordinator, 'Gemstone', stoneBody());
    must(await rest(admin, 'DELETE', `/classes/Gemstone/${id}`));
    const tombstone = await eventually(() => seen.find((e) => e.type === 'create' && e.object.targetId === id));
    expect(tombstone.object).toMatchObject({ targetClass: 'Gemstone' });
  });

  test('protected fields stay hidden in events: a practitioner never sees a quoted price', async () => {
    const stone = await create('master', 'Gemstone', stoneBody());
    const asPractitioner = await subscribe('PurchaseInquiry', practitioner.sessionToken);
    const asCoordinator = await subscribe('PurchaseInquiry', coordinator.sessionToken);
    const id = await create(
      coordinator,
      'PurchaseInquiry',
      inquiryBody(buyer, stone, coordinator.objectId, { inquiryStatus: 'quoted', quotedPrice: 7300 }),
    );
    expect((await eventually(event(asCoordinator.seen, 'create', id))).object.quotedPrice).toBe(7300);
    const seenByPractitioner = await eventually(event(asPractitioner.seen, 'create', id));
    expect(seenByPractitioner.object.inquiryStatus).toBe('quoted');
    expect('quotedPrice' in seenByPractitioner.object).toBe(false);
  });

  test('nobody signed out can subscribe, or receives anything', async () => {
    const signedOut = await subscribe('Gemstone');
    expect(signedOut.refusal).toMatch(/Permission denied/);
    const signedIn = await subscribe('Gemstone', practitioner.sessionToken);
    expect(signedIn.refusal).toBeUndefined();
    const id = await create(coordinator, 'Gemstone', stoneBody());
    await eventually(event(signedIn.seen, 'create', id)); // the event was sent...
    await new Promise((r) => setTimeout(r, 300));
    expect(signedOut.seen).toEqual([]); // ...but not to the signed-out subscriber
  });
});
