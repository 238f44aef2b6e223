import { CatalogErrorCode, CatalogException } from './catalog.exception';

const MAX_OFFSET = 10_000;

/** Opaque to callers: the position of the next page in the result ordering. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(offset) || offset > MAX_OFFSET)
    throw new CatalogException(CatalogErrorCode.PageTokenInvalid, 'page_token is not one this service issued');
  return offset;
}
