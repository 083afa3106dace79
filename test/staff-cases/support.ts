// Shared set-up of the staff case tests: the product's app (real sign-in, CSRF and audit) over a
// real engine running processes/individual-plan.bpmn, cases opened through the request command.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import { definitionModel } from '../../server/definitions/model.js';
import { fictionalUsers } from '../../server/users/fictional.js';
import { Browser, type TestApp } from '../support/auth.js';
import { repoRoot } from '../support/engine.js';
import type { Party } from '../support/cases.js';

export const fictional = (name: string) => {
  const user = fictionalUsers.find((u) => u.name === name);
  if (!user) throw new Error(name);
  return user;
};

export const party = (person: (typeof fictionalUsers)[number]): Party => ({ name: person.name, nationalId: person.nationalId! });

let serial = 0;
/** A fictional person with a synthetic identity number (a birth date of its own per call). */
export function fictionalPerson(name: string): Party {
  const n = serial++;
  const birthDate = `19${60 + (n % 30)}-${String(1 + (Math.floor(n / 30) % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  return { name, nationalId: makeNationalId(birthDate, { synthetic: true }) };
}

/**
 * The test engine keeps definitions in memory; the product's store keeps them in the
 * `definitions` collection, where the diagram route reads the case's version. Store it there too.
 */
export async function storeDefinition(app: TestApp): Promise<void> {
  const source = readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8');
  const id = createHash('sha256').update(source).digest('hex');
  const at = new Date();
  await definitionModel(app.db).updateOne(
    { _id: id },
    { $setOnInsert: { processKey: 'individual-plan', number: 1, fileName: 'individual-plan.bpmn', deployedAt: at, activatedAt: at, source } },
    { upsert: true },
  );
}

export async function signedIn(app: TestApp, userId: string): Promise<Browser> {
  const browser = new Browser(app.baseUrl);
  await browser.signInDev(userId);
  return browser;
}

export async function getJson<T>(browser: Browser, url: string): Promise<{ status: number; body: T }> {
  const res = await browser.api('GET', url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The request a signed-in person sends about themselves. */
export function ownRequest(person: Party): Record<string, unknown> {
  const example = structuredClone(requestForm.example) as unknown as Record<string, unknown>;
  return { ...example, person: { ...requestForm.example.person, name: person.name, nationalId: person.nationalId }, signature: { fullName: person.name, confirmed: true } };
}
