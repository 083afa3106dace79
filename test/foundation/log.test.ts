import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../../server/log.js';

describe('the logger', () => {
  it('masks national identity numbers anywhere in a line, and keeps other numbers', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    logger.info({ person: { nationalId: '01017012345' }, note: 'spaced 010170 12345', path: '/api/x?fnr=010170%2012345&d=410170-12345', caseNumber: 'IP-2026-000123', phone: '41234567' }, 'request from 31129912345');
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(lines[0]).not.toMatch(/01017012345|010170 12345|31129912345|12345&/);
    expect(entry).toMatchObject({
      person: { nationalId: '***********' },
      note: 'spaced ***********',
      path: '/api/x?fnr=***********&d=***********',
      caseNumber: 'IP-2026-000123',
      phone: '41234567',
      msg: 'request from ***********',
    });
    expect(typeof entry.time).toBe('number');
  });
});
