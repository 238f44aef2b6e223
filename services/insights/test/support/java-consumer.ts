import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const cacheDir = () => process.env.CONCIERGE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'concierge');

export interface JavaRecord {
  key: string;
  ceType: string;
  tenantId: string;
  value: Record<string, unknown>;
}

/** The Kafka jars the test infrastructure already runs the broker from. */
export function kafkaLibDir(): string {
  const dir = readdirSync(cacheDir()).filter((d) => d.startsWith('kafka-')).map((d) => join(cacheDir(), d, 'lib')).find(existsSync);
  if (!dir) throw new Error(`no Kafka jars under ${cacheDir()}: run the test infrastructure once (npm run infra) to download them`);
  return dir;
}

/** Reads `count` records of a topic with the plain-Java kafka-clients consumer in test/java (java's single-file source launcher). */
export function readWithJava(topic: string, count: number, timeoutSeconds = 90): Promise<JavaRecord[]> {
  const source = join(__dirname, '..', 'java', 'FactTopicReader.java');
  const args = ['-cp', `${kafkaLibDir()}/*`, source, process.env.KAFKA_BROKERS!.split(',')[0], topic, String(count), String(timeoutSeconds)];
  return new Promise((resolve, reject) => {
    execFile('java', args, { timeout: (timeoutSeconds + 60) * 1000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`java consumer failed: ${err.message}\n${stderr.slice(-2000)}`));
      resolve(
        stdout.split('\n').filter((l) => l.includes('\t')).map((l) => {
          const [key, ceType, tenantId, ...rest] = l.split('\t');
          return { key, ceType, tenantId, value: JSON.parse(rest.join('\t')) as Record<string, unknown> };
        }),
      );
    });
  });
}
