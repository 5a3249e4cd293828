import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMillisBetween,
  isOpen,
  nextOpening,
  type BusinessCalendar,
} from "@/server/routing/business-hours";
import { attained, nextDue, slaDueTimes, slaState } from "@/server/routing/sla";

const weekdays = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: "09:00", close: "17:00" })),
  holidays,
});

describe("business calendar", () => {
  const lisbon = weekdays("Europe/Lisbon", ["2026-12-25"]);

  it("is open on weekdays in the calendar's zone, closed at night, on weekends and holidays", () => {
    expect(isOpen(lisbon, new Date("2026-11-24T10:00:00Z"))).toBe(true); // Tue 10:00 WET
    expect(isOpen(lisbon, new Date("2026-11-24T17:00:00Z"))).toBe(false); // closes at 17:00
    expect(isOpen(lisbon, new Date("2026-11-28T10:00:00Z"))).toBe(false); // Saturday
    expect(isOpen(lisbon, new Date("2026-12-25T10:00:00Z"))).toBe(false); // holiday (a Friday)
    const newYork = weekdays("America/New_York");
    expect(isOpen(newYork, new Date("2026-11-24T10:00:00Z"))).toBe(false); // 05:00 in New York
    expect(isOpen(newYork, new Date("2026-11-24T15:00:00Z"))).toBe(true);
  });

  it("finds the next opening across a weekend and a holiday", () => {
    // Thursday 24 Dec 2026 after hours → Friday is Christmas → Monday 28 Dec 09:00 WET.
    expect(nextOpening(lisbon, new Date("2026-12-24T18:00:00Z"))?.toISOString()).toBe("2026-12-28T09:00:00.000Z");
    const open = new Date("2026-11-24T10:00:00Z");
    expect(nextOpening(lisbon, open)?.toISOString()).toBe(open.toISOString());
  });

  it("counts business minutes over nights, and keeps 09:00 local across a DST change", () => {
    // Friday 27 Mar 2026 16:00 WET + 120 business minutes: 60 on Friday, then Monday 30 Mar opens
    // at 09:00 WEST (08:00 UTC) after the clocks went forward on Sunday → 09:00 UTC.
    const due = addBusinessMinutes(lisbon, new Date("2026-03-27T16:00:00Z"), 120);
    expect(due?.toISOString()).toBe("2026-03-30T09:00:00.000Z");
    // New York falls back on 1 Nov 2026: Friday 30 Oct closes at 17:00 EDT (21:00 UTC) and Monday
    // 2 Nov opens at 09:00 EST (14:00 UTC).
    const ny = weekdays("America/New_York");
    const monday = addBusinessMinutes(ny, new Date("2026-10-30T20:30:00Z"), 60);
    expect(monday?.toISOString()).toBe("2026-11-02T14:30:00.000Z");
  });

  it("handles an opening time the clocks skip", () => {
    const night: BusinessCalendar = {
      timeZone: "Europe/Lisbon",
      weekly: [{ day: 7, open: "01:30", close: "03:00" }],
      holidays: [],
    };
    // Sunday 29 Mar 2026: 01:00 WET jumps to 02:00 WEST, so 01:30 does not exist; it opens at
    // 02:30 WEST (01:30 UTC) and closes at 03:00 WEST (02:00 UTC).
    expect(nextOpening(night, new Date("2026-03-28T12:00:00Z"))?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    const open = businessMillisBetween(night, new Date("2026-03-29T00:00:00Z"), new Date("2026-03-29T03:00:00Z"));
    expect(open).toBe(30 * 60_000);
  });

  it("measures business time between two instants", () => {
    const from = new Date("2026-11-23T16:00:00Z"); // Monday 16:00
    const to = new Date("2026-11-24T10:00:00Z"); // Tuesday 10:00
    expect(businessMillisBetween(lisbon, from, to)).toBe(2 * 60 * 60_000);
    expect(businessMillisBetween(lisbon, to, from)).toBe(0);
  });

  it("returns null when a calendar never opens", () => {
    const closed: BusinessCalendar = { timeZone: "UTC", weekly: [], holidays: [] };
    expect(nextOpening(closed, new Date())).toBeNull();
    expect(addBusinessMinutes(closed, new Date(), 5)).toBeNull();
  });
});

describe("SLA clocks", () => {
  const calendar = weekdays("Europe/Lisbon");
  const targets = { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 8 * 60 };

  it("runs the first-response clock until the first reply, then the next-response clock", () => {
    const createdAt = new Date("2026-11-24T16:30:00Z");
    const waiting = slaDueTimes(targets, calendar, {
      createdAt,
      firstResponseAt: null,
      awaitingReplySince: createdAt,
      resolvedAt: null,
    });
    expect(waiting.firstResponseDue?.toISOString()).toBe("2026-11-25T09:30:00.000Z");
    expect(waiting.nextResponseDue).toBeNull();
    expect(nextDue(waiting)?.toISOString()).toBe("2026-11-25T09:30:00.000Z");

    const replied = slaDueTimes(targets, calendar, {
      createdAt,
      firstResponseAt: new Date("2026-11-24T16:40:00Z"),
      awaitingReplySince: new Date("2026-11-25T10:00:00Z"),
      resolvedAt: null,
    });
    expect(replied.firstResponseDue).toBeNull();
    expect(replied.nextResponseDue?.toISOString()).toBe("2026-11-25T10:30:00.000Z");
  });

  it("warns before a breach and reports the breach after", () => {
    const due = new Date("2026-11-24T12:00:00Z");
    expect(slaState(due, new Date("2026-11-24T11:00:00Z"), 15)).toBe("ok");
    expect(slaState(due, new Date("2026-11-24T11:50:00Z"), 15)).toBe("warning");
    expect(slaState(due, new Date("2026-11-24T12:00:01Z"), 15)).toBe("breached");
    expect(slaState(null, new Date(), 15)).toBe("met");
  });

  it("judges attainment in business time, not wall time", () => {
    // Asked Friday 16:30, answered Monday 09:20: 50 business minutes.
    expect(attained(calendar, new Date("2026-11-27T16:30:00Z"), new Date("2026-11-30T09:20:00Z"), 60)).toBe(true);
    expect(attained(calendar, new Date("2026-11-27T16:30:00Z"), new Date("2026-11-30T09:40:00Z"), 60)).toBe(false);
  });
});
