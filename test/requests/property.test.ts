// Random and mutated bodies against POST /api/requests: never a 5xx, and nothing stored for any
// body that is not accepted.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { requestForm } from '../../forms/request.js';
import { createHarness, post, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('requests-property');
});

afterAll(async () => {
  await h?.close();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path (as keys) to a value in the example. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

const example = requestForm.example as unknown as Json;
const examplePaths = paths(example).filter((p) => p.length > 0);

type Mutation = { path: (string | number)[]; kind: 'delete' | 'replace'; value: Json };

function mutate(base: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(base);
  for (const mutation of mutations) {
    let node: Json = copy;
    for (const key of mutation.path.slice(0, -1)) {
      if (node === null || typeof node !== 'object') break;
      node = (node as Record<string, Json>)[key as string] ?? null;
    }
    const last = mutation.path[mutation.path.length - 1];
    if (node === null || typeof node !== 'object' || last === undefined) continue;
    if (mutation.kind === 'delete') delete (node as Record<string, Json>)[last as string];
    else (node as Record<string, Json>)[last as string] = mutation.value;
  }
  return copy;
}

const interesting: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('', ' ', 'x'.repeat(5000), '00000000000', '14858710058', '41858710058', true, false, 0, -1, 1e300, [], {}, null, 'person', 'proxy', 'parent', 'health-personnel', 'child-coordinator'),
  fc.string({ maxLength: 30 }),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...examplePaths),
  kind: fc.constantFrom<'delete' | 'replace'>('delete', 'replace'),
  value: interesting,
});

const body = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
  { weight: 4, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((mutations) => mutate(example, mutations)) },
  { weight: 1, arbitrary: fc.constant(example) },
);

it('500 random or mutated bodies: no 5xx, and nothing stored for any refused one', async () => {
  let accepted = 0;
  let refused = 0;
  let counter = 0;
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom('nb', 'nn', 'en'), fc.boolean(), async (data, language, asRawText) => {
      const before = await h.counts();
      const raw = asRawText && typeof data === 'string' ? data : undefined; // sometimes a body that is not JSON at all
      const response = await post(h, '/api/requests', data, { key: `prop-${Date.now()}-${counter++}`, language, ...(raw !== undefined ? { raw } : {}) });
      expect(response.status).toBeLessThan(500);
      const after = await h.counts();
      if (response.status === 201) {
        accepted++;
        expect(after.requests).toBe(before.requests + 1);
        expect(after.cases).toBe(before.cases + 1);
      } else {
        refused++;
        expect([400, 409, 413, 415, 422]).toContain(response.status);
        expect(after).toEqual(before);
        const errors = (response.body as { errors?: { field: unknown; message: unknown }[] }).errors;
        expect(Array.isArray(errors) && errors.length > 0).toBe(true);
        for (const error of errors ?? []) expect(typeof error.message).toBe('string');
      }
    }),
    { numRuns: 500 },
  );
  console.log(`property run: ${accepted} accepted, ${refused} refused`);
  expect(accepted + refused).toBe(500);
  expect(refused).toBeGreaterThan(250);
}, 600_000);
