import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IdentityV1, toTimestamp } from '@concierge/contracts';
import { SetConsentUseCase } from '../use-cases/set-consent/set-consent.use-case';
import { CheckConsentUseCase } from '../use-cases/check-consent/check-consent.use-case';

@Controller()
export class ConsentGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly setConsentUseCase: SetConsentUseCase,
    private readonly check: CheckConsentUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  async setConsent(req: IdentityV1.SetConsentRequest): Promise<IdentityV1.SetConsentResponse> {
    const saved = await this.setConsentUseCase.execute(req);
    return { granted: saved.granted, updatedAt: toTimestamp(saved.updatedAt) };
  }

  @GrpcMethod('IdentityService')
  async checkConsent(req: IdentityV1.CheckConsentRequest): Promise<IdentityV1.CheckConsentResponse> {
    const d = await this.check.execute(req);
    return { granted: d.allowed, explicit: d.explicit, source: d.source, updatedAt: d.updatedAt ? toTimestamp(d.updatedAt) : undefined, reason: d.reason };
  }
}
