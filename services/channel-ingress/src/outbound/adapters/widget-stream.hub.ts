import { Injectable } from '@nestjs/common';

export interface WidgetEvent {
  id: string;
  text: string;
  quickReplies: { label: string; payload: string }[];
  attachments?: { kind: string; url: string; mimeType: string; fileName: string }[];
  createdAt: string;
  /** 'message' (default, persisted, has an id) or 'typing' (transient). */
  type?: 'message' | 'typing';
}

type Listener = (event: WidgetEvent) => void;

/** Open server-sent-event streams of this replica, by channel and visitor. */
@Injectable()
export class WidgetStreamHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  private key(channelId: string, visitorId: string) {
    return `${channelId}\u0000${visitorId}`;
  }

  subscribe(channelId: string, visitorId: string, listener: Listener): () => void {
    const key = this.key(channelId, visitorId);
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(key);
    };
  }

  publish(channelId: string, visitorId: string, event: WidgetEvent): number {
    const set = this.listeners.get(this.key(channelId, visitorId));
    set?.forEach((l) => l(event));
    return set?.size ?? 0;
  }
}
