import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Log } from '../types';
import { registerCleanup } from './exit-cleanup';
import { LOG4J2_PROPERTIES, LOG4J_PROPERTIES, serverProperties } from './kafka-config';
import { ensureKafkaJars, findJava, KafkaDistribution, kafkaVersion } from './kafka-jars';
import { reclaimLeftover, removeRecord, stopRecorded, writeRecord } from './pid-file';
import { formatSeconds, portAcceptsConnections, run, signal, sleep, tail, terminate } from './process';

const READY_LINE = 'Kafka Server started';
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;

export interface LocalKafkaOptions {
  dir: string;
  port: number;
  controllerPort: number;
  log: Log;
}

export interface LocalKafka {
  brokers: string;
  reused: boolean;
  stop(): Promise<void>;
}

interface BrokerFiles {
  dir: string;
  dataDir: string;
  properties: string;
  log4j2: string;
  log4j: string;
  brokerLog: string;
}

function brokerFiles(dir: string): BrokerFiles {
  return {
    dir,
    dataDir: join(dir, 'data'),
    properties: join(dir, 'server.properties'),
    log4j2: join(dir, 'log4j2.properties'),
    log4j: join(dir, 'log4j.properties'),
    brokerLog: join(dir, 'broker.log'),
  };
}

function writeConfig(files: BrokerFiles, port: number, controllerPort: number): void {
  mkdirSync(files.dataDir, { recursive: true });
  writeFileSync(files.properties, serverProperties({ port, controllerPort, logDir: files.dataDir }));
  writeFileSync(files.log4j2, LOG4J2_PROPERTIES);
  writeFileSync(files.log4j, LOG4J_PROPERTIES);
}

function jvmArgs(files: BrokerFiles, dist: KafkaDistribution): string[] {
  return [
    `-Dlog4j2.configurationFile=${files.log4j2}`,
    `-Dlog4j.configuration=file:${files.log4j}`,
    // Otherwise log4j2's own hook stops the appender before Kafka logs its shutdown.
    '-Dlog4j2.shutdownHookEnabled=false',
    '-Djava.awt.headless=true',
    '-cp',
    join(dist.libDir, '*'),
  ];
}

/** The cluster id is kept next to the data dir so a reused data dir always matches it. */
function clusterId(dir: string): string {
  const file = join(dir, 'cluster.id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = randomBytes(16).toString('base64url');
  writeFileSync(file, id + '\n');
  return id;
}

async function formatStorage(java: string, files: BrokerFiles, dist: KafkaDistribution): Promise<void> {
  if (existsSync(join(files.dataDir, 'meta.properties'))) return;
  const args = [...jvmArgs(files, dist), 'kafka.tools.StorageTool', 'format', '-t', clusterId(files.dir), '-c', files.properties, '--ignore-formatted'];
  const res = await run(java, args, { timeoutMs: 60_000 });
  if (res.code !== 0) throw new Error(`Kafka: formatting ${files.dataDir} failed (exit ${res.code}):\n${tail(res.output)}`);
}

function launch(java: string, files: BrokerFiles, dist: KafkaDistribution) {
  const out = openSync(files.brokerLog, 'w');
  try {
    const args = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', ...jvmArgs(files, dist), 'kafka.Kafka', files.properties];
    return spawn(java, args, { cwd: files.dir, stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
}

function brokerLogTail(files: BrokerFiles): string {
  return existsSync(files.brokerLog) ? tail(readFileSync(files.brokerLog, 'utf8')) : '(no broker log)';
}

async function waitReady(files: BrokerFiles, port: number, exited: () => number | null | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const code = exited();
    if (code !== undefined) throw new Error(`Kafka broker exited (code ${code}) before it was ready. ${files.brokerLog}:\n${brokerLogTail(files)}`);
    if (readFileSync(files.brokerLog, 'utf8').includes(READY_LINE) && (await portAcceptsConnections(port))) return;
    if (Date.now() > deadline)
      throw new Error(`Kafka broker not ready within ${formatSeconds(READY_TIMEOUT_MS)}. ${files.brokerLog}:\n${brokerLogTail(files)}`);
    await sleep(200);
  }
}

async function assertPortsFree(port: number, controllerPort: number): Promise<void> {
  for (const [p, env] of [[port, 'CONCIERGE_KAFKA_PORT'], [controllerPort, 'CONCIERGE_KAFKA_CONTROLLER_PORT']] as const)
    if (await portAcceptsConnections(p)) throw new Error(`Kafka: port ${p} is already in use by another program; set ${env} or KAFKA_BROKERS.`);
}

function leftoverOf(dir: string) {
  return { name: 'Kafka', file: join(dir, 'broker.json'), marker: brokerFiles(dir).properties, stopSignal: 'SIGTERM' as const, graceMs: STOP_GRACE_MS };
}

/** Stops a broker launched from dir by any process (for `infra down`); true if one ran. */
export function stopLeftoverKafka(dir: string): Promise<boolean> {
  return stopRecorded(leftoverOf(dir));
}

interface TrackedBroker {
  stop(): Promise<void>;
  /** undefined while running, else the exit code (-1 when killed by a signal). */
  exitCode(): number | null | undefined;
}

/** Records the broker for later runs and ties its lifetime to this process. */
function track(child: ChildProcess, recordFile: string, port: number): TrackedBroker {
  const pid = child.pid;
  let exitCode: number | null | undefined = pid === undefined ? -1 : undefined;
  child.once('exit', (code, sig) => (exitCode = code ?? (sig ? -1 : null)));
  child.once('error', () => (exitCode ??= -1));
  if (pid === undefined) return { stop: async () => undefined, exitCode: () => exitCode };
  writeRecord(recordFile, { pid, ownerPid: process.pid, port });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await terminate(pid, 'SIGTERM', STOP_GRACE_MS);
      removeRecord(recordFile);
      unregister();
    })());
  const unregister = registerCleanup({ kill: () => signal(pid, 'SIGTERM'), stop });
  return { stop, exitCode: () => exitCode };
}

export async function startLocalKafka({ dir, port, controllerPort, log }: LocalKafkaOptions): Promise<LocalKafka> {
  const files = brokerFiles(dir);
  const leftover = leftoverOf(dir);
  const running = await reclaimLeftover(leftover, log);
  if (running) {
    log(`Kafka: reusing the broker on port ${running.port} started by pid ${running.ownerPid}`);
    return { brokers: `127.0.0.1:${running.port}`, reused: true, stop: async () => undefined };
  }
  const java = await findJava(kafkaVersion());
  const dist = await ensureKafkaJars(log);
  await assertPortsFree(port, controllerPort);

  const started = Date.now();
  writeConfig(files, port, controllerPort);
  const fresh = !existsSync(join(files.dataDir, 'meta.properties'));
  await formatStorage(java, files, dist);
  const broker = track(launch(java, files, dist), leftover.file, port);
  try {
    await waitReady(files, port, broker.exitCode);
  } catch (err) {
    await broker.stop();
    throw err;
  }
  log(`Kafka ${dist.version} ready on 127.0.0.1:${port} (${fresh ? 'new' : 'reused'} data dir, ${formatSeconds(Date.now() - started)})`);
  return { brokers: `127.0.0.1:${port}`, reused: false, stop: broker.stop };
}
