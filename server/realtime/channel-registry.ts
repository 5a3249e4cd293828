import type { ClientConnection } from "./connection";
import { PresenceRoster, type PresenceMember } from "./presence-roster";
import { isPresenceChannel } from "./protocol";

type ChannelState = {
  subscribers: Map<string, ClientConnection>;
  presence?: PresenceRoster;
};

/** Which of this node's sockets joined which channel. Empty channels are forgotten at once. */
export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();

  get channelCount(): number {
    return this.channels.size;
  }

  channelNames(): string[] {
    return [...this.channels.keys()];
  }

  isSubscribed(channelName: string, socketId: string): boolean {
    return this.channels.get(channelName)?.subscribers.has(socketId) ?? false;
  }

  subscribers(channelName: string): Iterable<ClientConnection> {
    return this.channels.get(channelName)?.subscribers.values() ?? [];
  }

  subscriptionCount(channelName: string): number {
    return this.channels.get(channelName)?.subscribers.size ?? 0;
  }

  presence(channelName: string): PresenceRoster | undefined {
    return this.channels.get(channelName)?.presence;
  }

  /** `member` is required for presence channels and ignored for the others. */
  subscribe(
    channelName: string,
    connection: ClientConnection,
    member?: PresenceMember,
  ): { isNewPresenceUser: boolean } {
    const channel = this.channelState(channelName);
    channel.subscribers.set(connection.socketId, connection);
    connection.channels.add(channelName);
    if (!channel.presence || !member) return { isNewPresenceUser: false };
    return {
      isNewPresenceUser: channel.presence.join(connection.socketId, member).isNewUser,
    };
  }

  /** Returns the presence member only when the user's last socket left the channel. */
  unsubscribe(channelName: string, connection: ClientConnection): { departedMember?: PresenceMember } {
    connection.channels.delete(channelName);
    const channel = this.channels.get(channelName);
    if (!channel) return {};
    channel.subscribers.delete(connection.socketId);
    const departure = channel.presence?.leave(connection.socketId) ?? {};
    if (channel.subscribers.size === 0) this.channels.delete(channelName);
    return departure;
  }

  private channelState(channelName: string): ChannelState {
    let channel = this.channels.get(channelName);
    if (!channel) {
      channel = { subscribers: new Map() };
      if (isPresenceChannel(channelName)) channel.presence = new PresenceRoster();
      this.channels.set(channelName, channel);
    }
    return channel;
  }
}
