import express from 'express';
import { request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyMiddleware, RequestWithRawBody } from './http-body.middleware';

const LIMIT = 64;

interface Answer {
  method: string;
  body: Record<string, unknown> | string | null;
  raw: string | null;
  error: { code: string; message: string };
}

const answer = async (res: { json(): Promise<unknown> }): Promise<Answer> => (await res.json()) as Answer;

describe('bodyMiddleware', () => {
  let server: Server;
  let base: string;
  let port: number;

  beforeAll(async () => {
    // Express, as NestExpressApplication runs it with bodyParser disabled.
    const app = express();
    app.use(bodyMiddleware(LIMIT));
    app.all('/echo', (req: RequestWithRawBody, res) => {
      res.json({
        method: req.method,
        body: req.body ?? null,
        raw: req.rawBody ? req.rawBody.toString('base64') : null,
      });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('parses a JSON body and keeps the raw bytes exactly as sent', async () => {
    const sent = '{ "text" : "Привет",\n "n": 1 }';
    const res = await post(sent);
    expect(res.status).toBe(200);
    const out = await answer(res);
    expect(out.body).toEqual({ text: 'Привет', n: 1 });
    expect(Buffer.from(out.raw ?? '', 'base64').toString('utf8')).toBe(sent);
  });

  it('accepts a body of exactly the limit', async () => {
    const sent = JSON.stringify({ t: 'x'.repeat(LIMIT - 8) });
    expect(Buffer.byteLength(sent)).toBe(LIMIT);
    const res = await post(sent, 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect((await answer(res)).body).toEqual({ t: 'x'.repeat(LIMIT - 8) });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await post('{"text": "unterminated');
    expect(res.status).toBe(400);
    const out = await answer(res);
    expect(out.error.code).toBe('MALFORMED_JSON');
    expect(out.error.message).toMatch(/not valid JSON/);
  });

  it('answers an empty JSON body with 400 MALFORMED_JSON', async () => {
    const res = await post('');
    expect(res.status).toBe(400);
    expect((await answer(res)).error.code).toBe('MALFORMED_JSON');
  });

  it('hands a non-JSON body over as text', async () => {
    const res = await post('a=1&b=2', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect((await answer(res)).body).toBe('a=1&b=2');
  });

  it('answers a body whose content-length is over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(JSON.stringify({ t: 'x'.repeat(LIMIT) }));
    expect(res.status).toBe(413);
    expect((await answer(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an over-limit chunked body (no content-length) with 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      // Several small chunks, none over the limit on its own.
      for (let i = 0; i < 8; i++) req.write(`"${'y'.repeat(30)}"`);
      req.end();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends a chunked request without content-length', async () => {
    // Guards the test above: Node sends a body written in parts as chunked.
    const seen = await new Promise<string | undefined>((resolve, reject) => {
      const probe = express();
      probe.use((req, res) => {
        resolve(req.headers['transfer-encoding']);
        req.resume();
        res.end();
      });
      const s = probe.listen(0, '127.0.0.1', () => {
        const req = httpRequest({ host: '127.0.0.1', port: (s.address() as AddressInfo).port, method: 'POST' }, (r) => {
          r.resume();
          s.close();
        });
        req.on('error', reject);
        req.write('a');
        req.end('b');
      });
    });
    expect(seen).toBe('chunked');
  });

  it('lets GET requests through without reading a body', async () => {
    const res = await fetch(`${base}/echo?q=1`);
    expect(res.status).toBe(200);
    expect(await answer(res)).toEqual({ method: 'GET', body: null, raw: null });
  });
});
