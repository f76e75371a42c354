import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import type { Store } from '../db/store';
import { applyRemote } from './merge';
import type { FindOptions } from './parse-client';
import type { PullResult } from './pull';
import { closeDeadLetter, deadLetterIsOpen, openHeldBackEntries } from './queries';

const RETRY_HELD_BACK_AT_ONCE = 100;

/** Records held back (hold-back.ts) and still open, to ask the server for again. */
export interface HeldBack {
  entity: ReplicatedClass;
  letters: { id: number; recordId: string }[];
  /** Their objectIds: a class pull that meets one of them this cycle has the last word on it. */
  objectIds: Set<string>;
  /** Those the class pull met this cycle, and whether it took each in. */
  seen: Map<string, boolean>;
  query: FindOptions;
}

/**
 * The held-back records to try again this cycle, parents first (a custody event held back for want of its
 * stone comes in right after the stone), a few per class at a time to keep the request small.
 */
export function heldBackRecords(store: Store): HeldBack[] {
  const open = openHeldBackEntries.all(store) as { id: number; entity: ReplicatedClass; recordId: string }[];
  const byEntity = new Map<ReplicatedClass, typeof open>();
  for (const letter of open) {
    const letters = byEntity.get(letter.entity) ?? [];
    letters.push(letter);
    byEntity.set(letter.entity, letters);
  }
  return REPLICATED_CLASSES.filter((entity) => byEntity.has(entity)).map((entity) => {
    const letters = byEntity.get(entity)!.slice(0, RETRY_HELD_BACK_AT_ONCE);
    return {
      entity,
      letters,
      objectIds: new Set(letters.map((l) => l.recordId)),
      seen: new Map<string, boolean>(),
      query: { where: { objectId: { $in: letters.map((l) => l.recordId) } }, limit: letters.length },
    };
  });
}

/**
 * Applies held-back records as the server had them when the cycle began (asked for with the first pages,
 * see {@link heldBackRecords}), after the class pulls, so what they point to is here. A record that fits
 * now, or is gone from the server, closes its entry. One the class pull met this cycle is not applied from
 * the older answer: that pull's outcome stands (stored: the entry closes; held back again: it stays).
 */
export function applyHeldBack(
  store: Store,
  heldBack: HeldBack,
  found: Record<string, unknown>[],
  result: PullResult,
  hidden?: (entity: ReplicatedClass) => ReadonlySet<string>,
) {
  const { entity, seen } = heldBack;
  const byObjectId = new Map(found.map((json) => [String(json.objectId), json]));
  const now = store.clock();
  store.sqlite
    .transaction(() => {
      for (const letter of heldBack.letters) {
        if (!deadLetterIsOpen.get(store, letter.id)) continue; // dismissed meanwhile
        const takenIn = seen.get(letter.recordId);
        if (takenIn === false) continue;
        if (takenIn === undefined) {
          const json = byObjectId.get(letter.recordId);
          const applied = json
            ? applyRemote(store, entity, json, now, { force: true, mayBeAbsent: hidden?.(entity) })
            : null;
          if (applied?.heldBack) continue;
          if (applied?.changed) result.changedEntities.add(entity);
        }
        closeDeadLetter.run(store, now, letter.id);
        result.changedEntities.add('sync');
      }
    })
    .immediate();
}
