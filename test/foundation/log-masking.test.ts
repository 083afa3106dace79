import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeNationalId } from '../../forms/national-id.js';
import { createLogger } from '../../server/log.js';

function logged(fields: Record<string, unknown>, message = 'x'): { line: string; entry: Record<string, unknown> } {
  const lines: string[] = [];
  createLogger({ destination: { write: (line: string) => void lines.push(line) } }).info(fields, message);
  const line = lines[0] ?? '';
  return { line, entry: JSON.parse(line) as Record<string, unknown> };
}

/** What people and programs put between the groups of digits. */
const separators = ['', ' ', '  ', '.', '-', '_', '/', '+', '\t', '\n', '\u00a0', '. ', ' - '];
/** The same, as they appear in a URL. */
const encodedSeparators = ['%20', '+', '%09', '%0A', '%C2%A0', '.', '-', '_'];
/** Where people group the digits: DD MM YY III KK, 3-3-5, 6-5. */
const groupings = [[2, 4, 6, 9], [3, 6], [6], [2, 4, 6], [6, 9]];

function written(id: string, cuts: readonly number[], between: readonly string[]): string {
  let text = '';
  for (let i = 0; i < id.length; i++) {
    const cut = cuts.indexOf(i);
    if (cut >= 0) text += between[cut] ?? '';
    text += id[i];
  }
  return text;
}

describe('identity number masking', () => {
  it('masks the forms seen in logs and BPMN refusals', () => {
    const { line, entry } = logged({
      dotted: '148.587.10058',
      underscored: 'Task_148587_10058',
      tab: '/api/x?q=148587%0910058',
      newline: 'two lines 148587\n10058',
      noBreak: '148587\u00a010058',
      encoded: '/api/x?q=148%20587%2010058',
      refusal: ['individual-plan.bpmn: Task_14858710058: individual-plan/user-task-form: camunda:formKey "f14858710058" is not a form in forms/'],
      time: '2026-12-02T06:11:10.532Z',
      address: 'redis://127.0.0.1:45678',
      caseNumber: 'IP-2026-000123',
    });
    expect(line).not.toMatch(/10058/);
    expect(entry).toMatchObject({
      dotted: '***********',
      underscored: 'Task_***********',
      tab: '/api/x?q=***********',
      newline: 'two lines ***********',
      noBreak: '***********',
      encoded: '/api/x?q=***********',
      time: '2026-12-02T06:11:10.532Z',
      address: 'redis://127.0.0.1:45678',
      caseNumber: 'IP-2026-000123',
    });
  });

  it('masks any identity number, however it is grouped, separated or encoded', () => {
    const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const id = fc.tuple(birthDate, fc.boolean(), fc.boolean()).map(([date, dNumber, synthetic]) => makeNationalId(date, { dNumber, synthetic }));
    const grouping = fc.constantFrom(...groupings);
    const plain = fc.array(fc.constantFrom(...separators), { minLength: 4, maxLength: 4 }).map((seps) => ({ seps, encode: (t: string) => t }));
    const encoded = fc.array(fc.constantFrom(...separators), { minLength: 4, maxLength: 4 }).map((seps) => ({ seps, encode: encodeURIComponent }));
    const inUrl = fc.array(fc.constantFrom(...encodedSeparators), { minLength: 4, maxLength: 4 }).map((seps) => ({ seps, encode: (t: string) => t }));
    const around = fc.string({ maxLength: 12 }).map((text) => text.replace(/[\d\\%&]/g, 'x'));
    fc.assert(
      fc.property(id, grouping, fc.oneof(plain, encoded, inUrl), around, around, (number, cuts, { seps, encode }, before, after) => {
        const value = `${before} ${encode(written(number, cuts, seps))} ${after}`;
        const { entry } = logged({ value, nested: { values: [value] } }, value);
        const masked = `${before} *********** ${after}`;
        expect(entry).toMatchObject({ value: masked, nested: { values: [masked] }, msg: masked });
      }),
      { numRuns: 2000 },
    );
  });
});
