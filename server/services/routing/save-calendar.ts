import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { isUniqueViolation } from "@/db/transient-errors";
import { businessCalendars } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { OpeningHours } from "@/server/routing/business-hours";
import { recordAudit } from "../audit/record-audit";
import type { CalendarInput } from "./schemas";

/** Creates or updates a business-hours calendar (admins). */
export async function saveCalendar(
  db: Database,
  actor: AgentActor,
  input: CalendarInput,
): Promise<{ calendarId: string }> {
  const values = {
    name: input.name,
    timeZone: input.timeZone,
    weekly: input.weekly as OpeningHours[],
    holidays: [...new Set(input.holidays)].sort(),
  };
  try {
    return await runTransaction(db, async (tx) => {
      let calendarId: string;
      if (input.calendarId) {
        const [row] = await tx
          .update(businessCalendars)
          .set(values)
          .where(and(eq(businessCalendars.workspaceId, actor.workspaceId), eq(businessCalendars.id, input.calendarId)))
          .returning({ id: businessCalendars.id });
        if (!row) throw new NotFoundError("Calendar not found");
        calendarId = row.id;
      } else {
        const [row] = await tx
          .insert(businessCalendars)
          .values({ workspaceId: actor.workspaceId, ...values })
          .returning({ id: businessCalendars.id });
        calendarId = row!.id;
      }
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: input.calendarId ? "calendar.updated" : "calendar.created",
        targetType: "calendar",
        targetId: calendarId,
        details: { name: values.name, timeZone: values.timeZone, holidays: values.holidays.length },
      });
      return { calendarId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`A calendar named "${input.name}" already exists`);
    }
    throw error;
  }
}
