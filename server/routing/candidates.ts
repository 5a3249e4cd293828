/**
 * Choosing an agent for a conversation: pure, deterministic, and explained. Every agent of the
 * team is considered and gets a verdict, so the conversation can say why someone was or was not
 * chosen.
 */
export type AssignmentStrategy = "round_robin" | "least_busy" | "manual";

export type AgentCandidate = {
  userId: string;
  name: string;
  online: boolean;
  skills: string[];
  /** Open conversations assigned now (of this channel type when the capacity is per channel). */
  openCount: number;
  capacity: number;
  /** When the agent was last given a conversation by routing (round robin order). */
  lastAssignedAt: Date | null;
};

export type CandidateVerdict = {
  userId: string;
  name: string;
  eligible: boolean;
  reasons: string[];
};

export type AgentChoice = {
  chosen: AgentCandidate | null;
  verdicts: CandidateVerdict[];
  /** "Ana chosen: online, skill 'billing', 2/5 open" — or why nobody was. */
  summary: string;
};

function verdictOf(agent: AgentCandidate, requiredSkills: string[]): CandidateVerdict {
  const reasons: string[] = [];
  let eligible = true;
  if (agent.online) reasons.push("online");
  else {
    reasons.push("offline");
    eligible = false;
  }
  const have = new Set(agent.skills.map((skill) => skill.toLowerCase()));
  const missing = requiredSkills.filter((skill) => !have.has(skill.toLowerCase()));
  if (missing.length > 0) {
    reasons.push(`lacks ${missing.map((skill) => `'${skill}'`).join(", ")}`);
    eligible = false;
  } else if (requiredSkills.length > 0) {
    reasons.push(`skill ${requiredSkills.map((skill) => `'${skill}'`).join(", ")}`);
  }
  if (agent.openCount >= agent.capacity) {
    reasons.push(`full ${agent.openCount}/${agent.capacity}`);
    eligible = false;
  } else reasons.push(`${agent.openCount}/${agent.capacity} open`);
  return { userId: agent.userId, name: agent.name, eligible, reasons };
}

const byId = (a: AgentCandidate, b: AgentCandidate) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
const time = (date: Date | null) => date?.getTime() ?? -Infinity;

/** Orders eligible agents by the strategy; ties always break the same way (by id). */
function rank(strategy: AssignmentStrategy, eligible: AgentCandidate[]): AgentCandidate[] {
  const sorted = [...eligible];
  if (strategy === "least_busy") {
    sorted.sort(
      (a, b) =>
        a.openCount / a.capacity - b.openCount / b.capacity ||
        time(a.lastAssignedAt) - time(b.lastAssignedAt) ||
        byId(a, b),
    );
  } else {
    // Round robin: whoever was given a conversation longest ago goes next.
    sorted.sort((a, b) => time(a.lastAssignedAt) - time(b.lastAssignedAt) || byId(a, b));
  }
  return sorted;
}

export function chooseAgent(input: {
  strategy: AssignmentStrategy;
  candidates: AgentCandidate[];
  requiredSkills: string[];
}): AgentChoice {
  const verdicts = input.candidates.map((agent) => verdictOf(agent, input.requiredSkills));
  if (input.strategy === "manual") {
    return { chosen: null, verdicts, summary: "Waiting to be claimed (the team assigns manually)" };
  }
  const eligible = input.candidates.filter((_, index) => verdicts[index]?.eligible);
  const chosen = rank(input.strategy, eligible)[0] ?? null;
  if (!chosen) {
    const summary =
      input.candidates.length === 0
        ? "Waiting: the team has no members"
        : `Waiting: no agent is online with ${input.requiredSkills.length ? "the required skills and " : ""}free capacity`;
    return { chosen: null, verdicts, summary };
  }
  const verdict = verdicts.find((entry) => entry.userId === chosen.userId);
  return { chosen, verdicts, summary: `${chosen.name} chosen: ${verdict?.reasons.join(", ")}` };
}
