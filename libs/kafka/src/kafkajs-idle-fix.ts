/**
 * kafkajs 2.2.x (the last release; the project is unmaintained) re-arms a 1 ms timer on every
 * broker connection forever: RequestQueue.scheduleCheckPendingRequests schedules a check even
 * with no request pending and no throttling, with a negative delay, and every check schedules the
 * next (kafkajs issues #1556 and #1704; the fix of pull request #1667 was never released).
 * Measured in identity-graph at rest: ~2,750 timer wake-ups a second and 6 % of a core, in every
 * service, plus the wake-ups' jitter under load.
 *
 * This replaces that method with the same logic minus the loop: a check is scheduled only while a
 * request waits (after the throttle, or in 10 ms as kafkajs does) or while throttled. A request
 * that cannot go out at once is queued by `push`, which schedules; one finishing calls
 * checkPendingRequests directly, so nothing waits for a timer that is no longer armed.
 */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;
const PATCHED = Symbol.for('concierge.kafkajs.idle-fix');

interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
}

export function applyKafkajsIdleFix(): void {
  let RequestQueue: { prototype: RequestQueueLike & { scheduleCheckPendingRequests(): void; [PATCHED]?: true } };
  try {
    // kafkajs publishes its sources as they are; the path is part of the pinned 2.2.x layout.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS internal module, patched in place
    RequestQueue = require('kafkajs/src/network/requestQueue');
  } catch {
    return; // another layout: the method may not exist there either, leave it alone
  }
  const proto = RequestQueue?.prototype;
  if (!proto || typeof proto.scheduleCheckPendingRequests !== 'function' || proto[PATCHED]) return;
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueLike) {
    if (this.throttleCheckTimeoutId) return;
    const throttledFor = this.throttledUntil - Date.now();
    let delay: number;
    if (this.pending.length > 0) delay = throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL;
    else if (throttledFor > 0) delay = throttledFor;
    else return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  proto[PATCHED] = true;
}

applyKafkajsIdleFix();
