import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { fromTimestamp, PredictionV1, toTimestamp } from '@concierge/contracts';
import { Clock, CLOCK } from '../../clock';
import { requireTenant } from '../../customers/domain/customer-ref';
import { ForecastingErrorCode, ForecastingException } from '../domain/forecasting.exception';
import { NextBestActionKind } from '../domain/next-best-action';
import { BackfillPurchasesUseCase } from '../use-cases/backfill-purchases/backfill-purchases.use-case';
import { CustomerInsightUseCase } from '../use-cases/get-forecasts/customer-insight.use-case';
import { RefreshModelsUseCase } from '../use-cases/refresh-models/refresh-models.use-case';
import { RunOutreachScanUseCase } from '../use-cases/run-outreach-scan/run-outreach-scan.use-case';
import { SubmitContextSignalUseCase } from '../use-cases/submit-context-signal/submit-context-signal.use-case';
import { ScoreCustomerUseCase } from '../use-cases/score-customer/score-customer.use-case';
import { DataSource } from 'typeorm';

const KINDS: Record<NextBestActionKind, PredictionV1.NextBestActionKind> = {
  reorder: PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_REORDER,
  follow_up: PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_FOLLOW_UP,
  win_back: PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_WIN_BACK,
  nothing: PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_NOTHING,
};

const ts = (d: Date | undefined | null) => (d ? toTimestamp(d) : undefined);

@Controller()
export class ForecastingGrpcController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly insight: CustomerInsightUseCase,
    private readonly scan: RunOutreachScanUseCase,
    private readonly signals: SubmitContextSignalUseCase,
    private readonly backfill: BackfillPurchasesUseCase,
    private readonly refresh: RefreshModelsUseCase,
    private readonly scorer: ScoreCustomerUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @GrpcMethod('PredictionService')
  async getReplenishmentForecasts(req: PredictionV1.GetReplenishmentForecastsRequest): Promise<PredictionV1.GetReplenishmentForecastsResponse> {
    const rows = await this.insight.forecasts(req);
    return {
      forecasts: rows.map((f) => ({
        customerId: f.customerId, productId: f.productId, predictedRunOutAt: ts(f.runOutAt), bandStart: ts(f.bandStart), bandEnd: ts(f.bandEnd),
        dailyConsumption: f.dailyAmount ?? 1 / f.daysPerPack, confidence: f.confidence, lastPurchasedAt: ts(f.lastPurchasedAt),
        intervalsObserved: f.intervalsObserved, suppressedReason: f.suppressedReason, usualQuantity: f.usualQuantity,
      })),
    };
  }

  @GrpcMethod('PredictionService')
  async getNextBestAction(req: PredictionV1.GetNextBestActionRequest): Promise<PredictionV1.GetNextBestActionResponse> {
    const a = await this.insight.nextBestAction(req, this.clock.now());
    return { kind: KINDS[a.kind], productId: a.productId, reason: a.reason, dueAt: ts(a.dueAt) };
  }

  @GrpcMethod('PredictionService')
  async getChurnScore(req: PredictionV1.GetChurnScoreRequest): Promise<PredictionV1.GetChurnScoreResponse> {
    const c = await this.insight.churn(req, this.clock.now());
    const res = { probabilityAlive: c.probabilityAlive, churnRisk: c.churnRisk, expectedPurchases90d: c.expectedPurchases90d, purchasesObserved: c.purchasesObserved, modelFittedAt: ts(c.modelFittedAt) };
    // proto-loader (protobufjs) camel-cases expected_purchases_90d as expectedPurchases_90d, ts-proto as expectedPurchases90d.
    return Object.assign(res, { expectedPurchases_90d: c.expectedPurchases90d });
  }

  @GrpcMethod('PredictionService')
  async submitContextSignal(req: PredictionV1.SubmitContextSignalRequest): Promise<PredictionV1.SubmitContextSignalResponse> {
    const r = await this.signals.execute(
      { tenantId: req.tenantId, kind: req.kind, region: req.region, attributes: req.attributes ?? {}, productTags: req.productTags ?? [], validUntil: fromTimestamp(req.validUntil), emit: req.emit },
      this.clock.now(),
    );
    return { signalId: r.signalId, candidateOutreach: r.candidates.length };
  }

  @GrpcMethod('PredictionService')
  async runOutreachScan(req: PredictionV1.RunOutreachScanRequest): Promise<PredictionV1.RunOutreachScanResponse> {
    const tenantId = requireTenant(req.tenantId);
    const asOf = req.asOf ? fromTimestamp(req.asOf)! : this.clock.now();
    if (Number.isNaN(asOf.getTime())) throw new ForecastingException(ForecastingErrorCode.AsOfInvalid, 'as_of is not a valid time');
    const r = await this.scan.execute(asOf, tenantId);
    return {
      emitted: r.emitted.map((e) => ({ outreachId: e.outreachId, customerId: e.customerId, productId: e.productId, action: e.action, dueAt: ts(e.dueAt), reason: e.reason })),
      pairsScored: r.pairsScored,
      skipped: r.skipped,
    };
  }

  @GrpcMethod('PredictionService')
  async backfillPurchases(req: PredictionV1.BackfillPurchasesRequest): Promise<PredictionV1.BackfillPurchasesResponse> {
    const r = await this.backfill.execute(req);
    const now = this.clock.now();
    for (const customerId of r.customers) await this.dataSource.transaction((m) => this.scorer.execute(m, req.tenantId, customerId, now));
    return { ordersRead: r.ordersRead, purchasesAdded: r.purchasesAdded };
  }

  @GrpcMethod('PredictionService')
  async fitCustomerModel(req: PredictionV1.FitCustomerModelRequest): Promise<PredictionV1.FitCustomerModelResponse> {
    const tenantId = requireTenant(req.tenantId);
    const { model } = await this.refresh.execute(tenantId, this.clock.now());
    if (!model) throw new ForecastingException(ForecastingErrorCode.NotEnoughData, 'BG/NBD needs at least 5 customers and one repeat purchase');
    return { r: model.r, alpha: model.alpha, a: model.a, b: model.b, customers: model.customers, logLikelihood: model.logLikelihood };
  }
}

