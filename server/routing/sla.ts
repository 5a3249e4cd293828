import { addBusinessMinutes, businessMillisBetween, type BusinessCalendar } from "./business-hours";

/** Targets per priority, in business minutes; null = no target for that clock. */
export type SlaTargets = {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
};

export type SlaClockInput = {
  createdAt: Date;
  /** The first agent reply, if any. */
  firstResponseAt: Date | null;
  /** The customer's oldest message still waiting for an agent reply, if any. */
  awaitingReplySince: Date | null;
  resolvedAt: Date | null;
};

export type SlaDue = { firstResponseDue: Date | null; nextResponseDue: Date | null; resolutionDue: Date | null };

export type SlaState = "ok" | "warning" | "breached" | "met";

/** Due times counted in the calendar's business minutes. */
export function slaDueTimes(targets: SlaTargets, calendar: BusinessCalendar, clock: SlaClockInput): SlaDue {
  const due = (from: Date | null, minutes: number | null) =>
    from && minutes !== null ? addBusinessMinutes(calendar, from, minutes) : null;
  return {
    firstResponseDue: clock.firstResponseAt ? null : due(clock.createdAt, targets.firstResponseMinutes),
    nextResponseDue: clock.firstResponseAt ? due(clock.awaitingReplySince, targets.nextResponseMinutes) : null,
    resolutionDue: clock.resolvedAt ? null : due(clock.createdAt, targets.resolutionMinutes),
  };
}

/** The earliest pending due time: what the inbox sorts and counts down by. */
export function nextDue(due: SlaDue): Date | null {
  const times = [due.firstResponseDue, due.nextResponseDue, due.resolutionDue].filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** Where a clock stands at `now`: breached past due, warning within `warnBeforeMinutes`, else ok. */
export function slaState(due: Date | null, now: Date, warnBeforeMinutes: number): SlaState {
  if (!due) return "met";
  const left = due.getTime() - now.getTime();
  if (left < 0) return "breached";
  return left <= warnBeforeMinutes * 60_000 ? "warning" : "ok";
}

/** Whether a finished clock met its target, for reports: business time taken ≤ target. */
export function attained(calendar: BusinessCalendar, from: Date, to: Date, targetMinutes: number): boolean {
  return businessMillisBetween(calendar, from, to) <= targetMinutes * 60_000;
}
