import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAlive, isOurProcess, terminate } from './process';
import { Log } from '../types';

/** Written next to each locally launched server so later runs can find (and reuse or stop) it. */
export interface LauncherRecord {
  pid: number;
  ownerPid: number;
  port: number;
}

export function readRecord(file: string): LauncherRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LauncherRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(file: string, record: LauncherRecord): void {
  writeFileSync(file, JSON.stringify(record) + '\n');
}

export function removeRecord(file: string): void {
  rmSync(file, { force: true });
}

export interface Leftover {
  name: string;
  file: string;
  /** A string the server's command line contains, to tell it apart from a reused pid. */
  marker: string;
  stopSignal: NodeJS.Signals;
  graceMs: number;
}

/**
 * Looks at a server recorded by an earlier launch. Returns its record when a live process still
 * owns it (reuse it); stops it when its owner died (a crashed or killed run); else forgets it.
 */
export async function reclaimLeftover(leftover: Leftover, log: Log): Promise<LauncherRecord | undefined> {
  const record = readRecord(leftover.file);
  if (!record) return undefined;
  if (!isOurProcess(record.pid, leftover.marker)) {
    removeRecord(leftover.file);
    return undefined;
  }
  if (isAlive(record.ownerPid)) return record;
  log(`${leftover.name}: stopping the server left running by an earlier run (pid ${record.pid})…`);
  await terminate(record.pid, leftover.stopSignal, leftover.graceMs);
  removeRecord(leftover.file);
  return undefined;
}

/** Stops a recorded server whoever owns it (used by `infra down`). Returns true if one was running. */
export async function stopRecorded(leftover: Leftover): Promise<boolean> {
  const record = readRecord(leftover.file);
  if (!record) return false;
  const running = isOurProcess(record.pid, leftover.marker);
  if (running) await terminate(record.pid, leftover.stopSignal, leftover.graceMs);
  removeRecord(leftover.file);
  return running;
}
