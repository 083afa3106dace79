import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ISOInterval } from '@0dep/piso';
import fc from 'fast-check';
import { checkDefinition, type DefinitionProblem } from '../../server/definitions/check.js';
import { timerValueProblem, type TimerType } from '../../server/definitions/iso.js';
import { defaultDefinitionLimits } from '../../server/definitions/limits.js';
import { realSource, variant } from './fixtures.js';

function errors(problems: readonly DefinitionProblem[]) {
  return problems.filter((p) => p.severity === 'error').map(({ elementId, rule, message }) => ({ elementId, rule, message }));
}

const consentReminder = (cycle: string) => variant('>R/P7D<', `>${cycle}<`);
const consentDeadline = (duration: string) => variant('>P6W<', `>${duration}<`);

describe('timer bounds', () => {
  it.each([
    ['R/PT0S', consentReminder('R/PT0S')],
    ['R/P0D', consentReminder('R/P0D')],
    ['R/PT1S', consentReminder('R/PT1S')],
    ['R/PT0.001S', consentReminder('R/PT0.001S')],
    ['PT0S', consentDeadline('PT0S')],
  ])('refuses %s within a second', async (value, source) => {
    const type = value.startsWith('R') ? 'timeCycle' : 'timeDuration';
    const started = performance.now();
    expect(timerValueProblem(type, value)).toContain('is shorter than the shortest interval allowed');
    expect(performance.now() - started).toBeLessThan(50);
    // The whole file (under jest the lint runs in a fresh worker thread, which takes most of it).
    const checking = Date.now();
    const result = await checkDefinition(source, 'x.bpmn');
    expect(Date.now() - checking).toBeLessThan(5000);
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([
      expect.objectContaining({ rule: 'individual-plan/timer-values', message: expect.stringContaining(`"${value}" is shorter than the shortest interval allowed, 1 minute`) }),
    ]);
  });

  it('needs an hour between messages: a 30-minute reminder cycle is refused, a 30-minute deadline that closes the case too', async () => {
    const reminder = await checkDefinition(consentReminder('R/PT30M'), 'x.bpmn');
    expect(errors(reminder.problems)).toEqual([
      { elementId: 'BoundaryEvent_ConsentReminder', rule: 'individual-plan/timer-values', message: 'timeCycle "R/PT30M" leads to a message and is shorter than the shortest interval allowed for messages, 1 hour' },
    ]);
    expect((await checkDefinition(consentReminder('R/PT1H'), 'x.bpmn')).ok).toBe(true);
    // The review timer leads to a user task, not a message: the general floor applies.
    expect((await checkDefinition(variant('>P6M<', '>PT5M<'), 'x.bpmn')).ok).toBe(true);
    expect((await checkDefinition(consentDeadline('PT30M'), 'x.bpmn')).ok).toBe(false);
  });

  it('limits repetitions and dates, and takes the limits it is given', async () => {
    expect(errors((await checkDefinition(consentReminder('R1001/P1D'), 'x.bpmn')).problems)[0]?.message).toBe('timeCycle "R1001/P1D" repeats more than the 1000 times allowed');
    expect((await checkDefinition(consentReminder('R12/P1D'), 'x.bpmn')).ok).toBe(true);
    expect(errors((await checkDefinition(consentReminder('R/1970-01-01T00:00:00Z/PT1H'), 'x.bpmn')).problems)[0]?.message).toBe(
      'timeCycle "1970-01-01T00:00:00Z" must be a date from 2000 to 2099',
    );
    expect((await checkDefinition(consentDeadline('P99999999Y'), 'x.bpmn')).ok).toBe(false);
    const strict = { ...defaultDefinitionLimits, minMessageTimerMs: 14 * 24 * 3600 * 1000 };
    expect((await checkDefinition(realSource, 'x.bpmn', strict)).ok).toBe(false);
  });

  it('refuses files beyond the size limits before parsing them', async () => {
    const limits = { ...defaultDefinitionLimits, maxBytes: 70_000, maxElements: 1000 };
    const padding = `<!--${'x'.repeat(20_000)}-->`;
    const big = await checkDefinition(realSource.replace('</bpmn:definitions>', `${padding}</bpmn:definitions>`), 'big.bpmn', limits);
    expect(errors(big.problems)).toEqual([{ elementId: '(document)', rule: 'individual-plan/file-size', message: expect.stringContaining('at most 70000 are allowed') }]);
    const many = await checkDefinition(realSource.replace('</bpmn:definitions>', `${'<bpmn:documentation/>'.repeat(400)}</bpmn:definitions>`), 'many.bpmn', limits);
    expect(errors(many.problems)).toEqual([{ elementId: '(document)', rule: 'individual-plan/file-size', message: 'The file has more than 1000 XML elements, the most allowed' }]);
    // A 26 MB file is refused at once with the default limits.
    const started = Date.now();
    const huge = await checkDefinition(realSource.replace('</bpmn:definitions>', `${'<bpmn:task id="T"/>'.repeat(1_400_000)}</bpmn:definitions>`), 'huge.bpmn');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(huge.problems[0]?.rule).toBe('individual-plan/file-size');
  });

  it('checks any ISO 8601-like text in bounded time, and what it accepts the engine schedules at once', () => {
    const digits = fc.oneof(fc.nat(3).map(String), fc.integer({ min: 0, max: 999999999999 }).map(String), fc.constant('0'), fc.constant('0.001'), fc.constant('1,5'));
    const designator = fc.constantFrom('Y', 'M', 'W', 'D', 'H', 'S', 'T', 'P', 'R', '/', '-', ':', 'Z', '+', '.');
    const piece = fc.oneof(digits, designator, fc.constantFrom('2030-01-01', '2030-01-01T08:00:00Z', '1970-01-01', '9999-12-31T23:59:59+14:00', 'PT', 'P1D', 'PT0S', 'R/'));
    const isoLike = fc.oneof(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 200 }));
    const type = fc.constantFrom<TimerType>('timeDuration', 'timeDate', 'timeCycle');
    fc.assert(
      fc.property(type, isoLike, (timerType, value) => {
        const started = performance.now();
        const problem = timerValueProblem(timerType, value);
        expect(performance.now() - started).toBeLessThan(50);
        if (problem !== undefined || timerType !== 'timeCycle') return;
        // Accepted: the parser the engine uses computes the next time quickly and in the future.
        const now = new Date();
        const scheduled = performance.now();
        const next = new ISOInterval(value.trim()).parse().getExpireAt(now, now);
        expect(performance.now() - scheduled).toBeLessThan(50);
        expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('processes:check with a zero-length timer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'processes-timers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses R/PT0S, R/P0D, R/PT1S and PT0S and exits', async () => {
    const files = await Promise.all(
      [consentReminder('R/PT0S'), consentReminder('R/P0D'), consentReminder('R/PT1S'), consentDeadline('PT0S')].map(async (source, index) => {
        const file = path.join(dir, `timer-${index}.bpmn`);
        await writeFile(file, source);
        return file;
      }),
    );
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'server/definitions/check-cli.ts', ...files], { timeout: 20_000 }, (error, out) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toContain('4 file(s) checked: refused');
    for (const file of files) expect(stdout).toContain(`${file}: BoundaryEvent_Consent`);
  });
});
