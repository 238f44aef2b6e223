import 'reflect-metadata';
import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { BaseServiceEnv, ConfigError } from '@concierge/config';
import { ServiceProto } from '@concierge/contracts';
import { DirectUnaryHandler, GrpcHealth, grpcServerOptions, TenantAuthGuard } from '@concierge/grpc';
import { parseTenantApiKeys } from '@concierge/config';
import { bodyMiddleware } from './http-body.middleware';
import { ServiceExceptionFilter } from './service-exception.filter';
import { ServiceLifecycle } from './lifecycle';
import { isMigrateOnlyRun, runMigrationsAndExit } from './migrate';
import { createLogger, PinoNestLogger } from './logger';
import { PINO_LOGGER, SERVICE_CONFIG } from './tokens';

export interface BootstrapOptions {
  service: string;
  proto: ServiceProto;
  /** Largest accepted HTTP body. */
  bodyLimitBytes?: number;
  /**
   * Hot unary methods grpc-js serves outside Nest's RPC pipeline, e.g. a controller method:
   * `(app) => ({ ResolveIdentity: (req) => app.get(Controller).resolveIdentity(req) })`.
   * Authentication (TenantAuthGuard) and error mapping are the same as for the other methods.
   */
  directUnary?: (app: INestApplication) => Record<string, DirectUnaryHandler>;
}

export interface RunningService {
  app: INestApplication;
  httpUrl: string;
  grpcAddress: string;
  close(): Promise<void>;
}

/** Boots a hybrid Nest app: gRPC (health + reflection) and HTTP, ready once both listen. */
export async function bootstrapService(module: Type<unknown>, options: BootstrapOptions): Promise<RunningService> {
  const app = await NestFactory.create(module, {
    bodyParser: false,
    bufferLogs: true,
    // Let start-up errors reach runService, which explains them and picks the exit code.
    abortOnError: false,
    logger: new PinoNestLogger(createLogger(options.service)),
  });
  const config = app.get<BaseServiceEnv>(SERVICE_CONFIG);
  const logger = app.get<Logger>(PINO_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.use(bodyMiddleware(options.bodyLimitBytes ?? 1024 * 1024));
  // Shared by HTTP and the gRPC microservice (inheritAppConfig): the guard only acts on gRPC calls.
  app.useGlobalFilters(new ServiceExceptionFilter());
  const auth = new TenantAuthGuard({ internalKey: config.INTERNAL_API_KEY, tenantKeys: parseTenantApiKeys(config.TENANT_API_KEYS) });
  app.useGlobalGuards(auth);

  const grpcAddress = `${config.HOST}:${config.GRPC_PORT}`;
  const directUnary = options.directUnary;
  const direct = directUnary && { handlers: () => directUnary(app), authorize: auth.authorize.bind(auth), logger: new NestLogger('errors') };
  app.connectMicroservice(grpcServerOptions({ proto: options.proto, url: grpcAddress, health: app.get(GrpcHealth), direct }), {
    inheritAppConfig: true,
  });
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HOST);
  app.get(ServiceLifecycle).markReady();
  const httpUrl = `http://127.0.0.1:${config.HTTP_PORT}`;
  logger.info({ http: httpUrl, grpc: grpcAddress }, `${options.service} ready`);
  return { app, httpUrl, grpcAddress: `127.0.0.1:${config.GRPC_PORT}`, close: () => app.close() };
}

/** Entry point helper: a configuration error prints a clear message and exits 78. */
export function runService(module: Type<unknown>, options: BootstrapOptions): void {
  // `node main.js migrate` / MIGRATE_ONLY=1: apply migrations and exit (Helm hook Job, compose init job).
  if (isMigrateOnlyRun()) return runMigrationsAndExit(options.service);
  bootstrapService(module, options)
    .then((running) => exitCleanlyOnSignals(running))
    .catch((err: unknown) => {
    const root = findConfigError(err);
    if (root) {
      process.stderr.write(`${root.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${options.service} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

/** SIGTERM/SIGINT: NOT_SERVING, stop consuming, drain, close — then exit 0 (a second signal forces exit). */
function exitCleanlyOnSignals(running: RunningService): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    running.app
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`shutdown after ${signal} failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function findConfigError(err: unknown): ConfigError | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof ConfigError) return e;
  }
  return undefined;
}
