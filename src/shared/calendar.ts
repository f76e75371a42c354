import { addDays, differenceInDays, startOfDay, startOfMonth } from 'date-fns';

// Days are the user's calendar days, in the workstation's time zone (the core runs on the workstation,
// so it shares the screen's zone). Calendar arithmetic, never "+ 24 hours": on the days clocks change a
// day lasts 23 or 25 hours, and adding 24 hours to a midnight lands an hour off.

const iso = (d: Date) => d.toISOString();

/** The instant today began. */
export const todayStartOf = (now: Date = new Date()): string => iso(startOfDay(now));

/** The instant this month began. */
export const monthStartOf = (now: Date = new Date()): string => iso(startOfMonth(now));

/** The instant of the local midnight after the day that began at (or contains) `instant`. */
export const nextDayStart = (instant: string): string => iso(addDays(startOfDay(new Date(instant)), 1));

/** 'YYYY-MM-DD' (a date field) → the instant of that local midnight; '' → null; anything else passes on for the core to refuse. */
export function fromDateInput(value: string): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  return iso(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** A date filter's last day, included: up to the local midnight that ends it (undefined when not set). */
export function throughDay(value: string): string | undefined {
  const day = fromDateInput(value);
  if (!day) return undefined;
  return Number.isNaN(Date.parse(day)) ? day : nextDayStart(day);
}

/** Follow-up buckets from the start of today: due today is before tomorrow, this week is the six days after. */
export function followUpWindow(todayStart: string): { todayStart: string; tomorrowStart: string; weekEnd: string } {
  const start = startOfDay(new Date(todayStart));
  return { todayStart: iso(start), tomorrowStart: iso(addDays(start, 1)), weekEnd: iso(addDays(start, 7)) };
}

/**
 * A snoozed due date: `days` calendar days after the later of the due date and the start of today, at
 * the same local time of day (an overdue follow-up counts from today; one still ahead keeps its time).
 */
export function snoozedDue(due: string | null, todayStart: string, days: number): string {
  const today = new Date(todayStart);
  const dueAt = due ? new Date(due) : today;
  return iso(addDays(dueAt > today ? dueAt : today, days));
}

/** Whole days from `instant` to now (0 on the same day), counted in local days. */
export function daysSince(instant: string | null | undefined, now: Date = new Date()): number {
  if (!instant) return 0;
  return Math.max(0, differenceInDays(now, new Date(instant)));
}
