import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requireTenant } from '../../../customers/domain/customer-ref';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { decideOutreach, OutreachSettings } from '../../domain/outreach-policy';
import { ForecastingErrorCode, ForecastingException } from '../../domain/forecasting.exception';
import { UpstreamGateway } from '../../gateways/upstream.gateway';
import { OUTREACH_SETTINGS } from '../../outreach-settings';
import { ForecastingRepository } from '../../persistence/forecasting.repository';
import { OutreachEmitter } from '../run-outreach-scan/outreach-emitter';
import { ScoreCustomerUseCase } from '../score-customer/score-customer.use-case';

export interface ContextSignal {
  tenantId: string;
  kind: string;
  region: string;
  attributes: Record<string, string>;
  productTags: string[];
  validUntil?: Date;
  emit: boolean;
}

export interface ContextSignalResult {
  signalId: string;
  candidates: { customerId: string; productId: string; action: 'reorder' | 'try_new_product'; emitted: boolean }[];
}

/**
 * Matches an external signal (cold snap, local event, currency move) to the catalog by tags and to customers by
 * region: a customer who bought a matching product gets a reorder candidate, others a "try it" candidate.
 */
@Injectable()
export class SubmitContextSignalUseCase {
  constructor(
    private readonly repo: ForecastingRepository,
    private readonly activity: CustomerActivityRepository,
    private readonly upstream: UpstreamGateway,
    private readonly scorer: ScoreCustomerUseCase,
    private readonly emitter: OutreachEmitter,
    @Inject(OUTREACH_SETTINGS) private readonly settings: OutreachSettings,
  ) {}

  async execute(s: ContextSignal, now: Date): Promise<ContextSignalResult> {
    const tenantId = requireTenant(s.tenantId);
    const kind = s.kind?.trim();
    const region = s.region?.trim();
    if (!kind) throw new ForecastingException(ForecastingErrorCode.SignalInvalid, 'kind is required (e.g. cold_snap, local_event, currency_move)');
    if (!region) throw new ForecastingException(ForecastingErrorCode.SignalInvalid, 'region is required');
    if (s.validUntil && s.validUntil.getTime() < now.getTime()) throw new ForecastingException(ForecastingErrorCode.SignalInvalid, 'valid_until is in the past');
    const tags = [...new Set([...(s.productTags ?? []), ...(s.attributes?.tags ?? '').split(',')].map((t) => t.trim().toLowerCase()).filter(Boolean))];
    if (!tags.length) throw new ForecastingException(ForecastingErrorCode.SignalInvalid, 'product_tags (or attributes.tags) are required to match products');
    const signalId = randomUUID();
    const searched = await this.upstream.productsByTags(tenantId, tags);
    const products = searched?.filter((p) => p.tags.some((t) => tags.includes(t))) ?? (await this.repo.catalogByTags(tenantId, tags));
    const customers = products.length ? await this.activity.inRegion(tenantId, region) : [];
    const candidates: ContextSignalResult['candidates'] = [];
    for (const c of customers) {
      const bought = new Set((await this.repo.purchasesOf(tenantId, c.customerId)).map((p) => p.productId));
      const owned = products.find((p) => bought.has(p.productId));
      const product = owned ?? products[0];
      const action = owned ? 'reorder' : 'try_new_product';
      let emitted = false;
      if (s.emit) {
        const profile = this.scorer.profileOf(c, now);
        // A signal is news now: it goes out at once unless quiet hours, the cap or consent say no.
        const plannedAt = now;
        const [lastOutreachAt] = [(await this.repo.lastOutreach(tenantId, [c.customerId])).get(c.customerId)];
        const decision = decideOutreach({ plannedAt, runOutAt: s.validUntil ?? new Date(now.getTime() + 86_400_000), asOf: now, profile, lastOutreachAt, alreadySentThisCycle: false, marketingConsent: true }, this.settings);
        if (decision.due && (await this.upstream.marketingConsent(tenantId, c.customerId, decision.channel.channelKind))) {
          const reason = `${kind} in ${region}${s.attributes?.detail ? ` (${s.attributes.detail})` : ''}: ${product.name} (${tags.join(', ')})${owned ? ' which they bought before' : ' they have not tried yet'}`;
          emitted = !!(await this.emitter.emit({
            tenantId, customerId: c.customerId, productId: product.productId, productName: product.name, action, reason, cycleKey: `signal:${signalId}`,
            dueAt: decision.dueAt, emittedAt: now, quantity: 1, channelKind: decision.channel.channelKind, requiresTemplate: decision.channel.requiresTemplate, signalId,
          }));
        }
      }
      candidates.push({ customerId: c.customerId, productId: product.productId, action, emitted });
    }
    await this.repo.saveSignal({
      signalId, tenantId, kind, region, attributes: s.attributes ?? {}, productTags: tags, validUntil: s.validUntil ?? null, candidateOutreach: candidates.length, receivedAt: now,
    });
    return { signalId, candidates };
  }
}
