import type { NextFunction, Request, Response } from 'express';

export interface RequestWithRawBody extends Request {
  rawBody?: Buffer;
}

const fail = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ error: { code, message } });

/**
 * Reads the body once with a size limit, keeps the raw bytes (webhook signatures need them)
 * and parses JSON, answering malformed or oversized bodies with a clear JSON error.
 */
export function bodyMiddleware(limitBytes: number) {
  return (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      fail(res.setHeader('connection', 'close'), 413, 'PAYLOAD_TOO_LARGE', `body is larger than ${limitBytes} bytes`);
      return req.resume();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > limitBytes) {
        aborted = true;
        fail(res.setHeader('connection', 'close'), 413, 'PAYLOAD_TOO_LARGE', `body is larger than ${limitBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (aborted) return;
      const raw = Buffer.concat(chunks);
      req.rawBody = raw;
      const type = String(req.headers['content-type'] ?? '');
      if (/json/i.test(type)) {
        if (!raw.length) return fail(res, 400, 'MALFORMED_JSON', 'request body is empty');
        try {
          req.body = JSON.parse(raw.toString('utf8'));
        } catch (err) {
          return fail(res, 400, 'MALFORMED_JSON', `request body is not valid JSON: ${(err as Error).message}`);
        }
      } else {
        req.body = raw.length ? raw.toString('utf8') : undefined;
      }
      next();
    });
  };
}
