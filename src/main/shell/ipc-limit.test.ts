import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC } from '../../preload/bridge';
import { MAX_REQUEST_BYTES, MAX_VIDEO_BYTES } from '../../shared/media';
import { inputLargerThan } from '../core/operations';
import { REQUEST_TOO_LARGE_MESSAGE } from '../trpc/errors';
import { aStone, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { fakeEvent, FakeIpcMain } from '../test-support/shell';
import { APP_ORIGIN } from './security';
import { registerCoreIpc } from './ipc';

// The window's IPC takes what the browser host takes, and no more: an attach of a video at the limit goes
// through; a larger input gets the host's typed refusal (REQUEST_TOO_LARGE) before any procedure reads it.

let t: TestCore;
let ask: (op: unknown) => Promise<unknown>;
let stoneId: string;

const video = (size: number) => {
  const bytes = Buffer.alloc(size, 0x2a);
  Buffer.from([0, 0, 0, 0x18]).copy(bytes, 0);
  bytes.write('ftypisom', 4, 'latin1');
  return { fileName: 'turntable.mp4', base64: bytes.toString('base64') };
};

beforeAll(async () => {
  t = await startTestCore();
  await signedInAdmin(t.core, 'window:7'); // the window whose sender id is 7
  stoneId = (await t.core.caller('window:7').inventory.create(aStone())).id;
  const ipc = new FakeIpcMain();
  const appUrl = `${APP_ORIGIN}/index.html`;
  registerCoreIpc(ipc, t.core, appUrl);
  const { event } = fakeEvent(appUrl, 7);
  ask = (op) => ipc.handlers.get(IPC.request)!(event, op) as Promise<unknown>;
});
afterAll(() => t.dispose());

describe('the IPC request limit', () => {
  it('takes a video at the limit in one attach', async () => {
    const answer = await ask({
      type: 'mutation',
      path: 'media.attach',
      input: { stone: stoneId, files: [video(MAX_VIDEO_BYTES)] },
    });
    expect(answer).toMatchObject({ ok: true, data: [{ kind: 'video', size: MAX_VIDEO_BYTES }] });
  });

  it('refuses a larger input with the typed refusal, and nothing is attached', async () => {
    const big = video(MAX_VIDEO_BYTES).base64;
    const answer = await ask({
      type: 'mutation',
      path: 'media.attach',
      input: {
        stone: stoneId,
        files: [
          { fileName: 'a.mp4', base64: big },
          { fileName: 'b.mp4', base64: big },
        ],
      },
    });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        message: REQUEST_TOO_LARGE_MESSAGE,
        data: { code: 'PAYLOAD_TOO_LARGE', reason: 'REQUEST_TOO_LARGE', path: 'media.attach' },
      },
    });
    expect(await t.core.caller('window:7').media.list({ stone: stoneId })).toHaveLength(1);
  });

  it('sizes any input without walking all of it: texts, bytes, long arrays, and cycles', () => {
    expect(inputLargerThan({ files: [{ base64: 'x'.repeat(1000) }] }, 2000)).toBe(false);
    expect(inputLargerThan({ files: [{ base64: 'x'.repeat(1000) }] }, 900)).toBe(true);
    expect(inputLargerThan(new Uint8Array(MAX_REQUEST_BYTES + 1), MAX_REQUEST_BYTES)).toBe(true);
    expect(inputLargerThan(new Array(100_000).fill(0), 100_000)).toBe(true);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(inputLargerThan(cyclic, 10_000)).toBe(true);
  });
});
