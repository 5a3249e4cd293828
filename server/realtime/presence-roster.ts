export type PresenceMember = { userId: string; userInfo: unknown };

/** What pusher-js reads from `subscription_succeeded` on a presence channel. */
export type PresenceSnapshot = {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
};

/**
 * Members of one presence channel on this node. A user counts once however many sockets they
 * have open, so joins and departures are announced only for the first and the last socket.
 */
export class PresenceRoster {
  private readonly memberBySocket = new Map<string, PresenceMember>();
  private readonly socketsByUser = new Map<string, Set<string>>();
  private readonly firstMemberByUser = new Map<string, PresenceMember>();

  join(socketId: string, member: PresenceMember): { isNewUser: boolean } {
    this.memberBySocket.set(socketId, member);
    const sockets = this.socketsByUser.get(member.userId);
    if (sockets) {
      sockets.add(socketId);
      return { isNewUser: false };
    }
    this.socketsByUser.set(member.userId, new Set([socketId]));
    this.firstMemberByUser.set(member.userId, member);
    return { isNewUser: true };
  }

  /** Returns the member only when this was the user's last socket on the channel. */
  leave(socketId: string): { departedMember?: PresenceMember } {
    const member = this.memberBySocket.get(socketId);
    if (!member) return {};
    this.memberBySocket.delete(socketId);
    const sockets = this.socketsByUser.get(member.userId);
    sockets?.delete(socketId);
    if (sockets && sockets.size > 0) return {};
    this.socketsByUser.delete(member.userId);
    this.firstMemberByUser.delete(member.userId);
    return { departedMember: member };
  }

  memberOf(socketId: string): PresenceMember | undefined {
    return this.memberBySocket.get(socketId);
  }

  get userCount(): number {
    return this.socketsByUser.size;
  }

  get isEmpty(): boolean {
    return this.memberBySocket.size === 0;
  }

  /** Members with the user info from each user's first socket, which is what others were told. */
  members(): PresenceMember[] {
    return [...this.firstMemberByUser.values()];
  }

  snapshot(): PresenceSnapshot {
    const members = this.members();
    const hash: Record<string, unknown> = {};
    // null rather than undefined, or JSON.stringify would drop the member from the hash.
    for (const member of members) hash[member.userId] = member.userInfo ?? null;
    return {
      ids: members.map((member) => member.userId),
      hash,
      count: members.length,
    };
  }
}
