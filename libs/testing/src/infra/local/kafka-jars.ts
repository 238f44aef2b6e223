import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, kafkaPomPath } from '../paths';
import { Log } from '../types';
import { formatSeconds, run, tail } from './process';

export const INSTALL_HINT =
  'Install a JDK 17+ and Maven (Debian/Ubuntu: apt-get install openjdk-17-jre-headless maven; ' +
  'macOS: brew install openjdk@17 maven), or point at an existing broker with KAFKA_BROKERS=host:port ' +
  '(or start Docker so Testcontainers provides one).';

export interface KafkaDistribution {
  version: string;
  libDir: string;
}

function pomVersion(pom: string): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match) throw new Error(`${kafkaPomPath()} has no <kafka.version> property`);
  return match[1].trim();
}

/** The Kafka version the POM pins. */
export function kafkaVersion(): string {
  return pomVersion(readFileSync(kafkaPomPath(), 'utf8'));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function copyDependencies(pomPath: string, outDir: string): Promise<void> {
  const args = ['-B', '-q', '-f', pomPath, 'dependency:copy-dependencies', `-DoutputDirectory=${outDir}`, '-DincludeScope=runtime'];
  const res = await run('mvn', args).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`Kafka: 'mvn' (Maven) is not installed; it fetches the broker jars once. ${INSTALL_HINT}`);
    throw err;
  });
  if (res.code !== 0) throw new Error(`Kafka: downloading the broker jars failed (mvn exit ${res.code}):\n${tail(res.output)}`);
}

/**
 * Resolves the broker jars from Maven Central into the cache once. A `.complete` marker holding
 * the POM's hash guards against half downloads and POM changes.
 */
export async function ensureKafkaJars(log: Log): Promise<KafkaDistribution> {
  const pomPath = kafkaPomPath();
  const pom = readFileSync(pomPath, 'utf8');
  const version = pomVersion(pom);
  const home = join(cacheDir(), `kafka-${version}`);
  const libDir = join(home, 'lib');
  const marker = join(home, '.complete');
  const isComplete = () => existsSync(marker) && readFileSync(marker, 'utf8').trim() === sha256(pom);
  if (isComplete()) return { version, libDir };

  log(`Downloading Kafka ${version} jars from Maven Central (once)…`);
  const started = Date.now();
  mkdirSync(home, { recursive: true });
  const staging = `${libDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await copyDependencies(pomPath, staging);
    if (!isComplete()) {
      rmSync(libDir, { recursive: true, force: true });
      renameSync(staging, libDir);
      writeFileSync(marker, sha256(pom) + '\n');
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`Kafka ${version} jars ready in ${libDir} (${formatSeconds(Date.now() - started)})`);
  return { version, libDir };
}

/** The java binary (JAVA_HOME first) after checking it is recent enough for the broker. */
export async function findJava(kafkaVersion: string): Promise<string> {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const res = await run(java, ['-version']).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`Kafka: no Java runtime found ('${java}'); the local broker runs on the JVM. ${INSTALL_HINT}`);
    throw err;
  });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(res.output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  const required = Number(kafkaVersion.split('.')[0]) >= 4 ? 17 : 11;
  if (!(major >= required))
    throw new Error(`Kafka ${kafkaVersion} needs Java ${required}+, but '${java} -version' reports: ${res.output.split('\n')[0]}. ${INSTALL_HINT}`);
  return java;
}
