"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { DAYS, input, primaryButton, quietButton, Section, splitList, useSaved, type Settings } from "./shared";

type Calendar = Settings["calendars"][number];
type Day = { open: boolean; from: string; to: string };

const blank = (): Day[] => DAYS.map((_, i) => ({ open: i < 5, from: "09:00", to: "17:00" }));

function daysOf(calendar: Calendar | null): Day[] {
  if (!calendar) return blank();
  return DAYS.map((_, i) => {
    const hours = calendar.weekly.find((h) => h.day === i + 1);
    return hours ? { open: true, from: hours.open, to: hours.close } : { open: false, from: "09:00", to: "17:00" };
  });
}

function CalendarForm({ calendar, onDone }: { calendar: Calendar | null; onDone: () => void }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const save = useMutation(trpc.routing.saveCalendar.mutationOptions(callbacks("Calendar saved")));
  const [name, setName] = useState(calendar?.name ?? "");
  const [timeZone, setTimeZone] = useState(
    calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC",
  );
  const [days, setDays] = useState(daysOf(calendar));
  const [holidays, setHolidays] = useState(calendar?.holidays.join(", ") ?? "");
  const setDay = (index: number, change: Partial<Day>) =>
    setDays((all) => all.map((day, i) => (i === index ? { ...day, ...change } : day)));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          {
            calendarId: calendar?.id,
            name,
            timeZone,
            weekly: days.flatMap((day, i) => (day.open ? [{ day: i + 1, open: day.from, close: day.to }] : [])),
            holidays: splitList(holidays),
          },
          { onSuccess: onDone },
        );
      }}
    >
      {banner}
      <div className="flex flex-wrap gap-2">
        <input
          aria-label="Calendar name"
          className={input}
          placeholder="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          aria-label="Time zone"
          className={input}
          placeholder="Europe/Lisbon"
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
        />
      </div>
      <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
        {days.map((day, i) => (
          <label key={DAYS[i]} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={day.open} onChange={(e) => setDay(i, { open: e.target.checked })} />
            <span className="w-8">{DAYS[i]}</span>
            <input
              aria-label={`${DAYS[i]} opens`}
              className={input}
              type="time"
              value={day.from}
              disabled={!day.open}
              onChange={(e) => setDay(i, { from: e.target.value })}
            />
            <input
              aria-label={`${DAYS[i]} closes`}
              className={input}
              type="time"
              value={day.to}
              disabled={!day.open}
              onChange={(e) => setDay(i, { to: e.target.value })}
            />
          </label>
        ))}
      </div>
      <input
        aria-label="Holidays"
        className={`${input} w-full`}
        placeholder="Holidays: 2026-12-25, 2027-01-01"
        value={holidays}
        onChange={(e) => setHolidays(e.target.value)}
      />
      <button type="submit" className={primaryButton} disabled={save.isPending}>
        Save calendar
      </button>
    </form>
  );
}

export function CalendarsSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const [editing, setEditing] = useState<string | "new" | null>(null);
  return (
    <Section
      title="Business hours"
      hint="SLA clocks only run while a team's calendar is open; holidays are closed all day."
    >
      <ul className="divide-y divide-slate-100">
        {settings.calendars.map((calendar) => (
          <li key={calendar.id} className="py-2">
            {editing === calendar.id ? (
              <CalendarForm calendar={calendar} onDone={() => setEditing(null)} />
            ) : (
              <div className="flex items-center gap-3 text-sm">
                <span className="font-medium text-slate-900">{calendar.name}</span>
                <span className="text-slate-500">
                  {calendar.timeZone} ·{" "}
                  {calendar.weekly.map((h) => `${DAYS[h.day - 1]} ${h.open}–${h.close}`).join(", ") || "closed"}
                  {calendar.holidays.length ? ` · ${calendar.holidays.length} holidays` : ""}
                </span>
                {canEdit && (
                  <button type="button" className={`${quietButton} ml-auto`} onClick={() => setEditing(calendar.id)}>
                    Edit
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit &&
        (editing === "new" ? (
          <div className="mt-3 border-t border-slate-100 pt-3">
            <CalendarForm calendar={null} onDone={() => setEditing(null)} />
          </div>
        ) : (
          <button type="button" className={`${quietButton} mt-2`} onClick={() => setEditing("new")}>
            New calendar
          </button>
        ))}
    </Section>
  );
}
