import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let script: string | undefined;
let page: string | undefined;

export function widgetScript(): string {
  return (script ??= readFileSync(join(__dirname, 'assets', 'widget.js'), 'utf8'));
}

export function demoPage(channelId: string): string {
  page ??= readFileSync(join(__dirname, 'assets', 'demo.html'), 'utf8');
  return page.replace(/\{\{CHANNEL_ID\}\}/g, channelId);
}
