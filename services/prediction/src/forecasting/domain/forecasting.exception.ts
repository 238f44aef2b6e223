import { DomainException, ErrorKind } from '@concierge/contracts';

export enum ForecastingErrorCode {
  SignalInvalid = 'SIGNAL_INVALID',
  AsOfInvalid = 'AS_OF_INVALID',
  NotEnoughData = 'NOT_ENOUGH_DATA',
  CheckoutUnavailable = 'CHECKOUT_UNAVAILABLE',
}

const kinds: Record<ForecastingErrorCode, ErrorKind> = {
  [ForecastingErrorCode.SignalInvalid]: 'invalid',
  [ForecastingErrorCode.AsOfInvalid]: 'invalid',
  [ForecastingErrorCode.NotEnoughData]: 'failed_precondition',
  [ForecastingErrorCode.CheckoutUnavailable]: 'unavailable',
};

export class ForecastingException extends DomainException {
  constructor(code: ForecastingErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
