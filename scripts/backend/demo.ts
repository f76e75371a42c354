// Demo users and a small inventory for the local backend. Every demo row has a fixed clientId, so seeding
// again (every `npm run backend:dev` start) only creates what is missing and never duplicates anything.

import { createHash } from 'node:crypto';
import { toMajorUnits } from '../../src/shared/money';
import { seeded } from '../../src/shared/seeded-random';
import { makeGrader } from '../demo/grading';
import { pictureShape, renderGemPhoto } from '../demo/photos';
import { makePricer } from '../demo/prices';
import type { ApplyTarget } from './apply';

type Role = 'admin' | 'coordinator' | 'practitioner';

export interface DemoUser {
  username: string;
  /** Local development only. */
  password: string;
  fullName: string;
  email: string;
  role: Role;
}

export const DEMO_USERS: Record<Role, DemoUser> = {
  admin: {
    username: 'demo.admin',
    password: 'loupe-demo-admin',
    fullName: 'Ada Admin',
    email: 'admin@example.com',
    role: 'admin',
  },
  coordinator: {
    username: 'demo.coordinator',
    password: 'loupe-demo-coordinator',
    fullName: 'Cole Coordinator',
    email: 'coordinator@example.com',
    role: 'coordinator',
  },
  practitioner: {
    username: 'demo.practitioner',
    password: 'loupe-demo-practitioner',
    fullName: 'Pia Practitioner',
    email: 'practitioner@example.com',
    role: 'practitioner',
  },
};

export interface DemoSeedResult {
  /** objectIds of the demo users by role. */
  userIds: Record<Role, string>;
  /** Rows created by this call (0 when the demo data was already there). */
  created: number;
}

/** A stable UUID (version 5 layout) for a demo row, so reseeding finds it again. */
export function demoClientId(name: string): string {
  const h = createHash('sha1').update(`loupe-demo:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

type Body = Record<string, unknown>;
const pointer = (className: string, objectId: string) => ({ __type: 'Pointer', className, objectId });
const date = (iso: string) => ({ __type: 'Date', iso });

function rest(target: ApplyTarget) {
  const base = target.serverURL.replace(/\/+$/, '');
  return async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const response = await fetch(base + path, {
      method,
      headers: {
        'X-Parse-Application-Id': target.appId,
        'X-Parse-Master-Key': target.masterKey,
        'Content-Type': contentType,
      },
      body: body === undefined ? undefined : body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body),
    });
    const json = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${json.error ?? response.status}`);
    return json;
  };
}

export async function seedDemoData(
  target: ApplyTarget,
  log: (message: string) => void = () => {},
): Promise<DemoSeedResult> {
  const call = rest(target);
  let created = 0;

  /**
   * Creates the rows whose clientId is not on the server yet; returns objectIds by demo name. `complete`
   * adds what costs work to make (a photo to upload) to the rows being created, and only to those.
   */
  async function ensure(
    className: string,
    rows: [name: string, body: Body][],
    complete: (name: string, body: Body) => Promise<Body> = async (_, body) => body,
  ): Promise<Map<string, string>> {
    const ids = rows.map(([name]) => demoClientId(name));
    const where = encodeURIComponent(JSON.stringify({ clientId: { $in: ids } }));
    const path = className === '_User' ? '/users' : `/classes/${className}`;
    const find = async () =>
      (
        await call<{ results: { objectId: string; clientId: string }[] }>(
          'GET',
          `${path}?where=${where}&keys=clientId&limit=1000`,
        )
      ).results;
    const have = new Set((await find()).map((row) => row.clientId));
    const missing = rows.filter(([name]) => !have.has(demoClientId(name)));
    // One at a time: later rows of a class may depend on earlier ones (e.g. the latest certificate log wins).
    for (const [name, body] of missing) {
      await call('POST', path, { ...(await complete(name, body)), clientId: demoClientId(name) });
      created++;
    }
    const byClientId = new Map((await find()).map((row) => [row.clientId, row.objectId]));
    return new Map(rows.map(([name]) => [name, byClientId.get(demoClientId(name))!]));
  }

  const users = await ensure(
    '_User',
    Object.values(DEMO_USERS).map((u) => [
      `user:${u.role}`,
      { username: u.username, password: u.password, fullName: u.fullName, email: u.email, role: u.role },
    ]),
  );
  const userId = (role: Role) => users.get(`user:${role}`)!;
  const user = (role: Role) => pointer('_User', userId(role));

  const buyers = await ensure('Buyer', [
    [
      'buyer:1',
      {
        buyerCode: 'B-1001',
        companyName: 'Aurum Fine Jewels',
        contactName: 'Maya Chen',
        email: 'maya@aurum.example.com',
        phone: '+1 212 555 0141',
        preferredGemstoneTypes: ['Diamond', 'Sapphire'],
        salesStatus: 'active',
        accountManager: user('coordinator'),
      },
    ],
    [
      'buyer:2',
      {
        buyerCode: 'B-1002',
        companyName: 'Kessler & Söhne',
        contactName: 'Jonas Kessler',
        email: 'jonas@kessler.example.com',
        phone: '+49 69 555 0199',
        preferredGemstoneTypes: ['Ruby', 'Emerald'],
        salesStatus: 'active',
        accountManager: user('coordinator'),
      },
    ],
    [
      'buyer:3',
      {
        buyerCode: 'B-1003',
        companyName: 'Lumen Atelier',
        contactName: 'Inès Laurent',
        email: 'ines@lumen.example.com',
        preferredGemstoneTypes: ['Spinel'],
        salesStatus: 'prospect',
        accountManager: user('admin'),
      },
    ],
    [
      'buyer:4',
      {
        buyerCode: 'B-1004',
        companyName: 'Northgate Trading',
        contactName: 'Ravi Patel',
        email: 'ravi@northgate.example.com',
        phone: '+44 20 5550 0123',
        salesStatus: 'dormant',
        accountManager: user('admin'),
      },
    ],
  ]);
  const buyer = (n: number) => pointer('Buyer', buyers.get(`buyer:${n}`)!);

  const types = [
    'Diamond',
    'Ruby',
    'Sapphire',
    'Emerald',
    'Diamond',
    'Spinel',
    'Sapphire',
    'Diamond',
    'Alexandrite',
    'Tanzanite',
  ];
  const clarity = [
    'VS1',
    'Eye Clean',
    'Slightly Included',
    'Moderately Included',
    'VVS2',
    'Eye Clean',
    'Eye Clean',
    'SI1',
    'Slightly Included',
    'Eye Clean',
  ];
  const locations = ['Vault', 'Safe', 'Showcase 1', 'Counter', 'Vault'];
  // Grading, measurements and prices drawn as seed:demo draws them (the same every time); every fourth
  // stone has a photo, uploaded as a Parse File when the stone is created.
  const rnd = seeded(20250101);
  const grade = makeGrader(rnd);
  const price = makePricer(rnd);
  const tints = new Map<string, string>();
  const stoneRows = Array.from({ length: 20 }, (_, i): [string, Body] => {
    const type = types[i % types.length]!;
    const caratWeight = Math.round((0.5 + ((i * 37) % 50) / 10) * 100) / 100;
    const { grading, tint } = grade(type, caratWeight, null);
    const { costPrice, askingPrice, priceCurrency } = price(type, caratWeight, clarity[i % clarity.length]!, grading);
    tints.set(`stone:${i + 1}`, tint);
    const described = Object.fromEntries(Object.entries(grading).filter(([, v]) => v !== null));
    return [
      `stone:${i + 1}`,
      {
        sku: `LP-${String(i + 1).padStart(4, '0')}`,
        gemstoneType: type,
        caratWeight,
        clarityGrade: clarity[i % clarity.length],
        certificateStatus: i < 8 ? 'pending' : 'none',
        location: locations[i % locations.length],
        ...(i === 3 ? { assignedBuyer: buyer(1) } : {}),
        ...described,
        ...(priceCurrency
          ? {
              priceCurrency,
              askingPrice: toMajorUnits(askingPrice!, priceCurrency),
              ...(costPrice === null ? {} : { costPrice: toMajorUnits(costPrice, priceCurrency) }),
            }
          : {}),
      },
    ];
  });
  const stones = await ensure('Gemstone', stoneRows, async (name, body) => {
    if (Number(name.split(':')[1]) % 4 !== 1) return body;
    const jpeg = await renderGemPhoto(pictureShape(String(body.gemstoneType), String(body.shape)), tints.get(name)!);
    const file = await call<{ name: string; url: string }>('POST', `/files/${body.sku}.jpg`, jpeg, 'image/jpeg');
    return { ...body, photos: [{ __type: 'File', name: file.name, url: file.url }] };
  });
  const stone = (n: number) => pointer('Gemstone', stones.get(`stone:${n}`)!);

  await ensure('CustodyEvent', [
    [
      'move:3',
      {
        gemstone: stone(3),
        fromLocation: 'Vault',
        toLocation: 'Showcase 1',
        movedBy: user('coordinator'),
        movedAt: date('2025-01-20T09:15:00.000Z'),
        reason: 'Window display',
      },
    ],
    [
      'move:4',
      {
        gemstone: stone(4),
        fromLocation: 'Vault',
        toLocation: 'Counter',
        movedBy: user('coordinator'),
        movedAt: date('2025-01-21T11:00:00.000Z'),
        reason: 'Viewing for Aurum Fine Jewels',
      },
    ],
  ]);

  // Numbers in each lab's format; the stone's status follows its log (Cloud Code afterSave).
  const logs: [number, string, string, string][] = [
    [1, 'GIA', '2141234567', 'verified'],
    [2, 'GRS', 'GRS2019-123456', 'verified'],
    [3, 'GRS', 'GRS2021-004512', 'verified'],
    [4, 'SSEF', '118845', 'verified'],
    [5, 'GIA', '6203948571', 'verified'],
    [6, 'AGL', 'CS 1098877', 'verified'],
    [7, 'GRS', 'GRS2020-778812', 'mismatch'],
    [8, 'IGI', 'LG612345678', 'pending_recheck'],
  ];
  await ensure(
    'CertificateLog',
    logs.map(([n, lab, number, result]): [string, Body] => [
      `log:${n}`,
      {
        gemstone: stone(n),
        certificateNumber: number,
        issuedBy: lab,
        verifiedBy: user('practitioner'),
        verifiedAt: date(new Date(Date.UTC(2025, 0, 6 + n, 10)).toISOString()),
        verificationResult: result,
        notes: result === 'mismatch' ? 'Report describes 2.10 ct; stone weighs 2.04 ct.' : undefined,
      },
    ]),
  );

  const inquiries = await ensure('PurchaseInquiry', [
    [
      'inquiry:1',
      {
        buyer: buyer(1),
        gemstone: stone(1),
        inquiryStatus: 'new',
        requestedCaratWeight: 1.2,
        currency: 'USD',
        handledBy: user('coordinator'),
        followUpAt: date('2026-03-02T09:00:00.000Z'),
      },
    ],
    [
      'inquiry:2',
      {
        buyer: buyer(2),
        gemstone: stone(2),
        inquiryStatus: 'quoted',
        requestedCaratWeight: 2,
        quotedPrice: 18500,
        currency: 'EUR',
        handledBy: user('coordinator'),
      },
    ],
    [
      'inquiry:3',
      {
        buyer: buyer(1),
        gemstone: stone(5),
        inquiryStatus: 'reserved',
        requestedCaratWeight: 1.5,
        quotedPrice: 24800,
        currency: 'USD',
        handledBy: user('coordinator'),
      },
    ],
    [
      'inquiry:4',
      {
        buyer: buyer(3),
        gemstone: stone(6),
        inquiryStatus: 'closed',
        requestedCaratWeight: 1,
        quotedPrice: 5200,
        currency: 'CHF',
        handledBy: user('admin'),
        outcome: 'lost',
        outcomeReason: 'Bought elsewhere',
      },
    ],
  ]);

  await ensure('Activity', [
    [
      'activity:1',
      {
        type: 'call',
        subject: 'Intro call about sapphires',
        relatedTo: buyer(1),
        createdBy: user('coordinator'),
        completedAt: date('2025-01-14T15:30:00.000Z'),
      },
    ],
    [
      'activity:2',
      {
        type: 'email',
        subject: 'Sent quote for LP-0002',
        relatedTo: buyer(2),
        relatedInquiry: pointer('PurchaseInquiry', inquiries.get('inquiry:2')!),
        createdBy: user('coordinator'),
      },
    ],
    [
      'activity:3',
      {
        type: 'meeting',
        subject: 'Viewing at the showroom',
        relatedTo: buyer(3),
        createdBy: user('admin'),
        dueDate: date('2026-02-20T14:00:00.000Z'),
      },
    ],
  ]);

  log(created > 0 ? `Created ${created} demo rows.` : 'Demo data already present.');
  return {
    userIds: { admin: userId('admin'), coordinator: userId('coordinator'), practitioner: userId('practitioner') },
    created,
  };
}
