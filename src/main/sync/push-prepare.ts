import { readDocument } from '../db/documents';
import { CLASS_MAPPINGS, toParse, UnresolvedPointerError, type LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { RECORD_RULES } from '../../shared/record-rules';
import { pendingChange, pendingFields, pointerResolver, readRecord, type OutboxRow } from './bookkeeping';
import { settleOrphan } from './deletions';
import { SessionExpiredError, TransientError, type BatchRequest, type ParseClient } from './parse-client';
import type { PushOptions, PushResult } from './push';
import {
  clearField,
  custodyEventOfMove,
  dropOutboxRow,
  dropOutboxRowAsQueued,
  objectIdOf,
  setField,
  unsentStatusChange,
} from './queries';

// Getting an outbox row ready to send: its request (a create, an update of the fields it changed, a delete),
// or why it waits (a record it points to is not on the server yet), or settled here with nothing to send.
// Files go up first (uploadFiles); a stone's photos go on their own queue (media-transfers.ts).

export interface Prepared {
  row: OutboxRow;
  request: BatchRequest;
  /** Local values sent, for the base once the server accepted them. */
  sent: Record<string, unknown>;
  token: string;
  /** Fields kept back for now (a stone's photos whose files are still uploading): they stay queued. */
  heldBack?: string[];
}

/** A list of files with one not uploaded yet (media-transfers.ts uploads it, on its own queue). */
function filesWaiting(value: unknown): boolean {
  return typeof value === 'string' && (JSON.parse(value) as LocalFile[]).some((file) => !file.name);
}

/** Builds the request for one outbox row, or settles it locally (nothing to send). */
export function prepare(store: Store, row: OutboxRow, token: string): Prepared | 'settled' | 'waiting' {
  const entity = row.entity;
  const mapping = CLASS_MAPPINGS[entity];
  const record = readRecord(store, entity, row.recordId);
  const resolver = pointerResolver(store);
  const path = `classes/${entity}`;
  if (row.op === 'delete') {
    if (!row.objectId) {
      dropOutboxRow.run(store, row.id); // it never reached the server
      return 'settled';
    }
    return { row, token, sent: {}, request: { method: 'DELETE', path: `${path}/${row.objectId}` } };
  }
  if (!record || !mapping.pushable) {
    // Only the change as it was read: if the record was deleted since, its outbox row now holds that delete.
    const dropped = dropOutboxRowAsQueued.run(store, row.id, row.seq).changes > 0;
    return dropped ? 'settled' : 'waiting';
  }
  const wanted = row.op === 'create' || !record.objectId ? Object.keys(mapping.fields) : pendingFields(row, entity);
  // Photos still uploading never hold up the record's other changes: those go now, the list once its files have.
  const heldBack = wanted.filter((f) => mapping.fields[f]?.kind === 'files' && filesWaiting(record[f]));
  const fields = heldBack.length ? wanted.filter((f) => !heldBack.includes(f)) : wanted;
  if (fields.length === 0) return 'waiting';
  let body: Record<string, unknown>;
  try {
    body = toParse(entity, record, resolver, fields);
  } catch (error) {
    if (!(error instanceof UnresolvedPointerError)) throw error;
    const outcome = whyWaiting(store, row, error);
    return outcome === 'unlinked' ? prepare(store, row, token) : outcome;
  }
  if (entity === 'Gemstone' && record.objectId && fields.includes('location')) {
    // The custody event that records this move goes in a later wave: telling the server it is coming
    // keeps Cloud Code from recording the move again as one made without a custody entry.
    const recorded = custodyEventOfMove.get(store, String(record.id), record.location);
    if (recorded) body.lastCustodyEvent = recorded.id;
  }
  if (entity === 'Gemstone' && fields.includes('certificateStatus')) {
    // The status change's history entry is written by Cloud Code (coordinators may not write the log):
    // sent with its id, so the server's copy is this one, and with the reason, which lifts a mismatch.
    const entry = unsentStatusChange.get(store, String(record.id), record.certificateStatus);
    if (entry) {
      body.lastCertificateLog = entry.id;
      if (entry.notes) body.certificateStatusReason = entry.notes;
    }
  }
  const sent = Object.fromEntries(fields.map((f) => [f, record[f] ?? null]));
  if (!record.objectId) {
    // A create: absent values are simply not sent, and clientId makes a retried create detectable.
    for (const [k, v] of Object.entries(body))
      if (typeof v === 'object' && v !== null && (v as { __op?: string }).__op === 'Delete') delete body[k];
    return {
      row,
      token,
      sent,
      heldBack,
      request: { method: 'POST', path, body: { ...body, clientId: row.recordId } },
    };
  }
  return { row, token, sent, heldBack, request: { method: 'PUT', path: `${path}/${String(record.objectId)}`, body } };
}

/**
 * A change that points to a record the server does not have yet. It waits while that record is on its way
 * (its own change is queued, or its file is not uploaded yet) or names a staff member without a backend
 * account (listed as such: see stranded.ts). A record that is on its way nowhere was deleted on the server:
 * the change is settled, set aside with its reason, instead of waiting forever.
 */
function whyWaiting(store: Store, row: OutboxRow, error: UnresolvedPointerError): 'waiting' | 'settled' | 'unlinked' {
  const kind = CLASS_MAPPINGS[row.entity].fields[error.field];
  if (kind?.kind !== 'pointer' || kind.target === '_User') return 'waiting';
  const target = objectIdOf(kind.target).get(store, error.id);
  if (target && (target.objectId || pendingChange(store, kind.target, error.id))) return 'waiting';
  if (!RECORD_RULES[row.entity][error.field]?.required) {
    // Only a link (a stone's assigned buyer): it reads empty, as on the server, and the rest goes.
    clearField(row.entity, error.field).run(store, row.recordId);
    return 'unlinked';
  }
  store.sqlite
    .transaction(() =>
      settleOrphan(store, row.entity, row.recordId, { entity: kind.target, id: error.id }, store.clock()),
    )
    .immediate();
  return 'settled';
}

/**
 * Files go up before the records that reference them: each not-yet-uploaded LocalFile is uploaded and its
 * Parse name kept on the record (bookkeeping, not a user edit). A failure leaves it for the next cycle.
 */
export async function uploadFiles(
  store: Store,
  client: ParseClient,
  rows: OutboxRow[],
  sessionFor: PushOptions['sessionFor'],
  result: PushResult,
) {
  for (const row of rows) {
    if (row.op === 'delete') continue;
    const fileFields = Object.entries(CLASS_MAPPINGS[row.entity].fields)
      .filter(([, k]) => k.kind === 'file')
      .map(([f]) => f);
    if (fileFields.length === 0) continue;
    const record = readRecord(store, row.entity, row.recordId);
    const token = sessionFor(row.userId);
    if (!record || !token) continue;
    for (const field of fileFields) {
      if (typeof record[field] !== 'string') continue;
      const file = JSON.parse(record[field] as string) as LocalFile;
      if (file.name) continue;
      const bytes = readDocument(store, file);
      if (!bytes) continue;
      try {
        const uploaded = await client.uploadFile(file.fileName, file.contentType, bytes, token);
        setField(row.entity, field).run(
          store,
          JSON.stringify({ ...file, name: uploaded.name, url: uploaded.url }),
          row.recordId,
        );
      } catch (error) {
        if (error instanceof TransientError) result.lastTransient = error;
        else if (error instanceof SessionExpiredError) result.needsSignIn.add(row.userId);
      }
    }
  }
}
