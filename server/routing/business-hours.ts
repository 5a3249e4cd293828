import { DateTime, IANAZone } from "luxon";

/** Opening hours of one weekday, as wall-clock times in the calendar's zone ("09:00"–"17:30"). */
export type OpeningHours = { day: 1 | 2 | 3 | 4 | 5 | 6 | 7; open: string; close: string };

/**
 * When a team works. `weekly` lists opening hours per ISO weekday (1 = Monday); `holidays` are
 * local dates ("2026-12-25") on which it is closed all day. Times are wall-clock in `timeZone`,
 * so a DST change moves the instants, not the hours.
 */
export type BusinessCalendar = { timeZone: string; weekly: OpeningHours[]; holidays: string[] };

/** Open around the clock, every day: the calendar of a team that has none. */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: "UTC",
  weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day: day as OpeningHours["day"], open: "00:00", close: "24:00" })),
  holidays: [],
};

const MAX_DAYS_AHEAD = 400;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** An instant from a local date and a wall-clock time ("24:00" is the next day's midnight). */
function wallClock(day: DateTime, clock: string, zone: string): DateTime {
  const [hours = 0, minutes = 0] = clock.split(":").map(Number);
  const date = { year: day.year, month: day.month, day: day.day };
  if (hours === 24) return DateTime.fromObject(date, { zone }).plus({ days: 1 }).startOf("day");
  // A time the clocks skip (01:30 on a night they jump from 01:00 to 02:00) moves forward by the jump.
  return DateTime.fromObject({ ...date, hour: hours, minute: minutes }, { zone });
}

/** The open intervals of one local day, as instants (none on holidays and closed days). */
function intervalsOn(calendar: BusinessCalendar, day: DateTime): { start: DateTime; end: DateTime }[] {
  const date = day.toISODate();
  if (!date || calendar.holidays.includes(date)) return [];
  return calendar.weekly
    .filter((hours) => hours.day === day.weekday)
    .map((hours) => ({
      start: wallClock(day, hours.open, calendar.timeZone),
      end: wallClock(day, hours.close, calendar.timeZone),
    }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

/** Whether the calendar is open at an instant. */
export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  return intervalsOn(calendar, local).some(({ start, end }) => local >= start && local < end);
}

/** The next instant the calendar opens at or after `at` (itself when open), or null if never within a year. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date | null {
  let day = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  const from = day;
  for (let i = 0; i < MAX_DAYS_AHEAD; i++) {
    for (const { start, end } of intervalsOn(calendar, day)) {
      if (end <= from) continue;
      return (start > from ? start : from).toJSDate();
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  return null;
}

/**
 * The instant `minutes` business minutes after `start`: the clock runs only while the calendar is
 * open. Null if the calendar never opens within a year.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date | null {
  let remaining = minutes * 60_000;
  let day = DateTime.fromJSDate(start, { zone: calendar.timeZone });
  const from = day;
  for (let i = 0; i < MAX_DAYS_AHEAD; i++) {
    for (const interval of intervalsOn(calendar, day)) {
      if (interval.end <= from) continue;
      const begin = interval.start > from ? interval.start : from;
      const available = interval.end.toMillis() - begin.toMillis();
      if (remaining <= available) return new Date(begin.toMillis() + remaining);
      remaining -= available;
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  return null;
}

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMillisBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  const start = DateTime.fromJSDate(from, { zone: calendar.timeZone });
  const end = DateTime.fromJSDate(to, { zone: calendar.timeZone });
  let day = start;
  for (let i = 0; i < MAX_DAYS_AHEAD && day.startOf("day") <= end; i++) {
    for (const interval of intervalsOn(calendar, day)) {
      const begin = Math.max(interval.start.toMillis(), start.toMillis());
      const finish = Math.min(interval.end.toMillis(), end.toMillis());
      if (finish > begin) total += finish - begin;
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  return total;
}
