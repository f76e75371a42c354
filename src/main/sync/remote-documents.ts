import type { ReplicatedClass } from '../../shared/enums';
import { readDocument, storeDocument } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import type { ParseClient } from './parse-client';
import { fieldOf, setField } from './queries';

/**
 * A record's document (a certificate scan): the local copy, or downloaded from the server and kept here
 * (null when neither can be had).
 */
export async function fetchDocument(
  store: Store,
  client: () => ParseClient | null,
  entity: ReplicatedClass,
  recordId: string,
  field: string,
): Promise<Buffer | null> {
  const row = fieldOf(entity, field).get(store, recordId);
  if (!row?.f) return null;
  const file = JSON.parse(row.f) as LocalFile;
  const here = readDocument(store, file);
  if (here) return here;
  const parse = client();
  if (!parse || !file.url) return null;
  let bytes: Buffer;
  try {
    bytes = await parse.downloadFile(file.url);
  } catch {
    return null;
  }
  const stored = storeDocument(store, bytes, file.fileName, file.contentType);
  // Keep the server's name, remember the local copy (bookkeeping: nothing to push).
  setField(entity, field).run(
    store,
    JSON.stringify({ ...file, stored: stored.stored, sha256: stored.sha256, size: stored.size }),
    recordId,
  );
  return bytes;
}
