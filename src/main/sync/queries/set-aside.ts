import { query } from '../../db/query';
import type { Conflict, DeadLetter } from '../resolutions';

// What replication sets aside for staff to see: dead letters (a change the server refused, a pulled record
// held back: op 'pull') and conflicts (a field both sides changed).

export const insertDeadLetter = query<
  [
    entity: string,
    recordId: string,
    op: string,
    fields: string | null,
    values: string,
    code: number | null,
    message: string,
    userId: string | null,
    createdAt: number,
  ]
>(
  `INSERT INTO sync_dead_letters (entity, recordId, op, fields, "values", code, message, userId, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

/** The open entry of a pulled record held back (by its objectId), if it is held back. */
export const heldBackEntryOf = query<[entity: string, objectId: string], { id: number }>(
  "SELECT id FROM sync_dead_letters WHERE entity = ? AND recordId = ? AND op = 'pull' AND resolvedAt IS NULL",
);
/** Every pulled record held back and still open, oldest first. */
export const openHeldBackEntries = query<[], { id: number; entity: string; recordId: string }>(
  "SELECT id, entity, recordId FROM sync_dead_letters WHERE op = 'pull' AND resolvedAt IS NULL ORDER BY id",
);
/** Why a record is still held back as of now, and what it holds (JSON text). */
export const updateHeldBack = query<[message: string, fields: string, values: string, id: number]>(
  'UPDATE sync_dead_letters SET message = ?, fields = ?, "values" = ? WHERE id = ?',
);
export const deadLetterIsOpen = query<[id: number], { 1: 1 }>(
  'SELECT 1 FROM sync_dead_letters WHERE id = ? AND resolvedAt IS NULL',
);
export const closeDeadLetter = query<[resolvedAt: number, id: number]>(
  'UPDATE sync_dead_letters SET resolvedAt = ? WHERE id = ?',
);
/** Closes a dead letter unless it already is (dismissed twice, or taken in meanwhile). */
export const closeOpenDeadLetter = query<[resolvedAt: number, id: number]>(
  'UPDATE sync_dead_letters SET resolvedAt = ? WHERE id = ? AND resolvedAt IS NULL',
);
export const openDeadLetterCount = query<[], { n: number }>(
  'SELECT count(*) AS n FROM sync_dead_letters WHERE resolvedAt IS NULL',
);

export type DeadLetterRow = Omit<DeadLetter, 'fields' | 'values'> & { fields: string | null; values: string };
const OPEN_DEAD_LETTERS = (where: string) =>
  `SELECT d.*, u.fullName AS userName FROM sync_dead_letters d LEFT JOIN users u ON u.id = d.userId
       WHERE d.resolvedAt IS NULL ${where} ORDER BY d.createdAt DESC LIMIT 500`;
/** The open dead letters, newest first, with their authors' names. */
export const openDeadLetters = query<[], DeadLetterRow>(OPEN_DEAD_LETTERS(''));
/** The open dead letters of one person, newest first. */
export const openDeadLettersOf = query<[userId: string], DeadLetterRow>(OPEN_DEAD_LETTERS('AND d.userId = ?'));

export const insertConflict = query<
  [
    entity: string,
    recordId: string,
    field: string,
    winner: 'local' | 'remote',
    localValue: string,
    remoteValue: string,
    localBy: string | null,
    localAt: number,
    remoteBy: string | null,
    remoteAt: string | null,
    detectedAt: number,
  ]
>(
  `INSERT INTO sync_conflicts (entity, recordId, field, winner, localValue, remoteValue, localBy, localAt, remoteBy, remoteAt, detectedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

export type ConflictRow = Omit<Conflict, 'localValue' | 'remoteValue'> & { localValue: string; remoteValue: string };
/** The open conflicts, newest first, with the local editor's name. */
export const openConflictRows = query<[], ConflictRow>(
  `SELECT c.*, u.fullName AS localByName FROM sync_conflicts c LEFT JOIN users u ON u.id = c.localBy
       WHERE c.resolvedAt IS NULL ORDER BY c.detectedAt DESC LIMIT 500`,
);
export const resolveConflict = query<[resolvedAt: number, resolvedBy: string, id: number]>(
  'UPDATE sync_conflicts SET resolvedAt = ?, resolvedBy = ? WHERE id = ?',
);
/** Resolves a conflict unless it already is. */
export const resolveOpenConflict = query<[resolvedAt: number, resolvedBy: string, id: number]>(
  'UPDATE sync_conflicts SET resolvedAt = ?, resolvedBy = ? WHERE id = ? AND resolvedAt IS NULL',
);
export const openConflictCount = query<[], { n: number }>(
  'SELECT count(*) AS n FROM sync_conflicts WHERE resolvedAt IS NULL',
);
