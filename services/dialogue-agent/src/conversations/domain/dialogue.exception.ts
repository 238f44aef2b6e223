import { DomainException, ErrorKind } from '@concierge/contracts';

export enum DialogueErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  InvalidArgument = 'INVALID_ARGUMENT',
  ConversationNotFound = 'CONVERSATION_NOT_FOUND',
  WrongMode = 'CONVERSATION_WRONG_MODE',
  EmptyDocument = 'KNOWLEDGE_DOCUMENT_EMPTY',
}

const kinds: Record<DialogueErrorCode, ErrorKind> = {
  [DialogueErrorCode.TenantRequired]: 'invalid',
  [DialogueErrorCode.InvalidArgument]: 'invalid',
  [DialogueErrorCode.ConversationNotFound]: 'not_found',
  [DialogueErrorCode.WrongMode]: 'failed_precondition',
  [DialogueErrorCode.EmptyDocument]: 'invalid',
};

export class DialogueException extends DomainException {
  constructor(code: DialogueErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new DialogueException(DialogueErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}

export function requireText(value: string | undefined, field: string, max = 8000): string {
  const v = value?.trim();
  if (!v) throw new DialogueException(DialogueErrorCode.InvalidArgument, `${field} is required`);
  if (v.length > max) throw new DialogueException(DialogueErrorCode.InvalidArgument, `${field} must be at most ${max} characters`);
  return v;
}
