import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/auth.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({});
});

afterAll(async () => {
  await app?.close();
});

/** A raw request, so that any header and body bytes go out as given. */
function send(path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: body ? 'POST' : 'GET', headers: { 'accept-language': 'en', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('client-controlled headers and paths', () => {
  it('answers 4xx in the error shape for unsupported charsets, encodings and bad compressed bodies, and a missing asset; nothing is logged as an error', async () => {
    // The body is read before any session or CSRF check.
    const json = Buffer.from('{"userId":"x"}');
    const post = (headers: Record<string, string>, body: Buffer) => send('/api/auth/dev/sign-in', headers, body);
    const before = app.logLines.length;

    expect(await post({ 'content-type': 'application/json; charset=koi8-r' }, json)).toEqual({
      status: 415,
      body: { errors: [{ field: null, message: 'Send the request in the UTF-8 character set.' }] },
    });
    expect(await post({ 'content-type': 'application/json', 'content-encoding': 'compress' }, json)).toEqual({
      status: 415,
      body: { errors: [{ field: null, message: 'The request is compressed in a way we cannot read. Send it uncompressed, or with gzip, deflate or br.' }] },
    });
    for (const encoding of ['br', 'gzip', 'deflate']) {
      const answer = await post({ 'content-type': 'application/json', 'content-encoding': encoding }, Buffer.from('not compressed at all'));
      expect(answer).toEqual({ status: 400, body: { errors: [{ field: null, message: 'The request could not be read.' }] } });
    }
    // A real gzip body is read (and then refused for its missing CSRF token, as any post without one).
    expect((await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(json))).status).toBe(403);

    expect(await send('/assets/index-missing.js', {})).toEqual({ status: 404, body: { errors: [{ field: null, message: 'What you asked for was not found.' }] } });

    const logged = app.logLines.slice(before).map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } });
    expect(logged.filter((entry) => entry.level >= 50 || entry.err?.stack)).toEqual([]);
  });
});
