import { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { PredictionEnv } from '../config/prediction.env';
import { DEFAULT_OUTREACH_SETTINGS, OutreachSettings } from './domain/outreach-policy';

export const OUTREACH_SETTINGS = Symbol('OUTREACH_SETTINGS');

export const outreachSettingsProvider: Provider = {
  provide: OUTREACH_SETTINGS,
  inject: [SERVICE_CONFIG],
  useFactory: (c: PredictionEnv): OutreachSettings => ({
    ...DEFAULT_OUTREACH_SETTINGS,
    leadTimeDays: c.OUTREACH_LEAD_TIME_DAYS,
    quietStartHour: c.OUTREACH_QUIET_START_HOUR,
    quietEndHour: c.OUTREACH_QUIET_END_HOUR,
    defaultHour: c.OUTREACH_DEFAULT_HOUR,
    frequencyCapDays: c.OUTREACH_FREQUENCY_CAP_DAYS,
    slotWindowHours: c.OUTREACH_SLOT_WINDOW_HOURS,
  }),
};
