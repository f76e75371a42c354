import { useEffect, useState } from 'react';
import { monthStartOf, todayStartOf } from '../../../shared/calendar';

// Days are the user's days: the screen sends the instant its local day began, and date fields hold a
// local calendar date (stored as that day's local midnight). Arithmetic and words: src/shared.
export { daysSince } from '../../../shared/calendar';
export { formatDateTime, formatDay as formatDate } from '../../../shared/format';

export const startOfToday = (now = new Date()): string => todayStartOf(now);
export const startOfMonth = (now = new Date()): string => monthStartOf(now);

/** The instant today began, refreshed at midnight so "due today" moves on with the clock. */
export function useToday(): { todayStart: string; monthStart: string } {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    const timer = setTimeout(() => setNow(new Date()), Math.max(0, tomorrow.getTime() - Date.now()) + 1000);
    return () => clearTimeout(timer);
  }, [now]);
  return { todayStart: startOfToday(now), monthStart: startOfMonth(now) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → 'YYYY-MM-DD' in local time, for <input type="date">. */
export function toDateInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export { fromDateInput, throughDay } from '../../../shared/calendar';

export function todayInput(): string {
  return toDateInput(new Date().toISOString());
}
