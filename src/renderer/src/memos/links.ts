// A memo opens through the hash, after the screen: #/memos/<id>. Any screen can link to one.

export const memoHref = (id: string) => `#/memos/${encodeURIComponent(id)}`;

export function openMemo(id: string) {
  window.location.hash = memoHref(id);
}

export function closeMemo() {
  window.location.hash = '#/memos';
}

/** A due-back day chosen in a date field (yyyy-mm-dd): the end of that day, local time, as an instant. */
export function dueBackFromDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 23, 59, 0, 0).toISOString();
}

/** The date field's value for an instant (local day). */
export function dayOf(iso: string | Date): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
