/** The Telegram Bot API response envelope. */
export interface TelegramResponse {
  ok: boolean;
  result?: { message_id?: number };
  description?: string;
  parameters?: { retry_after?: number };
}

/** One Bot API call; `status` is the HTTP status (0 when unreachable). */
export async function callTelegram(
  baseUrl: string,
  token: string,
  method: string,
  payload: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ status: number; body: TelegramResponse; error?: string }> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({ ok: false, description: res.statusText }))) as TelegramResponse;
    return { status: res.status, body };
  } catch (err) {
    return { status: 0, body: { ok: false }, error: (err as Error).message };
  }
}
