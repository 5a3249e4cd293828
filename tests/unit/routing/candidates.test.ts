import { describe, expect, it } from "vitest";
import { chooseAgent, type AgentCandidate } from "@/server/routing/candidates";
import { compareQueued, type QueuedConversation } from "@/server/routing/queue-order";

const agent = (over: Partial<AgentCandidate> & Pick<AgentCandidate, "userId" | "name">): AgentCandidate => ({
  online: true,
  skills: [],
  openCount: 0,
  capacity: 5,
  lastAssignedAt: null,
  ...over,
});

describe("chooseAgent", () => {
  const ana = agent({
    userId: "usr_a",
    name: "Ana",
    skills: ["billing"],
    openCount: 2,
    lastAssignedAt: new Date(2_000),
  });
  const ben = agent({
    userId: "usr_b",
    name: "Ben",
    skills: ["billing", "es"],
    openCount: 4,
    lastAssignedAt: new Date(1_000),
  });
  const cy = agent({ userId: "usr_c", name: "Cy", online: false, skills: ["billing"] });
  const dee = agent({ userId: "usr_d", name: "Dee", skills: [], openCount: 0 });
  const eve = agent({ userId: "usr_e", name: "Eve", skills: ["billing"], openCount: 5 });

  it("least busy picks the lowest load among online agents with the skills and room, and explains itself", () => {
    const choice = chooseAgent({
      strategy: "least_busy",
      candidates: [ana, ben, cy, dee, eve],
      requiredSkills: ["billing"],
    });
    expect(choice.chosen?.userId).toBe("usr_a");
    expect(choice.summary).toBe("Ana chosen: online, skill 'billing', 2/5 open");
    const reasons = Object.fromEntries(choice.verdicts.map((v) => [v.name, v]));
    expect(reasons.Cy).toMatchObject({ eligible: false, reasons: expect.arrayContaining(["offline"]) });
    expect(reasons.Dee).toMatchObject({ eligible: false, reasons: expect.arrayContaining(["lacks 'billing'"]) });
    expect(reasons.Eve).toMatchObject({ eligible: false, reasons: expect.arrayContaining(["full 5/5"]) });
  });

  it("round robin picks whoever was given a conversation longest ago, never-assigned first", () => {
    expect(chooseAgent({ strategy: "round_robin", candidates: [ana, ben], requiredSkills: [] }).chosen?.name).toBe(
      "Ben",
    );
    expect(chooseAgent({ strategy: "round_robin", candidates: [ana, ben, dee], requiredSkills: [] }).chosen?.name).toBe(
      "Dee",
    );
  });

  it("is deterministic whatever the input order", () => {
    const twins = [agent({ userId: "usr_2", name: "Two" }), agent({ userId: "usr_1", name: "One" })];
    for (const strategy of ["round_robin", "least_busy"] as const) {
      expect(chooseAgent({ strategy, candidates: twins, requiredSkills: [] }).chosen?.userId).toBe("usr_1");
      expect(chooseAgent({ strategy, candidates: [...twins].reverse(), requiredSkills: [] }).chosen?.userId).toBe(
        "usr_1",
      );
    }
  });

  it("leaves the conversation waiting when nobody fits, or when the team claims by hand", () => {
    expect(chooseAgent({ strategy: "least_busy", candidates: [cy, eve], requiredSkills: ["billing"] })).toMatchObject({
      chosen: null,
      summary: "Waiting: no agent is online with the required skills and free capacity",
    });
    expect(chooseAgent({ strategy: "manual", candidates: [ana], requiredSkills: [] }).chosen).toBeNull();
    expect(chooseAgent({ strategy: "least_busy", candidates: [], requiredSkills: [] }).summary).toMatch(/no members/);
  });
});

describe("queue order", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
  const c = (
    id: string,
    priority: QueuedConversation["priority"],
    due: number | null,
    since: number,
  ): QueuedConversation => ({
    id,
    priority,
    slaDueAt: due === null ? null : at(due),
    waitingSince: at(since),
  });

  it("serves priority first, then the SLA due soonest, then the longest wait", () => {
    const queue = [
      c("normal-late", "normal", 50, 0),
      c("urgent", "urgent", null, 30),
      c("normal-soon", "normal", 20, 10),
      c("normal-no-sla-old", "normal", null, 1),
      c("normal-no-sla-new", "normal", null, 5),
      c("low", "low", 1, 0),
    ];
    expect([...queue].sort(compareQueued).map((entry) => entry.id)).toEqual([
      "urgent",
      "normal-soon",
      "normal-late",
      "normal-no-sla-old",
      "normal-no-sla-new",
      "low",
    ]);
  });
});
