/** Telegram MarkdownV2: every one of _*[]()~`>#+-=|{}.! (and the backslash) must be escaped in plain text. */
export function escapeMarkdownV2(text: string): string {
  return text.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, (c) => `\\${c}`);
}
