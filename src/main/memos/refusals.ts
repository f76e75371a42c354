import type { Store } from '../db/store';
import { closeMemo, lineForRefusal, linesStillOut, noteOfMemo, returnLine, setMemoNote } from './queries';

// When the backend refuses a memo line on sync (two workstations memoed the same stone while offline; the
// server keeps the first to arrive), the line made here ends at once as returned, so this workstation stops
// showing the stone as out with the wrong buyer. The line was never stored on the server, so nothing is
// sent for it. The stone is left where it is: it really is out on memo, with the memo that stands, which
// the next pull brings. Its memo closes when nothing else is out on it, and says why in its note; both are
// sent, since the memo itself reached the server. The refusal stays in the Sync screen's list, flagged for
// the person who made it.

export function handleRefusedMemoLine(
  store: Store,
  lineId: string,
  sent: Record<string, unknown>,
  message: string,
  now: number,
): void {
  const line = lineForRefusal.get(store, lineId);
  if (!line || line.status !== 'out' || line.objectId) return;
  if (sent.status !== undefined && sent.status !== 'out') return;
  store.write((scope) => {
    returnLine.run(store, { id: lineId, at: new Date(now).toISOString(), now });
    scope.touched('MemoLine');
    const note = [noteOfMemo.get(store, line.memo)?.note, `Refused on sync: ${message}`]
      .filter(Boolean)
      .join(' — ')
      .slice(0, 500);
    setMemoNote.run(store, note, now, line.memo);
    const fields = ['note'];
    if ((linesStillOut.get(store, line.memo)?.n ?? 0) === 0) {
      closeMemo.run(store, { id: line.memo, at: new Date(now).toISOString(), now });
      fields.push('status', 'closedAt');
    }
    scope.enqueue('Memo', line.memo, 'update', fields);
  });
}
