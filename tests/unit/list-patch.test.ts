import { describe, expect, it } from "vitest";
import { markReadInList, patchList, triageOrder, type ListData } from "@/components/inbox/list-patch";
import type { ConversationListSummary, ConversationView } from "@/server/services/conversation/views";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString();

function row(id: string, overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id,
    status: "open",
    priority: "normal",
    assigneeId: null,
    teamId: null,
    lastSeq: 1,
    unreadCount: 1,
    lastMessagePreview: `first of ${id}`,
    lastMessageDirection: "inbound",
    lastActivityAt: at(0),
    createdAt: at(0),
    slaDueAt: null,
    slaBreachedAt: null,
    labels: [],
    inbox: { id: "inb_1", name: "Website", channelType: "web_widget" },
    contact: { id: `ct_${id}`, name: id, email: null },
    ...overrides,
  };
}

const summaryOf = (item: ConversationView, overrides: Partial<ConversationListSummary>): ConversationListSummary => ({
  id: item.id,
  status: item.status,
  lastSeq: item.lastSeq,
  unreadCount: item.unreadCount,
  lastMessagePreview: item.lastMessagePreview,
  lastMessageDirection: item.lastMessageDirection,
  lastActivityAt: item.lastActivityAt,
  slaDueAt: item.slaDueAt,
  slaBreachedAt: item.slaBreachedAt,
  ...overrides,
});

const list = (...pages: ConversationView[][]): ListData => ({
  pages: pages.map((items, index) => ({ items, nextCursor: index < pages.length - 1 ? `c${index}` : null })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `c${index - 1}`)),
});
const ids = (data: ListData | null) => data?.pages.map((page) => page.items.map((item) => item.id));

describe("updating the inbox list in place", () => {
  const urgent = row("a", { priority: "urgent", lastActivityAt: at(1) });
  const older = row("b", { lastActivityAt: at(2) });
  const newer = row("c", { lastActivityAt: at(3) });
  const sorted = [urgent, newer, older].sort(triageOrder);

  it("orders as the server does: priority, SLA due first, then most recent", () => {
    expect(sorted.map((item) => item.id)).toEqual(["a", "c", "b"]);
    const due = row("d", { slaDueAt: at(30) });
    expect([newer, due].sort(triageOrder).map((item) => item.id)).toEqual(["d", "c"]);
  });

  it("takes a new message's preview and unread count and moves the conversation up", () => {
    const patched = patchList(
      list(sorted),
      summaryOf(older, { lastSeq: 2, unreadCount: 2, lastMessagePreview: "any news?", lastActivityAt: at(9) }),
      "open",
    );
    expect(ids(patched)).toEqual([["a", "b", "c"]]);
    expect(patched!.pages[0]!.items[1]).toMatchObject({ lastMessagePreview: "any news?", unreadCount: 2 });
    // Contact and inbox stay as loaded.
    expect(patched!.pages[0]!.items[1]!.contact).toEqual(older.contact);
  });

  it("ignores a summary older than what is shown (events can arrive out of order)", () => {
    const shown = list([row("a", { lastSeq: 5, lastMessagePreview: "latest" })]);
    expect(
      patchList(shown, summaryOf(shown.pages[0]!.items[0]!, { lastSeq: 4, lastMessagePreview: "old" }), "all"),
    ).toBe(shown);
  });

  it("asks for the server when the conversation is not listed, left the filter, or moves across pages", () => {
    expect(patchList(list(sorted), summaryOf(row("z"), {}), "open")).toBeNull();
    expect(patchList(list(sorted), summaryOf(older, { lastSeq: 2, status: "resolved" }), "open")).toBeNull();
    const twoPages = list([urgent, newer], [older]);
    expect(patchList(twoPages, summaryOf(older, { lastSeq: 2, lastActivityAt: at(9) }), "all")).toBeNull();
    // Within its place on a page it stays in place.
    expect(ids(patchList(twoPages, summaryOf(older, { lastSeq: 2, lastActivityAt: at(2) }), "all"))).toEqual([
      ["a", "c"],
      ["b"],
    ]);
  });

  it("clears the unread badge when an agent reads the conversation", () => {
    const read = markReadInList(list(sorted), "b");
    expect(read!.pages[0]!.items.find((item) => item.id === "b")!.unreadCount).toBe(0);
    expect(markReadInList(list(sorted), "z")).toBeNull();
  });
});
