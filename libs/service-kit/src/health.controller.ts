import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { ServiceLifecycle } from './lifecycle';

@Controller()
export class HealthController {
  constructor(
    private readonly lifecycle: ServiceLifecycle,
    private readonly registry: Registry,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: Response) {
    const checks = await this.lifecycle.checkDependencies();
    const ok = this.lifecycle.isReady && Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', serving: this.lifecycle.isReady, checks });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return this.registry.metrics();
  }
}
