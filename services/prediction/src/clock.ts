import { Provider } from '@nestjs/common';

/** The service's notion of now, injectable so tests and admin scans can run "as of" any time. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClockProvider: Provider = { provide: CLOCK, useValue: { now: () => new Date() } satisfies Clock };
