import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACH_BYTES, MAX_VIDEO_BYTES } from '../../shared/media';
import { REQUEST_TOO_LARGE_MESSAGE } from '../trpc/errors';
import type { AppRouter } from '../core/router';
import { aStone, signedInAdmin } from '../test-support/core';
import { startTestHost } from '../test-support/host';

// The largest attach Loupe allows (a 100 MB video, about 134 MB as base64 in JSON) goes through the browser
// host as the screens send it; a larger one gets the typed refusal the screens show in words, not a
// broken connection, and the host answers the next request as before.

let stop: () => Promise<void>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
let stoneId: string;

/** An MP4 of exactly `size` bytes (a valid `ftyp` box; the rest is what a video's data would be). */
const video = (size: number) => {
  const bytes = Buffer.alloc(size, 0x2a);
  Buffer.from([0, 0, 0, 0x18]).copy(bytes, 0);
  bytes.write('ftypisom', 4, 'latin1');
  return { fileName: 'turntable.mp4', base64: bytes.toString('base64') };
};

const refusal = (error: unknown) => {
  expect(error).toBeInstanceOf(TRPCClientError);
  const { data, message } = error as TRPCClientError<AppRouter>;
  return { code: data?.code, reason: data?.reason, message };
};

beforeAll(async () => {
  const started = await startTestHost();
  stop = started.stop;
  // A script's bearer token is the connection 'browser:api': the administrator signs in on it.
  await signedInAdmin(started.t.core, 'browser:api');
  stoneId = (await started.t.core.caller('browser:api').inventory.create(aStone())).id;
  client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: `${started.host.origin}/trpc`, headers: { authorization: `Bearer ${started.host.token}` } }),
    ],
  });
});
afterAll(() => stop());

describe('attaching through the browser host', () => {
  it('takes a video at the limit in one attach', async () => {
    const items = await client.media.attach.mutate({ stone: stoneId, files: [video(MAX_VIDEO_BYTES)] });
    expect(items).toMatchObject([{ kind: 'video', fileName: 'turntable.mp4', size: MAX_VIDEO_BYTES }]);
  });

  it('refuses a video one byte over the limit with the typed refusal', async () => {
    const error = await client.media.attach
      .mutate({ stone: stoneId, files: [video(MAX_VIDEO_BYTES + 1)] })
      .catch((e: unknown) => e);
    expect(refusal(error)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'MEDIA_TOO_LARGE' });
    expect(refusal(error).message).toMatch(/at most 100 MB/);
  });

  it('refuses a request past what the host reads (two videos at the limit) in words, and keeps answering', async () => {
    // Each allowed alone; together about 280 MB of JSON, twice what the host reads of one request.
    const before = (await client.media.list.query({ stone: stoneId })).length;
    const error = await client.media.attach
      .mutate({ stone: stoneId, files: [video(MAX_VIDEO_BYTES), video(MAX_VIDEO_BYTES - 1)] })
      .catch((e: unknown) => e);
    expect(refusal(error)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'REQUEST_TOO_LARGE',
      message: REQUEST_TOO_LARGE_MESSAGE,
    });
    // Nothing was added, and the host goes on answering.
    expect(await client.media.list.query({ stone: stoneId })).toHaveLength(before);
  });

  it('refuses files that fit in one request but together are more than one attach carries', async () => {
    const before = (await client.media.list.query({ stone: stoneId })).length;
    const error = await client.media.attach
      .mutate({ stone: stoneId, files: [video(MAX_ATTACH_BYTES - 1024), video(2048)] })
      .catch((e: unknown) => e);
    expect(refusal(error)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'MEDIA_TOO_LARGE' });
    expect(refusal(error).message).toMatch(/at most 100 MB at a time/);
    expect(await client.media.list.query({ stone: stoneId })).toHaveLength(before);
  });
});
