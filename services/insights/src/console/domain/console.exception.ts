import { DomainException, ErrorKind } from '@concierge/contracts';

export enum ConsoleErrorCode {
  NotLoggedIn = 'NOT_LOGGED_IN',
  BadLogin = 'BAD_LOGIN',
  InvalidInput = 'INVALID_INPUT',
}

const kinds: Record<ConsoleErrorCode, ErrorKind> = {
  [ConsoleErrorCode.NotLoggedIn]: 'unauthenticated',
  [ConsoleErrorCode.BadLogin]: 'unauthenticated',
  [ConsoleErrorCode.InvalidInput]: 'invalid',
};

export class ConsoleException extends DomainException {
  constructor(code: ConsoleErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
