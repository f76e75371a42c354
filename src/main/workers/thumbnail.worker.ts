import { createRequire } from 'node:module';
import { renameSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type Sharp from 'sharp';

// The thread behind media/thumbnails.ts: decodes a photo with sharp and writes a small JPEG (cover crop,
// turned upright from its EXIF orientation) beside the data, so decoding megapixels never holds up a scan.
// One job per message; answers { id, ok, error }.

export interface ThumbnailJob {
  id: number;
  input: string;
  output: string;
  size: number;
}

export interface ThumbnailAnswer {
  id: number;
  ok: boolean;
  error: string | null;
}

export interface ThumbnailData {
  /** sharp's entry as the main thread resolved it (app.asar.unpacked when packaged). */
  modulePath: string;
}

const sharp = createRequire(__filename)((workerData as ThumbnailData).modulePath) as typeof Sharp;

parentPort!.on('message', (job: ThumbnailJob) => {
  const partial = `${job.output}.${process.pid}.${job.id}.part`;
  sharp(job.input, { limitInputPixels: 100_000_000 })
    .rotate()
    .resize(job.size, job.size, { fit: 'cover' })
    .jpeg({ quality: 78, mozjpeg: true })
    .toFile(partial)
    .then(() => {
      renameSync(partial, job.output); // whole or not at all: a reader never sees half a thumbnail
      parentPort!.postMessage({ id: job.id, ok: true, error: null } satisfies ThumbnailAnswer);
    })
    .catch((error: Error) =>
      parentPort!.postMessage({ id: job.id, ok: false, error: error.message } satisfies ThumbnailAnswer),
    );
});
