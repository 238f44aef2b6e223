import { z } from 'zod';
import { baseServiceEnv, grpcAddress } from '@concierge/config';

const num = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().min(min).max(max).default(def);
const hour = (def: number) => z.coerce.number().int().min(0).max(23).default(def);

export const predictionEnv = baseServiceEnv({ httpPort: 8083, grpcPort: 50054 }).extend({
  IDENTITY_GRPC_ADDR: grpcAddress.default('127.0.0.1:50052'),
  CHECKOUT_GRPC_ADDR: grpcAddress.default('127.0.0.1:50055'),
  // How often the outreach scan runs as of "now" (ms); 0 turns the scheduler off (RunOutreachScan still works).
  OUTREACH_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(900_000),
  // The batch re-estimates product priors, rescores every pair and refits BG/NBD at most this often.
  MODEL_REFRESH_HOURS: num(24, 0),
  OUTREACH_LEAD_TIME_DAYS: num(2, 0, 60),
  OUTREACH_QUIET_START_HOUR: hour(21),
  OUTREACH_QUIET_END_HOUR: hour(9),
  OUTREACH_DEFAULT_HOUR: hour(10),
  OUTREACH_FREQUENCY_CAP_DAYS: num(7, 0, 365),
  OUTREACH_SLOT_WINDOW_HOURS: num(3, 1, 24),
  OUTREACH_DEFAULT_TIMEZONE: z.string().default('UTC'),
  // "check" asks IdentityService.CheckConsent (marketing); "assume-granted" is for demos without identity-graph.
  OUTREACH_CONSENT: z.enum(['check', 'assume-granted']).default('check'),
  // Churn risk (1 − P(alive)) from which a win-back outreach is suggested.
  CHURN_RISK_THRESHOLD: num(0.6, 0, 1),
});

export type PredictionEnv = z.infer<typeof predictionEnv>;
