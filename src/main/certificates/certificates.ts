import { STATUS_CHANGE } from '../../shared/certificate-status';
import type { CertificateLogResult, CertificateStatus, VerificationResult } from '../../shared/enums';
import {
  DOCUMENT_TYPES,
  attachDocumentInput,
  checkNumberInput,
  recordVerificationInput,
} from '../../shared/certificates';
import { certificateNumberProblem, sameCertificateNumbers, STATUS_FOR_RESULT } from '../../shared/labs';
import { storeDocument } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import type { SessionUser, SyncService } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { checkDocument, sniffDocumentType, type CheckedDocument } from './documents';
import {
  entryById,
  entryDocument,
  entryExists,
  entryKind,
  entryNotes,
  insertVerification,
  laterVerificationExists,
  latestVerification,
  setEntryDocument,
  setEntryNotes,
  setStoneCertificate,
  stoneForLog,
  stonesWithCertificate,
  stoneToVerifyById,
  stoneToVerifyBySku,
} from './queries';

// Certificate verification: the CertificateLog is the append-only audit trail of verification events,
// and the stone follows its latest verification. The rules here are the backend's Cloud Code rules
// (resources/back4app/cloud/main.js), so what this core accepts is never refused on push:
//   - the stone exists; a correction corrects an entry about the same stone;
//   - a number outside its lab's format (src/shared/labs.ts) is recorded only as a confirmed format
//     override, with notes saying why — and those notes are never emptied afterwards;
//   - lab, number, result, verifier, time, the stone, `corrects` and `formatOverride` never change and
//     no entry is ever deleted: a correction is a new entry that references the one it corrects;
//   - verifiedBy and verifiedAt come from the signed-in person and the clock, never from input.

/** Fields that describe the verification event and therefore never change (the backend's FIXED_FIELDS). */
export const FIXED_FIELDS = [
  'gemstone',
  'certificateNumber',
  'issuedBy',
  'verifiedBy',
  'verifiedAt',
  'verificationResult',
  'corrects',
  'formatOverride',
] as const;

const FIELD_WORDS: Record<string, string> = {
  gemstone: 'the stone',
  certificateNumber: 'the certificate number',
  issuedBy: 'the lab',
  verifiedBy: 'who verified it',
  verifiedAt: 'when it was verified',
  verificationResult: 'the result',
  corrects: 'the entry it corrects',
  formatOverride: 'the format override',
  document: 'the attached report',
};

export interface EntryDocument {
  fileName: string;
  contentType: string;
  /** Bytes; null while only the server has the file (a pulled File carries no size). */
  size: number | null;
  /** The bytes are on this workstation (otherwise they are downloaded from the backend when opened). */
  kept: boolean;
  /** Uploaded to the backend as a Parse File. */
  uploaded: boolean;
}

export interface CertificateEntry {
  id: string;
  gemstone: string;
  sku: string | null;
  gemstoneType: string | null;
  caratWeight: number | null;
  certificateNumber: string;
  issuedBy: string;
  verifiedBy: string | null;
  verifiedByName: string | null;
  verifiedAt: string;
  /** A verification's result, or status_change for an entry that records a change of status (statusFrom → statusTo). */
  verificationResult: CertificateLogResult;
  notes: string | null;
  /** A status change entry: the status before (null: the stone was added with it) and after. */
  statusFrom: CertificateStatus | null;
  statusTo: CertificateStatus | null;
  /** Written on this workstation for a change another app made without an entry (never sent). */
  recordedHere: boolean;
  /** The entry this one corrects. */
  corrects: string | null;
  /** Entries that correct this one (newest last). */
  correctedBy: string[];
  formatOverride: boolean;
  document: EntryDocument | null;
  /** Pushed to the backend. */
  replicated: boolean;
}

/** The same certificate number on a different stone: a classic sign of fraud or a mix-up. */
export interface DuplicateCertificate {
  stoneId: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  /** The number as it is written there (an IGI number may carry or lack its LG prefix). */
  certificateNumber: string;
  message: string;
}

export interface EntryRow extends Omit<
  CertificateEntry,
  'correctedBy' | 'formatOverride' | 'document' | 'replicated' | 'recordedHere'
> {
  objectId: string | null;
  recordedHere: number | null;
  correctedBy: string | null;
  formatOverride: number | null;
  document: string | null;
}

const TYPE_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** What a report is: as recorded here, else (a File pulled from the server carries no type) by its name. */
function contentTypeOf(file: LocalFile): string {
  if ((DOCUMENT_TYPES as readonly string[]).includes(file.contentType)) return file.contentType;
  return TYPE_BY_EXTENSION[/\.([a-z0-9]+)$/i.exec(file.fileName)?.[1]?.toLowerCase() ?? ''] ?? file.contentType;
}

export function toEntry(row: EntryRow): CertificateEntry {
  const { objectId, correctedBy, formatOverride, document, recordedHere, ...rest } = row;
  let doc: EntryDocument | null = null;
  if (document) {
    const file = JSON.parse(document) as LocalFile;
    doc = {
      fileName: file.fileName,
      contentType: contentTypeOf(file),
      size: file.size > 0 ? file.size : null,
      kept: file.stored !== null,
      uploaded: file.name !== null,
    };
  }
  return {
    ...rest,
    correctedBy: correctedBy ? (JSON.parse(correctedBy) as string[]) : [],
    formatOverride: formatOverride === 1,
    document: doc,
    recordedHere: recordedHere === 1,
    replicated: objectId !== null,
  };
}

export function getEntry(store: Store, id: string): CertificateEntry {
  const row = entryById.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That certificate log entry does not exist.');
  return toEntry(row);
}

export interface StoneRow {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  certificateNumber: string | null;
  certificateStatus: CertificateStatus;
}

export function findStone(store: Store, id: string): StoneRow | undefined {
  return stoneForLog.get(store, id);
}

export interface VerificationStone extends StoneRow {
  clarityGrade: string;
  location: string;
  /** The stone's latest verification, if any (the form suggests its lab and number). */
  lastEntry: {
    id: string;
    issuedBy: string;
    certificateNumber: string;
    verificationResult: VerificationResult;
    verifiedAt: string;
  } | null;
}

/** A stone as the record form shows it, by id or by a scanned (or typed) SKU; null when there is none. */
export function stoneForVerification(store: Store, by: { id?: string; sku?: string }): VerificationStone | null {
  const select = (column: 'id' | 'sku', value: string) =>
    (column === 'id' ? stoneToVerifyById : stoneToVerifyBySku).get(store, value);
  const sku = by.sku?.trim() ?? '';
  // A SKU exactly as scanned, else in capitals (labels print them so): both answered by the unique index.
  const stone = by.id
    ? select('id', by.id)
    : sku
      ? (select('sku', sku) ?? (sku.toUpperCase() !== sku ? select('sku', sku.toUpperCase()) : undefined))
      : undefined;
  if (!stone) return null;
  const lastEntry = latestVerification.get(store, stone.id) ?? null;
  return { ...stone, lastEntry };
}

/** Other stones that carry this number (on the stone, or in their log), in any of its printed spellings. */
export function duplicateCertificates(
  store: Store,
  certificateNumber: string,
  exceptStone: string | null,
): DuplicateCertificate[] {
  const number = certificateNumber.trim();
  if (!number) return [];
  const spellings = sameCertificateNumbers(number);
  const rows = stonesWithCertificate(store, spellings, exceptStone);
  const byStone = new Map<string, DuplicateCertificate>();
  for (const { viaLog, ...row } of rows) {
    if (byStone.has(row.stoneId)) continue;
    const where = viaLog ? `was verified for stone ${row.sku}` : `is already attached to stone ${row.sku}`;
    byStone.set(row.stoneId, {
      ...row,
      message: `Certificate ${row.certificateNumber} ${where} (${row.gemstoneType}, ${row.caratWeight.toFixed(2)} ct). The same report on two stones is a classic sign of fraud or a mix-up: check both stones.`,
    });
  }
  return [...byStone.values()];
}

/** The answer the form shows as the user types: the lab's format, and the number on other stones. */
export function checkNumber(store: Store, raw: unknown) {
  const input = checkNumberInput.parse(raw);
  return {
    formatProblem: input.certificateNumber ? certificateNumberProblem(input.issuedBy, input.certificateNumber) : null,
    duplicates: duplicateCertificates(store, input.certificateNumber, input.gemstone ?? null),
  };
}

export interface RecordResult {
  entry: CertificateEntry;
  stone: StoneRow;
  /** The stone took this entry's number and status (false only if a later verification already exists). */
  stoneUpdated: boolean;
  duplicates: DuplicateCertificate[];
}

/**
 * Records a verification: the log entry and the stone's certificateNumber and certificateStatus in one
 * transaction, both or neither. Refusals (unknown stone or entry, a number outside its lab's format
 * without a confirmed override and a reason, a document that is not a PDF or an image) write nothing.
 */
export function recordVerification(store: Store, user: SessionUser, raw: unknown): RecordResult {
  const input = recordVerificationInput.parse(raw);
  const document: CheckedDocument | null = input.document ? checkDocument(input.document) : null;
  const result = store.write((scope) => {
    const stone = findStone(store, input.gemstone);
    if (!stone)
      throw new DomainError(
        'INVALID_REFERENCE',
        'That stone does not exist (it may have been deleted); scan or choose it again.',
        'gemstone',
      );
    if (input.corrects) {
      const corrected = entryKind.get(store, input.corrects);
      if (!corrected)
        throw new DomainError('INVALID_REFERENCE', 'The entry this one corrects does not exist.', 'corrects');
      if (corrected.verificationResult === STATUS_CHANGE) {
        throw new DomainError(
          'INVALID_REFERENCE',
          'A correction corrects a verification; a change of status is not one.',
          'corrects',
        );
      }
      if (corrected.gemstone !== stone.id) {
        throw new DomainError(
          'INVALID_REFERENCE',
          'A correction must be about the same stone as the entry it corrects.',
          'corrects',
        );
      }
    }
    const problem = certificateNumberProblem(input.issuedBy, input.certificateNumber);
    if (problem && !input.formatOverride) {
      throw new DomainError(
        'CERTIFICATE_FORMAT',
        `${problem} (got "${input.certificateNumber}"). Check the number, or confirm it is as printed and say why in the notes.`,
        'certificateNumber',
      );
    }
    if (problem && !input.notes) {
      throw new DomainError(
        'CERTIFICATE_FORMAT',
        `Say in the notes why this number does not follow ${input.issuedBy}'s format; the entry keeps the reason with the override.`,
        'notes',
      );
    }
    const duplicates = duplicateCertificates(store, input.certificateNumber, stone.id);

    const id = store.newId();
    const verifiedAt = new Date(scope.now).toISOString();
    const status = STATUS_FOR_RESULT[input.verificationResult];
    // As the backend's afterSave: the stone follows its most recent verification, so an entry stamped
    // earlier than one already here (another workstation's clock ran ahead) does not move it back.
    const later = laterVerificationExists(store, stone.id, verifiedAt);
    const stoneUpdated = !later;
    if (stoneUpdated && (stone.certificateNumber !== input.certificateNumber || stone.certificateStatus !== status)) {
      setStoneCertificate.run(store, input.certificateNumber, status, scope.now, stone.id);
      // Deliberately NOT queued for replication: practitioners may not update Gemstone on the server. The
      // server derives the same two fields from the CertificateLog (Cloud Code's afterSave) and the next
      // pull brings them back here unchanged. Marking the stone touched refreshes every screen now.
      scope.touched('Gemstone');
    }
    // Stored only once every rule has passed (content-addressed, so a retry does not duplicate it).
    const file = document ? storeDocument(store, document.bytes, document.fileName, document.contentType) : null;
    insertVerification.run(store, {
      id,
      now: scope.now,
      gemstone: stone.id,
      certificateNumber: input.certificateNumber,
      issuedBy: input.issuedBy,
      verifiedBy: user.id,
      verifiedAt,
      verificationResult: input.verificationResult,
      notes: input.notes,
      corrects: input.corrects ?? null,
      // Noted on the entry only when it really is an override (the number breaks its lab's format).
      formatOverride: problem ? 1 : null,
      document: file ? JSON.stringify(file) : null,
    });
    scope.enqueue('CertificateLog', id, 'create');
    return { id, stoneId: stone.id, stoneUpdated, duplicates };
  });
  return {
    entry: getEntry(store, result.id),
    stone: findStone(store, result.stoneId)!,
    stoneUpdated: result.stoneUpdated,
    duplicates: result.duplicates,
  };
}

/**
 * An edit of an entry: only its notes may change (as on the backend). Anything that describes the
 * verification is refused by name — the log is append-only; a correction is a new entry.
 */
export function updateEntry(store: Store, id: string, changes: Record<string, unknown>): CertificateEntry {
  const refused = Object.keys(changes).filter((f) => f !== 'notes');
  if (refused.length > 0) {
    const words = refused.map((f) => FIELD_WORDS[f] ?? f).join(', ');
    throw new DomainError(
      'APPEND_ONLY',
      `Certificate log entries are the audit trail of verification: ${words} cannot be changed. Record a new entry that corrects this one instead.`,
    );
  }
  if (!('notes' in changes)) return getEntry(store, id);
  const notes = (changes.notes as string | null | undefined) || null;
  store.write((scope) => {
    const entry = entryNotes.get(store, id);
    if (!entry) throw new DomainError('NOT_FOUND', 'That certificate log entry does not exist.');
    refuseStatusChangeEdit(entry.verificationResult);
    if (entry.formatOverride === 1 && !notes) {
      throw new DomainError(
        'CERTIFICATE_FORMAT',
        'This entry records a format override; its notes must keep saying why.',
        'notes',
      );
    }
    if (entry.notes === notes) return;
    setEntryNotes.run(store, notes, scope.now, id);
    scope.enqueue('CertificateLog', id, 'update', ['notes']);
  });
  return getEntry(store, id);
}

/** A status change entry stays as it was recorded (the server wrote its copy; see status-changes.ts). */
function refuseStatusChangeEdit(result: string) {
  if (result === STATUS_CHANGE) {
    throw new DomainError(
      'APPEND_ONLY',
      'This entry records a change of the certificate status and stays as it was recorded.',
    );
  }
}

/** Entries are never deleted, by anyone, through any procedure. */
export function refuseDelete(store: Store, id: string): never {
  if (!entryExists(store, id)) {
    throw new DomainError('NOT_FOUND', 'That certificate log entry does not exist.');
  }
  throw new DomainError(
    'APPEND_ONLY',
    'Certificate log entries are the audit trail of verification and are never deleted. Record a new entry that corrects this one instead.',
  );
}

/** Attaches the scanned report to an entry that has none yet (the report is not a verification field). */
export function attachDocument(store: Store, raw: unknown): CertificateEntry {
  const input = attachDocumentInput.parse(raw);
  const document = checkDocument(input);
  store.write((scope) => {
    const entry = entryDocument.get(store, input.id);
    if (!entry) throw new DomainError('NOT_FOUND', 'That certificate log entry does not exist.');
    refuseStatusChangeEdit(entry.verificationResult);
    if (entry.document) {
      throw new DomainError(
        'DOCUMENT_ALREADY_ATTACHED',
        'This entry already has its scanned report; a different report belongs to a new entry that corrects this one.',
        'document',
      );
    }
    const file = storeDocument(store, document.bytes, document.fileName, document.contentType);
    setEntryDocument.run(store, JSON.stringify(file), scope.now, input.id);
    scope.enqueue('CertificateLog', input.id, 'update', ['document']);
  });
  return getEntry(store, input.id);
}

/** The report's bytes (downloaded from the backend the first time if only the server has them). */
export async function openDocument(store: Store, sync: SyncService, id: string) {
  const row = entryDocument.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That certificate log entry does not exist.');
  if (!row.document) throw new DomainError('NOT_FOUND', 'No scanned report is attached to this entry.');
  const file = JSON.parse(row.document) as LocalFile;
  const bytes = await sync.fetchDocument('CertificateLog', id, 'document');
  if (!bytes) {
    throw new DomainError(
      'BACKEND_UNREACHABLE',
      `${file.fileName} is kept on the backend and this workstation cannot reach it right now; try again when it is back online.`,
    );
  }
  // The bytes say what the report is (a File pulled from the server carries no type of its own); anything
  // else a mobile client may have attached is offered as a download only.
  const contentType = sniffDocumentType(bytes) ?? 'application/octet-stream';
  return { fileName: file.fileName, contentType, size: bytes.length, base64: bytes.toString('base64') };
}
