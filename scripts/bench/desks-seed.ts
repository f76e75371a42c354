import { createCore } from '../../src/main/core/create-core';
import type { RunningBackend } from '../backend/spawn-dev';
import type { DeskEdit } from './desk-protocol';

// The showroom of the desks bench: one member of staff per desk (admins, coordinators, practitioners), a
// stock of stones and, for every desk that sells, a few open inquiries of its own; pushed once by a
// workstation of their own before the desks start. Each desk works on its own stones and inquiries, as
// people at a counter do, so the measurements are about replication, not about two people editing one field.

type Role = 'admin' | 'coordinator' | 'practitioner';
export interface StaffMember {
  username: string;
  password: string;
  role: Role;
}

export interface Showroom {
  staff: StaffMember[];
  stones: { id: string; sku: string }[];
  /** Each desk's inquiries (none for practitioners, who do not sell). */
  inquiries: string[][];
  /** Desk `desk`'s `n`-th operation, numbered `id` across the bench. */
  plan(desk: number, n: number, id: number): DeskEdit;
}

const INQUIRIES_PER_DESK = 10;
const LOCATIONS = ['Safe', 'Showcase 1', 'Counter', 'Vault'];
/** What each role does at a showroom, in turn: moves and quotes need an editor, verifications a verifier. */
const ROUNDS: Record<Role, DeskEdit['kind'][]> = {
  admin: ['move', 'quote', 'verify', 'scan'],
  coordinator: ['move', 'quote', 'scan'],
  practitioner: ['verify', 'scan'],
};
const roleOf = (desk: number): Role => (desk % 5 === 0 ? 'admin' : desk % 5 === 4 ? 'practitioner' : 'coordinator');

export async function seedShowroom(
  backend: RunningBackend,
  dataDir: string,
  desks: number,
  stoneCount: number,
): Promise<Showroom> {
  const staff: StaffMember[] = Array.from({ length: desks }, (_, i) => ({
    username: `desk.${i + 1}`,
    password: `desk password ${i + 1}`,
    role: roleOf(i),
  }));
  for (const [i, s] of staff.entries()) {
    const response = await fetch(`${backend.serverURL}/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-parse-application-id': backend.appId,
        'x-parse-master-key': backend.masterKey,
      },
      body: JSON.stringify({ ...s, fullName: `Desk ${i + 1}`, email: `desk${i + 1}@example.com` }),
    });
    if (!response.ok) throw new Error(`could not create ${s.username}: ${await response.text()}`);
  }

  const core = await createCore({ dataDir, startSync: false });
  try {
    const admin = core.caller('seed');
    await admin.auth.createFirstAdmin({
      username: backend.admin.username,
      fullName: 'Seed Admin',
      email: 'seed@example.com',
      password: 'local password 123',
    });
    await admin.sync.connect({
      serverURL: backend.serverURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      ...backend.admin,
    });
    // One import, as a dealer brings a stock in: one transaction here, pushed in batches.
    const csv = ['sku,gemstoneType,caratWeight,clarityGrade,certificateStatus,location'];
    for (let i = 0; i < stoneCount; i++) {
      const type = ['Ruby', 'Sapphire', 'Emerald', 'Spinel'][i % 4]!;
      const carat = Math.round((0.3 + (i % 500) / 100) * 100) / 100;
      csv.push(`DESK-${String(i + 1).padStart(5, '0')},${type},${carat},Eye Clean,none,Vault`);
    }
    await admin.inventory.csv.commit({ csv: csv.join('\n'), jobId: 'bench-desks-stock' });
    const stones = core.store.sqlite
      .prepare("SELECT id, sku FROM gemstones WHERE sku LIKE 'DESK-%' ORDER BY sku")
      .all() as Showroom['stones'];
    if (stones.length !== stoneCount) throw new Error(`the import made ${stones.length} of ${stoneCount} stones`);
    const buyers = core.store.sqlite.prepare('SELECT id FROM buyers ORDER BY buyerCode').all() as { id: string }[];
    if (buyers.length === 0) throw new Error('the backend has no buyers to quote to');
    const userId = (username: string) =>
      (core.store.sqlite.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string }).id;
    // Desk d's stones are every desks-th one from d: the first few carry its inquiries, the rest take its
    // moves (even) and verifications (odd).
    const own = (d: number) => stones.filter((_, k) => k % desks === d);
    const inquiries: string[][] = [];
    for (let d = 0; d < desks; d++) {
      inquiries.push([]);
      if (staff[d]!.role === 'practitioner') continue;
      for (const [k, s] of own(d).slice(0, INQUIRIES_PER_DESK).entries()) {
        const inquiry = await admin.inquiries.create({
          buyer: buyers[k % buyers.length]!.id,
          gemstone: s.id,
          requestedCaratWeight: 1,
          currency: 'USD',
          quotedPrice: 1000,
          handledBy: userId(staff[d]!.username),
        });
        inquiries[d]!.push(inquiry.id);
      }
    }
    for (let i = 0; i < 10 && core.replicator.status().pendingChanges > 0; i++) await core.replicator.syncNow();
    const left = core.replicator.status().pendingChanges;
    if (left > 0) throw new Error(`the showroom's stock did not reach the backend (${left} changes waiting)`);

    const whereIs = new Map(stones.map((s) => [s.id, 'Vault']));
    const used = Array.from({ length: desks }, () => ({ move: 0, quote: 0, verify: 0, scan: 0 }));
    const plan = (desk: number, n: number, id: number): DeskEdit => {
      const kinds = ROUNDS[staff[desk]!.role];
      const kind = kinds[n % kinds.length]!;
      const count = used[desk]![kind]++;
      const pool = own(desk).slice(INQUIRIES_PER_DESK);
      const marker = `bench edit ${id}`;
      if (kind === 'quote') {
        const list = inquiries[desk]!;
        // Prices only go up, so a desk can tell a quote from an older one (desk-child.ts).
        return { id, sku: '', kind, inquiry: list[count % list.length]!, quotedPrice: 1000 + id };
      }
      if (kind === 'move') {
        const stone = pool.filter((_, k) => k % 2 === 0)[count % Math.ceil(pool.length / 2)]!;
        const from = whereIs.get(stone.id)!;
        const toLocation = LOCATIONS.filter((l) => l !== from)[count % (LOCATIONS.length - 1)]!;
        whereIs.set(stone.id, toLocation);
        return { id, sku: stone.sku, kind, stone: stone.id, toLocation, marker };
      }
      if (kind === 'verify') {
        const odd = pool.filter((_, k) => k % 2 === 1);
        const stone = odd[count % odd.length]!;
        return { id, sku: stone.sku, kind, stone: stone.id, marker };
      }
      return { id, sku: pool[count % pool.length]!.sku, kind: 'scan' };
    };
    return { staff, stones, inquiries, plan };
  } finally {
    await core.close();
  }
}
