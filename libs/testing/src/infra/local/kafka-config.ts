/** Settings for a single-node KRaft broker, shared by the local launcher and the container. */
export function singleNodeSettings(): Record<string, string> {
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.listener.names': 'CONTROLLER',
    // After a crash the restarted broker waits out its old session before it may re-register (default 9 s).
    'broker.session.timeout.ms': '4000',
    'broker.heartbeat.interval.ms': '1000',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'min.insync.replicas': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'true',
    'num.partitions': '3',
  };
}

export interface LocalListeners {
  port: number;
  controllerPort: number;
  logDir: string;
}

export function serverProperties({ port, controllerPort, logDir }: LocalListeners): string {
  const settings: Record<string, string> = {
    ...singleNodeSettings(),
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': logDir,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return ['# Written by libs/testing (local infra launcher); regenerated on every start.', ...lines, ''].join('\n');
}

/** Console appender at INFO so the broker log (stdout) carries the "Kafka Server started" line. */
export const LOG4J2_PROPERTIES = [
  'status = warn',
  'appender.console.type = Console',
  'appender.console.name = STDOUT',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = INFO',
  'rootLogger.appenderRef.stdout.ref = STDOUT',
  'logger.kafka.name = kafka',
  'logger.kafka.level = INFO',
  'logger.apache.name = org.apache.kafka',
  'logger.apache.level = INFO',
  '',
].join('\n');

export const LOG4J_PROPERTIES = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  '',
].join('\n');
