import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MEDIA_PER_STONE, MAX_PHOTO_BYTES } from '../../shared/media';
import { createCore, type Caller, type Core } from '../core/create-core';
import { documentsDir } from '../db/documents';
import { aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { thumbPath } from './files';
import { mediaPass } from './serve';
import { thumbnailsOf } from './thumbnails';

// A stone's photos and videos through the tRPC caller on a real SQLite file: checks on the bytes, refusals
// that change nothing, the list and its outbox entry together, thumbnails made by the worker thread, and
// media URLs that only a signed-in connection can use and that name no path.

let data: ReturnType<typeof tempDataDir>;
let core: Core;
let coordinator: Caller;
let practitioner: Caller;
let stoneId: string;

const photo = (colour: string, width = 800) =>
  sharp({ create: { width, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
const upload = (bytes: Buffer, fileName = 'front.jpg') => ({ fileName, base64: bytes.toString('base64') });
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 1)]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64, 1)]);

const all = (sql: string) => core.store.sqlite.prepare(sql).all() as Record<string, unknown>[];
const snapshot = () => ({
  stones: all('SELECT * FROM gemstones ORDER BY id'),
  outbox: all('SELECT * FROM outbox ORDER BY id'),
  documents: existsSync(documentsDir(core.store)) ? readdirSync(documentsDir(core.store)) : [],
});

beforeEach(async () => {
  data = tempDataDir();
  core = await createCore({ dataDir: data.dir, startSync: false });
  const admin = await signedInAdmin(core);
  coordinator = await signedInAs(core, 'coordinator', 'cora');
  practitioner = await signedInAs(core, 'practitioner', 'pim');
  stoneId = (await admin.inventory.create(aStone())).id;
  core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if the stone had been sent already
});
afterEach(async () => {
  await core.close();
  data.remove();
});

const answer = (path: string, range: string | null = null) => core.media.answer(new URL(path, 'app://loupe'), range);

describe('attaching photos and videos', () => {
  it('keeps the bytes by their hash and queues the list with its outbox entry; the worker makes a 240 px thumbnail', async () => {
    const bytes = await photo('#c0392b');
    const items = await coordinator.media.attach({ stone: stoneId, files: [upload(bytes), upload(MP4, 'turn.mp4')] });
    expect(items.map((i) => [i.kind, i.fileName, i.uploaded])).toEqual([
      ['photo', 'front.jpg', false],
      ['video', 'turn.mp4', false],
    ]);
    expect(all('SELECT entity, op, fields FROM outbox')).toEqual([
      { entity: 'Gemstone', op: 'update', fields: '["photos"]' },
    ]);
    const stored = JSON.parse(String(all('SELECT photos FROM gemstones')[0]!.photos)) as { stored: string }[];
    expect(readFileSync(join(documentsDir(core.store), stored[0]!.stored))).toEqual(bytes);

    const thumb = await answer(items[0]!.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumbPath(core.store, items[0]!.key)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 240]);
    expect(thumbnailsOf(core.store).made).toBeGreaterThanOrEqual(1);
    // A video gets the neutral placeholder; the grid's cover is the first item.
    expect((await answer(items[1]!.thumbUrl)).headers['content-type']).toBe('image/svg+xml');
    expect((await answer(`/media/cover/${stoneId}?s=${encodeURIComponent(pass())}`)).status).toBe(200);
  });

  it('refuses, changing nothing, what is not a photo or video, HEIC, a photo over 20 MB, and more than the limit', async () => {
    await coordinator.media.attach({ stone: stoneId, files: [upload(await photo('#2980b9'))] });
    const before = snapshot();
    const text = await refusal(
      coordinator.media.attach({ stone: stoneId, files: [upload(Buffer.from('not a photo'), 'x.jpg')] }),
    );
    expect([text.reason, text.message]).toEqual([
      'MEDIA_TYPE',
      'x.jpg is not a photo (JPEG, PNG or WebP) or a video (MP4, MOV or WebM).',
    ]);
    const heic = await refusal(coordinator.media.attach({ stone: stoneId, files: [upload(HEIC, 'IMG_0001.HEIC')] }));
    expect(heic.reason).toBe('MEDIA_TYPE');
    expect(heic.message).toContain('HEIC');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_PHOTO_BYTES, 0x20)]);
    const tooBig = await refusal(coordinator.media.attach({ stone: stoneId, files: [upload(big, 'huge.jpg')] }));
    expect([tooBig.reason, tooBig.message]).toEqual([
      'MEDIA_TOO_LARGE',
      'huge.jpg is 20.0 MB; a photo can be at most 20 MB.',
    ]);
    // A good file beside a bad one: nothing of the drop is kept.
    const mixed = await refusal(
      coordinator.media.attach({
        stone: stoneId,
        files: [upload(await photo('#27ae60'), 'ok.jpg'), upload(HEIC, 'b.heic')],
      }),
    );
    expect(mixed.reason).toBe('MEDIA_TYPE');
    const many = await Promise.all(
      Array.from({ length: MAX_MEDIA_PER_STONE }, (_, i) =>
        photo(`#${(i + 16).toString(16).repeat(3)}`, 64).then((b) => upload(b, `p${i}.jpg`)),
      ),
    );
    const tooMany = await refusal(coordinator.media.attach({ stone: stoneId, files: many }));
    expect(tooMany.reason).toBe('TOO_MANY_MEDIA');
    expect(snapshot()).toEqual(before);
  });

  it('lets practitioners look but not attach, remove or reorder', async () => {
    const [item] = await coordinator.media.attach({ stone: stoneId, files: [upload(await photo('#8e44ad'))] });
    const before = snapshot();
    expect(
      (await refusal(practitioner.media.attach({ stone: stoneId, files: [upload(await photo('#000'))] }))).reason,
    ).toBe('FORBIDDEN_ROLE');
    expect((await refusal(practitioner.media.remove({ stone: stoneId, key: item!.key }))).reason).toBe(
      'FORBIDDEN_ROLE',
    );
    expect((await refusal(practitioner.media.reorder({ stone: stoneId, keys: [item!.key] }))).reason).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(snapshot()).toEqual(before);
    expect((await practitioner.media.list({ stone: stoneId })).map((i) => i.key)).toEqual([item!.key]);
  });

  it('makes another item the cover and removes one, each with its outbox entry', async () => {
    const items = await coordinator.media.attach({
      stone: stoneId,
      files: [upload(await photo('#111'), 'a.jpg'), upload(await photo('#222'), 'b.jpg')],
    });
    core.store.sqlite.prepare('DELETE FROM outbox').run();
    const reordered = await coordinator.media.reorder({ stone: stoneId, keys: [items[1]!.key, items[0]!.key] });
    expect(reordered.map((i) => i.fileName)).toEqual(['b.jpg', 'a.jpg']);
    expect(all('SELECT fields FROM outbox')).toEqual([{ fields: '["photos"]' }]);
    const stale = await refusal(coordinator.media.reorder({ stone: stoneId, keys: [items[1]!.key] }));
    expect(stale.reason).toBe('INVALID_VALUE');
    expect((await coordinator.media.remove({ stone: stoneId, key: items[1]!.key })).map((i) => i.fileName)).toEqual([
      'a.jpg',
    ]);
  });
});

const pass = (connection = 'conn-cora') => mediaPass(core.store, connection);

describe('media URLs', () => {
  it('serve only signed-in connections, only items of the stone, never a path', async () => {
    const bytes = await photo('#d35400');
    const [item] = await coordinator.media.attach({ stone: stoneId, files: [upload(bytes)] });
    const file = await answer(item!.url);
    expect(file.status).toBe(200);
    expect(readFileSync(file.file!.path).subarray(file.file!.start, file.file!.end + 1)).toEqual(bytes);
    const part = await answer(item!.url, 'bytes=0-9');
    expect([part.status, part.headers['content-range']]).toEqual([206, `bytes 0-9/${bytes.length}`]);

    const path = `/media/file/${stoneId}/${item!.key}`;
    expect((await answer(path)).status).toBe(401); // no pass
    expect((await answer(`${path}?s=${pass('conn-cora')}x`)).status).toBe(401); // forged
    expect((await answer(`${path}?s=${pass('nobody-here')}`)).status).toBe(401); // a connection not signed in
    await coordinator.auth.signOut();
    expect((await answer(item!.url)).status).toBe(401); // signed out since
    const p = encodeURIComponent(pass('conn-pim'));
    expect((await answer(`${path}?s=${p}`)).status).toBe(200);
    expect((await answer(`/media/file/${stoneId}/${'0'.repeat(64)}?s=${p}`)).status).toBe(404);
    expect((await answer(`/media/file/${stoneId}/..%2F..%2Floupe.db?s=${p}`)).status).toBe(404);
    expect((await answer(`/media/file/..%2F..%2F/${item!.key}?s=${p}`)).status).toBe(404);
    expect((await answer(`/media/file/${stoneId}/${item!.key.toUpperCase()}?s=${p}`)).status).toBe(404);
  });
});
