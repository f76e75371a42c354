// The permission matrix, driven over REST as each demo user: allowed calls succeed, forbidden ones are
// refused, and protected fields never reach the roles that must not see them.

import { beforeAll, describe, expect, test } from 'vitest';
import {
  backend,
  buyerBody,
  CODES,
  create,
  demo,
  expectRefused,
  inquiryBody,
  logBody,
  must,
  newStaff,
  rest,
  stoneBody,
  unique,
  type Caller,
  type Json,
  type Reply,
} from './test-support';
import type { DemoRole } from './test-global-setup';

const ROLES: DemoRole[] = ['admin', 'coordinator', 'practitioner'];
type Op = 'find' | 'get' | 'create' | 'update' | 'delete';
type User = Exclude<Caller, 'anonymous' | 'master'>;

let as: Record<DemoRole, User>;
let ids: { coordinator: string; practitioner: string; admin: string };
let shared: {
  stone: string;
  buyer: string;
  inquiry: string;
  log: string;
  activity: string;
  move: string;
  tombstone: string;
};
const moveBody = (stone: string): Json => ({
  gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: stone },
  fromLocation: 'Vault',
  toLocation: 'Safe',
  movedAt: { __type: 'Date', iso: new Date(Date.now() - 60_000).toISOString() },
});

beforeAll(async () => {
  as = { admin: await demo('admin'), coordinator: await demo('coordinator'), practitioner: await demo('practitioner') };
  ids = { admin: as.admin.objectId, coordinator: as.coordinator.objectId, practitioner: as.practitioner.objectId };
  const stone = await create('master', 'Gemstone', stoneBody());
  const buyer = await create('master', 'Buyer', buyerBody(ids.coordinator));
  const doomed = await create('master', 'Gemstone', stoneBody());
  must(await rest('master', 'DELETE', `/classes/Gemstone/${doomed}`));
  const tombstones = must(
    await rest('master', 'GET', `/classes/Tombstone?where=${encodeURIComponent(JSON.stringify({ targetId: doomed }))}`),
  ).results as Json[];
  shared = {
    stone,
    buyer,
    inquiry: await create(
      'master',
      'PurchaseInquiry',
      inquiryBody(buyer, stone, ids.coordinator, { inquiryStatus: 'quoted', quotedPrice: 9900 }),
    ),
    log: await create('master', 'CertificateLog', logBody(stone, ids.practitioner)),
    activity: await create('master', 'Activity', {
      type: 'note',
      subject: 'Shared',
      relatedTo: { __type: 'Pointer', className: 'Buyer', objectId: buyer },
      createdBy: { __type: 'Pointer', className: '_User', objectId: ids.coordinator },
    }),
    move: await create('master', 'CustodyEvent', moveBody(stone)),
    tombstone: tombstones[0]!.objectId as string,
  };
});

interface Case {
  allowed: DemoRole[];
  run: (caller: User) => Promise<Reply>;
  /** The refusal code when not allowed (class-level permissions answer 119). */
  refusal?: number;
}

const path = (className: string) => (className === '_User' ? '/users' : `/classes/${className}`);
const reads = (className: string, id: () => string): Record<'find' | 'get', Case> => ({
  find: { allowed: ROLES, run: (c) => rest(c, 'GET', `${path(className)}?limit=5`) },
  get: { allowed: ROLES, run: (c) => rest(c, 'GET', `${path(className)}/${id()}`) },
});
/** Runs `change` on a fresh row made with the master key, so every call has its own target. */
const onFresh =
  (className: string, body: () => Json, change: (id: string) => [method: string, body?: Json]) =>
  async (caller: User) => {
    const id = await create('master', className, body());
    const [method, payload] = change(id);
    return rest(caller, method, `${path(className)}/${id}`, payload);
  };

const newUserBody = (): Json => {
  const username = unique('m');
  return { username, password: 'pw-1234567890', email: `${username}@example.com`, fullName: 'M', role: 'practitioner' };
};

const MATRIX: Record<string, Record<Op, Case>> = {
  Gemstone: {
    ...reads('Gemstone', () => shared.stone),
    create: { allowed: ['admin', 'coordinator'], run: (c) => rest(c, 'POST', '/classes/Gemstone', stoneBody()) },
    update: {
      allowed: ['admin', 'coordinator'],
      run: onFresh(
        'Gemstone',
        () => stoneBody(),
        () => ['PUT', { location: 'Safe' }],
      ),
    },
    delete: {
      allowed: ['admin'],
      run: onFresh(
        'Gemstone',
        () => stoneBody(),
        () => ['DELETE'],
      ),
    },
  },
  CertificateLog: {
    ...reads('CertificateLog', () => shared.log),
    create: {
      allowed: ['admin', 'practitioner'],
      run: (c) => rest(c, 'POST', '/classes/CertificateLog', logBody(shared.stone, c.objectId)),
    },
    update: {
      allowed: ['admin', 'practitioner'],
      run: onFresh(
        'CertificateLog',
        () => logBody(shared.stone, ids.practitioner),
        () => ['PUT', { notes: 'Re-read the report.' }],
      ),
    },
    delete: {
      allowed: [],
      run: onFresh(
        'CertificateLog',
        () => logBody(shared.stone, ids.practitioner),
        () => ['DELETE'],
      ),
    },
  },
  Buyer: {
    ...reads('Buyer', () => shared.buyer),
    create: { allowed: ['admin'], run: (c) => rest(c, 'POST', '/classes/Buyer', buyerBody(ids.coordinator)) },
    // the demo coordinator is this buyer's account manager
    update: {
      allowed: ['admin', 'coordinator'],
      run: onFresh(
        'Buyer',
        () => buyerBody(ids.coordinator),
        () => ['PUT', { salesStatus: 'dormant' }],
      ),
    },
    delete: {
      allowed: ['admin'],
      run: onFresh(
        'Buyer',
        () => buyerBody(ids.coordinator),
        () => ['DELETE'],
      ),
    },
  },
  PurchaseInquiry: {
    ...reads('PurchaseInquiry', () => shared.inquiry),
    create: {
      allowed: ['admin', 'coordinator'],
      run: (c) => rest(c, 'POST', '/classes/PurchaseInquiry', inquiryBody(shared.buyer, shared.stone, c.objectId)),
    },
    update: {
      allowed: ['admin', 'coordinator'],
      run: onFresh(
        'PurchaseInquiry',
        () => inquiryBody(shared.buyer, shared.stone, ids.coordinator),
        () => ['PUT', { followUpAt: { __type: 'Date', iso: '2031-01-01T00:00:00.000Z' } }],
      ),
    },
    delete: {
      allowed: ['admin'],
      run: onFresh(
        'PurchaseInquiry',
        () => inquiryBody(shared.buyer, shared.stone, ids.coordinator),
        () => ['DELETE'],
      ),
    },
  },
  Activity: {
    ...reads('Activity', () => shared.activity),
    create: { allowed: ROLES, run: (c) => rest(c, 'POST', '/classes/Activity', { type: 'call', subject: 'Called' }) },
    // logged by the demo coordinator: they and admins may change it
    update: {
      allowed: ['admin', 'coordinator'],
      run: onFresh(
        'Activity',
        () => ({ type: 'note', createdBy: { __type: 'Pointer', className: '_User', objectId: ids.coordinator } }),
        () => ['PUT', { subject: 'Edited' }],
      ),
    },
    delete: {
      allowed: ['admin', 'coordinator'],
      run: onFresh(
        'Activity',
        () => ({ type: 'note', createdBy: { __type: 'Pointer', className: '_User', objectId: ids.coordinator } }),
        () => ['DELETE'],
      ),
    },
  },
  CustodyEvent: {
    ...reads('CustodyEvent', () => shared.move),
    create: {
      allowed: ['admin', 'coordinator'],
      run: (c) => rest(c, 'POST', '/classes/CustodyEvent', moveBody(shared.stone)),
    },
    update: {
      allowed: [],
      run: onFresh(
        'CustodyEvent',
        () => moveBody(shared.stone),
        () => ['PUT', { reason: 'Edited' }],
      ),
    },
    delete: {
      allowed: [],
      run: onFresh(
        'CustodyEvent',
        () => moveBody(shared.stone),
        () => ['DELETE'],
      ),
    },
  },
  Tombstone: {
    ...reads('Tombstone', () => shared.tombstone),
    create: {
      allowed: [],
      run: (c) => rest(c, 'POST', '/classes/Tombstone', { targetClass: 'Gemstone', targetId: 'x' }),
    },
    update: {
      allowed: [],
      run: (c) => rest(c, 'PUT', `/classes/Tombstone/${shared.tombstone}`, { targetClientId: 'changed' }),
    },
    delete: { allowed: [], run: (c) => rest(c, 'DELETE', `/classes/Tombstone/${shared.tombstone}`) },
  },
  _User: {
    ...reads('_User', () => ids.admin),
    create: {
      allowed: ['admin'],
      run: (c) => rest(c, 'POST', '/users', newUserBody()),
    },
    // other users' rows are writable by admins only (their ACL); Parse refuses anyone else with 206
    update: {
      allowed: ['admin'],
      refusal: 206,
      run: onFresh('_User', newUserBody, () => ['PUT', { fullName: 'Renamed' }]),
    },
    delete: {
      allowed: ['admin'],
      run: onFresh('_User', newUserBody, () => ['DELETE']),
    },
  },
};

describe('role matrix', () => {
  const cases = Object.entries(MATRIX).flatMap(([className, ops]) =>
    (Object.entries(ops) as [Op, Case][]).flatMap(([op, spec]) =>
      ROLES.map((role) => ({ className, op, role, spec, allowed: spec.allowed.includes(role) })),
    ),
  );
  test.each(cases)('$className $op as $role: allowed=$allowed', async ({ role, spec, allowed }) => {
    const reply = await spec.run(as[role]);
    if (allowed) expect(reply.ok, `${reply.code} ${reply.error}`).toBe(true);
    else expectRefused(reply, spec.refusal ?? CODES.OPERATION_FORBIDDEN);
  });

  test.each(Object.keys(MATRIX).concat('_Role'))('nobody signed out reads or writes %s', async (className) => {
    const classPath = className === '_Role' ? '/roles' : path(className);
    const found = await rest('anonymous', 'GET', classPath);
    expect(found.ok, JSON.stringify(found.body)).toBe(false);
    expect(found.body.results).toBeUndefined();
    expect((await rest('anonymous', 'POST', classPath, { name: 'x' })).ok).toBe(false);
  });

  test('the roles themselves are readable by staff and written by the master key only', async () => {
    const roles = must(await rest(as.practitioner, 'GET', '/roles')).results as Json[];
    expect(roles.map((r) => r.name).sort()).toEqual(['admin', 'coordinator', 'practitioner']);
    expectRefused(await rest(as.admin, 'POST', '/roles', { name: 'owner', ACL: {} }), CODES.OPERATION_FORBIDDEN);
  });
});

describe('buyers are updated by their account manager or an admin', () => {
  test('another coordinator is refused; a practitioner who manages the buyer is allowed', async () => {
    const otherCoordinator = await newStaff('coordinator');
    const managingPractitioner = await newStaff('practitioner');
    const mine = await create('master', 'Buyer', buyerBody(managingPractitioner.objectId));
    expectRefused(
      await rest(otherCoordinator, 'PUT', `/classes/Buyer/${mine}`, { salesStatus: 'dormant' }),
      CODES.OPERATION_FORBIDDEN,
      /account manager or an admin/,
    );
    expect((await rest(managingPractitioner, 'PUT', `/classes/Buyer/${mine}`, { salesStatus: 'dormant' })).ok).toBe(
      true,
    );
  });

  test('only an admin reassigns the account manager', async () => {
    const buyer = await create('master', 'Buyer', buyerBody(ids.coordinator));
    const to = { accountManager: { __type: 'Pointer', className: '_User', objectId: ids.practitioner } };
    expectRefused(
      await rest(as.coordinator, 'PUT', `/classes/Buyer/${buyer}`, to),
      CODES.OPERATION_FORBIDDEN,
      /reassign/,
    );
    expect((await rest(as.admin, 'PUT', `/classes/Buyer/${buyer}`, to)).ok).toBe(true);
  });
});

describe('protected fields', () => {
  const hasBuyerContact = (row: Json) => 'email' in row || 'phone' in row;

  test('practitioners never receive buyer email or phone; coordinators and admins do', async () => {
    for (const role of ROLES) {
      const list = must(await rest(as[role], 'GET', '/classes/Buyer?limit=100')).results as Json[];
      const one = must(await rest(as[role], 'GET', `/classes/Buyer/${shared.buyer}`));
      expect(list.length).toBeGreaterThan(0);
      expect(one.companyName).toBe('Test Jewels');
      if (role === 'practitioner') {
        expect(list.filter(hasBuyerContact)).toEqual([]);
        expect(hasBuyerContact(one)).toBe(false);
      } else {
        expect(list.every((row) => typeof row.email === 'string')).toBe(true);
        expect(one.email).toBe('tess@example.com');
        expect(one.phone).toBe('+1 555 0100');
      }
    }
  });

  test('practitioners never receive quoted prices, not even through include', async () => {
    const asPractitioner = must(
      await rest(as.practitioner, 'GET', `/classes/PurchaseInquiry/${shared.inquiry}?include=buyer`),
    );
    expect(asPractitioner.inquiryStatus).toBe('quoted');
    expect('quotedPrice' in asPractitioner).toBe(false);
    expect(hasBuyerContact(asPractitioner.buyer as Json)).toBe(false);
    const list = must(await rest(as.practitioner, 'GET', '/classes/PurchaseInquiry?limit=100')).results as Json[];
    expect(list.filter((row) => 'quotedPrice' in row)).toEqual([]);
    for (const role of ['admin', 'coordinator'] as const) {
      expect(must(await rest(as[role], 'GET', `/classes/PurchaseInquiry/${shared.inquiry}`)).quotedPrice).toBe(9900);
    }
  });

  test('practitioners never receive a stone’s cost or asking price, not even through include; coordinators do', async () => {
    const priced = await create('master', 'Gemstone', {
      ...stoneBody(),
      costPrice: 8000,
      askingPrice: 12500.5,
      priceCurrency: 'USD',
      shape: 'Oval',
    });
    const hasPrice = (row: Json) => 'costPrice' in row || 'askingPrice' in row;
    const one = must(await rest(as.practitioner, 'GET', `/classes/Gemstone/${priced}`));
    expect(one).toMatchObject({ shape: 'Oval', priceCurrency: 'USD' });
    expect(hasPrice(one)).toBe(false);
    // A find (the path a list or a pull takes), narrowed to this stone: the shared backend holds thousands.
    const list = must(
      await rest(
        as.practitioner,
        'GET',
        `/classes/Gemstone?where=${encodeURIComponent(JSON.stringify({ objectId: priced }))}`,
      ),
    ).results as Json[];
    expect(list.map((row) => row.objectId)).toEqual([priced]);
    expect(list.filter(hasPrice)).toEqual([]);
    const inquiry = must(
      await rest(as.practitioner, 'GET', `/classes/PurchaseInquiry/${shared.inquiry}?include=gemstone`),
    );
    expect(hasPrice(inquiry.gemstone as Json)).toBe(false);
    for (const role of ['admin', 'coordinator'] as const) {
      expect(must(await rest(as[role], 'GET', `/classes/Gemstone/${priced}`))).toMatchObject({
        costPrice: 8000,
        askingPrice: 12500.5,
      });
    }
    for (const field of ['askingPrice', 'costPrice']) {
      const where = encodeURIComponent(JSON.stringify({ [field]: { $gt: 0 } }));
      expectRefused(await rest(as.practitioner, 'GET', `/classes/Gemstone?where=${where}`), CODES.OPERATION_FORBIDDEN);
    }
  });

  test('practitioners cannot find out prices by querying on them', async () => {
    const where = encodeURIComponent(JSON.stringify({ quotedPrice: { $gt: 0 } }));
    const reply = await rest(as.practitioner, 'GET', `/classes/PurchaseInquiry?where=${where}`);
    expectRefused(reply, CODES.OPERATION_FORBIDDEN);
  });

  test('staff see each other (name, role and email) to show who verified or handles what', async () => {
    const admin = must(await rest(as.practitioner, 'GET', `/users/${ids.admin}`));
    expect(admin).toMatchObject({ username: backend.demoUsers.admin.username, role: 'admin', fullName: 'Ada Admin' });
    expect(admin.email).toBe('admin@example.com');
    expect('password' in admin).toBe(false);
  });
});

describe('roles and users', () => {
  const rolesOf = async (userId: string) => {
    const where = encodeURIComponent(
      JSON.stringify({ users: { __type: 'Pointer', className: '_User', objectId: userId } }),
    );
    return (must(await rest('master', 'GET', `/roles?where=${where}`)).results as Json[]).map((r) => r.name).sort();
  };

  test("an admin changing a user's role moves their _Role membership and so their permissions", async () => {
    const user = await newStaff('practitioner');
    expect(await rolesOf(user.objectId)).toEqual(['practitioner']);
    expectRefused(await rest(user, 'POST', '/classes/Gemstone', stoneBody()), CODES.OPERATION_FORBIDDEN);

    must(await rest(as.admin, 'PUT', `/users/${user.objectId}`, { role: 'coordinator' }));
    expect(await rolesOf(user.objectId)).toEqual(['coordinator']);
    expect((await rest(user, 'POST', '/classes/Gemstone', stoneBody())).ok).toBe(true);
    expectRefused(
      await rest(user, 'POST', '/classes/CertificateLog', logBody(shared.stone, user.objectId)),
      CODES.OPERATION_FORBIDDEN,
    );
  });

  test('nobody but an admin changes a role, their own included', async () => {
    const user = await newStaff('coordinator');
    expectRefused(
      await rest(user, 'PUT', `/users/${user.objectId}`, { role: 'admin' }),
      CODES.OPERATION_FORBIDDEN,
      /Only an admin/,
    );
    expect(await rolesOf(user.objectId)).toEqual(['coordinator']);
    // other own fields are theirs to change
    expect((await rest(user, 'PUT', `/users/${user.objectId}`, { fullName: 'New Name' })).ok).toBe(true);
  });

  test('accounts are created by admins: no public sign-up, no staff sign-up', async () => {
    const body = newUserBody;
    expectRefused(await rest('anonymous', 'POST', '/users', body()), CODES.OPERATION_FORBIDDEN);
    expectRefused(await rest(as.coordinator, 'POST', '/users', body()), CODES.OPERATION_FORBIDDEN);
    const made = must(await rest(as.admin, 'POST', '/users', body()));
    expect(await rolesOf(made.objectId as string)).toEqual(['practitioner']);
  });

  test('a role must be one of the staff roles', async () => {
    const user = await newStaff('practitioner');
    expectRefused(
      await rest(as.admin, 'PUT', `/users/${user.objectId}`, { role: 'owner' }),
      CODES.VALIDATION_ERROR,
      /_User\.role \(Role\) must be one of admin, coordinator, practitioner/,
    );
  });
});
