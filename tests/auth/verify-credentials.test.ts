import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { memberships, users, workspaces } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { openTestDatabase } from "../support/database";
import { createWorkspace, type TestWorkspace } from "../support/factories";

let handle: DatabaseHandle;
let ws: TestWorkspace;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
});
afterAll(() => handle.close());

describe("verifyCredentials", () => {
  it("returns the agent with their workspace and role for the right password", async () => {
    expect(await verifyCredentials(handle.db, ws.agent.email, ws.password)).toEqual({
      userId: ws.agent.userId,
      email: ws.agent.email,
      name: ws.agent.name,
      workspaceId: ws.workspaceId,
      role: "agent",
    });
    expect(await verifyCredentials(handle.db, ws.admin.email, ws.password)).toMatchObject({
      userId: ws.admin.userId,
      workspaceId: ws.workspaceId,
      role: "admin",
    });
  });

  it("returns null for a wrong password", async () => {
    for (const password of ["wrong", "", `${ws.password} `, ws.password.toUpperCase(), ws.password.slice(0, -1)]) {
      expect(await verifyCredentials(handle.db, ws.agent.email, password), JSON.stringify(password)).toBeNull();
    }
  });

  it("returns null for an unknown email", async () => {
    expect(await verifyCredentials(handle.db, "nobody@example.test", ws.password)).toBeNull();
    expect(await verifyCredentials(handle.db, "", ws.password)).toBeNull();
    expect(await verifyCredentials(handle.db, `${ws.agent.email}' OR '1'='1`, ws.password)).toBeNull();
  });

  it("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const shouted = `  ${ws.agent.email.toUpperCase()} `;
    expect(await verifyCredentials(handle.db, shouted, ws.password)).toMatchObject({
      userId: ws.agent.userId,
      email: ws.agent.email,
      workspaceId: ws.workspaceId,
    });
  });

  it("returns null for a user with no workspace", async () => {
    const email = `orphan-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await handle.db
      .insert(users)
      .values({ email, name: "Orphan", passwordHash: await hashPassword("orphan-password") });
    expect(await verifyCredentials(handle.db, email, "orphan-password")).toBeNull();
  });

  it("signs a member of several workspaces in to the one they joined first", async () => {
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const [second] = await handle.db
      .insert(workspaces)
      .values({ name: "Second", slug: `second-${suffix}` })
      .returning();
    await handle.db.insert(memberships).values({
      workspaceId: second!.id,
      userId: ws.agent.userId,
      role: "admin",
      createdAt: new Date(Date.now() + 60_000),
    });
    expect(await verifyCredentials(handle.db, ws.agent.email, ws.password)).toMatchObject({
      workspaceId: ws.workspaceId,
      role: "agent",
    });
  });
});
