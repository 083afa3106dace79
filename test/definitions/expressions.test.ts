import { describe, expect, it } from '@jest/globals';
import { ExpressionError, parseExpression, resolveExpression } from '../../server/definitions/expressions.js';

const context = {
  environment: {
    variables: { assessment: { decision: 'reject', score: 3 }, consent: { given: true }, list: ['a', 'b'] },
    services: { sendDecisionLetter: () => 'sent' },
  },
};

describe('allowlist expressions', () => {
  it.each([
    ["${environment.variables.assessment.decision == 'reject'}", true],
    ['${environment.variables.assessment.decision != "reject"}', false],
    ['${environment.variables.consent.given === true}', true],
    ['${environment.variables.assessment.score >= 3}', true],
    ['${environment.variables.assessment.score < 3}', false],
    ["${environment.variables.assessment.score > '2'}", false],
    ['${environment.variables.consent.given}', true],
    ['${!environment.variables.consent.given}', false],
    ['${environment.variables.missing.deeper == null}', false],
    ['${environment.variables.list.1}', 'b'],
    ['${true}', true],
    ['${42}', 42],
  ])('%s → %p', (expression, expected) => {
    expect(resolveExpression(expression, context)).toEqual(expected);
  });

  it('resolves a registered service function only as a whole path', () => {
    expect(resolveExpression('${environment.services.sendDecisionLetter}', context)).toBe(context.environment.services.sendDecisionLetter);
  });

  it('leaves plain text and replaces embedded expressions', () => {
    expect(resolveExpression('consent-withdrawn', context)).toBe('consent-withdrawn');
    expect(resolveExpression('Decision: ${environment.variables.assessment.decision}', context)).toBe('Decision: reject');
    expect(resolveExpression(12, context)).toBe(12);
  });

  it.each([
    "${environment.variables.constructor.constructor('return process')()}",
    '${environment.variables.constructor}',
    '${environment.variables.__proto__}',
    '${environment.variables.assessment.prototype}',
    '${environment.services.sendDecisionLetter()}',
    '${environment.constructor}',
    '${process.exit}',
    '${environment.variables[0]}',
    '${environment.variables.a = 1}',
    '${environment.variables.a == 1 == 2}',
  ])('throws for %s', (expression) => {
    expect(() => resolveExpression(expression, context)).toThrow(ExpressionError);
  });

  it('never reaches inherited properties', () => {
    expect(resolveExpression('${environment.variables.assessment.toString}', context)).toBeUndefined();
    expect(resolveExpression('${environment.variables.assessment.hasOwnProperty}', context)).toBeUndefined();
  });

  it('parses into a small tree', () => {
    expect(parseExpression("environment.variables.review.outcome == 'close'")).toEqual({
      kind: 'compare',
      comparator: '==',
      left: { kind: 'path', root: 'variables', segments: ['review', 'outcome'] },
      right: { kind: 'literal', value: 'close' },
    });
  });
});
