import { existsSync } from 'node:fs';
import Parse from 'parse/node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core/create-core';
import { backend, master, serverStones, stone, uniqueSku, workstationsForThisFile } from '../test-support/remote';
import { bodyOf } from './serve';
import { thumbPath } from './files';

// A stone's photo against the real backend: attached on one workstation, uploaded on the media queue as a
// Parse File, named in the stone's `photos` Array, read by the dealer's mobile apps through the Parse SDK,
// and fetched on a second workstation when a screen asks for it.

const workstation = workstationsForThisFile();

beforeAll(() => {
  Parse.initialize(backend.appId, backend.javascriptKey);
  (Parse as unknown as { serverURL: string }).serverURL = backend.serverURL;
});

/** A JPEG no earlier run made (its colour comes from the SKU), so the bytes compared are this test's own. */
async function photoFor(sku: string): Promise<Buffer> {
  const hue = [...sku].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 0xffffff, 7);
  return sharp({
    create: { width: 640, height: 480, channels: 3, background: `#${hue.toString(16).padStart(6, '0')}` },
  })
    .jpeg()
    .toBuffer();
}

/** What a screen gets for a media URL (the window's protocol and the browser host both call this). */
const fetchMedia = async (core: Core, url: string) => {
  const answer = await core.media.answer(new URL(url, 'app://loupe'), null);
  return { status: answer.status, type: answer.headers['content-type'], bytes: Buffer.from(await bodyOf(answer)) };
};

describe('a stone’s photos against the real backend', () => {
  it('a photo attached on one workstation is uploaded, read by the Parse SDK, and fetched on another workstation', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('PHOTO');
    const bytes = await photoFor(sku);
    const created = await a.admin.inventory.create(stone(sku));
    const [attached] = await a.admin.media.attach({
      stone: created.id,
      files: [{ fileName: 'table view.jpg', base64: bytes.toString('base64') }],
    });
    expect(attached).toMatchObject({ kind: 'photo', fileName: 'table view.jpg', uploaded: false });

    // The cycle sends the stone and starts the upload beside it; once the file is up, the next cycle sends
    // the list that names it.
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    await a.core.replicator.media.settled();
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    expect(await a.admin.sync.status()).toMatchObject({ pendingChanges: 0, media: { waiting: 0, problem: null } });
    expect(await a.admin.sync.deadLetters.list()).toEqual([]);
    expect((await a.admin.media.list({ stone: created.id }))[0]).toMatchObject({ key: attached!.key, uploaded: true });

    // On the server: an Array of one Parse File, whose URL serves the very bytes attached.
    const [onServer] = await serverStones({ sku });
    expect(onServer.photos).toEqual([
      { __type: 'File', name: expect.stringMatching(/table.?view\.jpg$/), url: expect.any(String) },
    ]);
    const served = await fetch(onServer.photos[0].url);
    expect(served.ok).toBe(true);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    // The dealer's mobile apps, signed in as staff, read it through the SDK: `stone.get('photos')`.
    const mobile = await Parse.User.logIn(
      backend.demoUsers.coordinator.username,
      backend.demoUsers.coordinator.password,
    );
    const found = await new Parse.Query('Gemstone')
      .equalTo('sku', sku)
      .first({ sessionToken: mobile.getSessionToken()! });
    const photos = found!.get('photos') as unknown[];
    expect(Array.isArray(photos)).toBe(true);
    expect(photos).toHaveLength(1);
    const file = photos[0] as Parse.File;
    expect(file).toBeInstanceOf(Parse.File);
    expect(file.name()).toBe(onServer.photos[0].name);
    const viaSdk = await fetch(file.url()!); // as an image view loads it: the URL alone
    expect(viaSdk.ok).toBe(true);
    expect(Buffer.from(await viaSdk.arrayBuffer())).toEqual(bytes);

    // Workstation B pulls the stone: the list names the file by its server name; the bytes come when a
    // screen asks for them (or the background sweep got there first), equal to the original.
    expect((await b.admin.sync.syncNow()).ok).toBe(true);
    const onB = (await b.admin.inventory.list({ filter: { text: sku } })).rows[0]!;
    expect(onB.cover).not.toBeNull();
    const [itemOnB] = await b.admin.media.list({ stone: onB.id });
    expect(itemOnB).toMatchObject({ kind: 'photo', uploaded: true });
    const opened = await fetchMedia(b.core, itemOnB!.url);
    expect(opened).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(opened.bytes).toEqual(bytes);
    // Once it is here, the item's key is its bytes' hash, as on A; and a thumbnail was made.
    const [kept] = await b.admin.media.list({ stone: onB.id });
    expect(kept).toMatchObject({ key: attached!.key, size: bytes.length });
    const thumb = await fetchMedia(b.core, kept!.thumbUrl);
    expect(thumb).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(existsSync(thumbPath(b.core.store, kept!.key))).toBe(true);
    expect((await sharp(thumb.bytes).metadata()).width).toBe(240);

    // A practitioner on B sees the photo too (every staff role does; only prices are kept from them).
    const practitioner = b.core.caller('b-practitioner');
    const { username, password } = backend.demoUsers.practitioner;
    expect((await practitioner.auth.signIn({ username, password })).role).toBe('practitioner');
    const seen = await practitioner.media.list({ stone: onB.id });
    expect(seen).toMatchObject([{ key: attached!.key, kind: 'photo', uploaded: true }]);
    expect((await fetchMedia(b.core, seen[0]!.url)).bytes).toEqual(bytes);
    expect((await fetchMedia(b.core, seen[0]!.thumbUrl)).status).toBe(200);

    // Nothing went back from B: a pulled list is not an edit.
    expect((await b.admin.sync.status()).pendingChanges).toBe(0);
    expect((await master('GET', `/classes/Gemstone/${onServer.objectId}`)).photos).toEqual(onServer.photos);
  });
});
