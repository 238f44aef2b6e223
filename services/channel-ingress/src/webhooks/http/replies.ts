import type { DeliveryEntity } from '../../outbound/persistence/delivery.entity';
import type { DeliveryRepository } from '../../outbound/persistence/delivery.repository';

export const afterParam = (v: string | undefined) => (v && /^\d{1,18}$/.test(v) ? v : '0');

export const replyView = (d: DeliveryEntity) => ({
  id: d.id,
  replyId: d.replyId,
  text: d.text,
  quickReplies: d.quickReplies,
  attachments: d.attachments ?? [],
  createdAt: d.createdAt.toISOString(),
});

/** Replies queued for a recipient after an id; waits up to waitMs for the first one (long poll). */
export async function waitForReplies(repo: DeliveryRepository, channelId: string, recipient: string, after: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const rows = await repo.since(channelId, recipient, after, 100);
    if (rows.length || Date.now() >= deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}
