import { describe, expect, it } from '@jest/globals';
import { formKeys, formsByKey, isFormKey, languages, validateForm, type Field, type FormKey, type LocalizedText } from '../../forms/index.js';

function texts(field: Field): LocalizedText[] {
  const own = [field.label, ...(field.hint ? [field.hint] : [])];
  if (field.type === 'choice' || field.type === 'multi-choice') return [...own, ...field.options.flatMap((o) => [o.label, ...(o.hint ? [o.hint] : [])])];
  if (field.type === 'group') return [...own, ...(field.addLabel ? [field.addLabel] : []), ...field.fields.flatMap(texts)];
  return own;
}

async function errorsOf(key: FormKey, data: unknown, language: 'nb' | 'nn' | 'en' = 'nb') {
  const result = await validateForm(key, data, language);
  if (result.ok) throw new Error(`expected ${key} to be invalid`);
  return Object.fromEntries(result.errors.map((error) => [error.field, error.message]));
}

describe('form registry', () => {
  it('knows the form keys the BPMN uses', () => {
    for (const key of ['offer-contact', 'signed-request', 'consent-registration', 'need-assessment', 'coordinator-appointment', 'responsibility-group', 'plan', 'plan-approval', 'review', 'coordinator-change']) {
      expect(isFormKey(key)).toBe(true);
    }
    expect(isFormKey('toString')).toBe(false);
    expect(isFormKey('request-x')).toBe(false);
  });

  it.each(formKeys)('%s: the example is valid, texts exist in nb, nn and en, fields match the schema', async (key) => {
    const form = formsByKey[key];
    expect(form.key).toBe(key);
    const result = await validateForm(key, form.example);
    expect(result).toEqual({ ok: true, value: expect.anything() });
    const all = [form.title, ...(form.description ? [form.description] : []), ...form.fields.flatMap(texts), ...Object.values(form.messages ?? {})];
    for (const text of all) for (const language of languages) expect(text[language].trim()).not.toBe('');
    const schemaFields = Object.keys(form.schema.fields).sort();
    expect(form.fields.map((field) => field.name).sort()).toEqual(schemaFields);
  });

  it('variables are unique', () => {
    const variables = formKeys.map((key) => formsByKey[key].variable);
    expect(new Set(variables).size).toBe(variables.length);
  });
});

describe('field errors', () => {
  it('need-assessment: reasons are required on reject, in each language', async () => {
    const data = { needs: 'Trenger koordinerte tjenester.', decision: 'reject', decidedOn: '2025-03-20' };
    expect(await errorsOf('need-assessment', data, 'nb')).toEqual({ reasons: 'Skriv begrunnelsen for avslaget.' });
    expect(await errorsOf('need-assessment', data, 'nn')).toEqual({ reasons: 'Skriv grunngivinga for avslaget.' });
    expect(await errorsOf('need-assessment', data, 'en')).toEqual({ reasons: 'Give the reasons for the rejection.' });
    expect(await errorsOf('need-assessment', { ...data, reasons: 'For kort' }, 'en')).toEqual({ reasons: 'The text must have at least 20 characters.' });
  });

  it('need-assessment: unknown decision and bad date', async () => {
    const errors = await errorsOf('need-assessment', { needs: 'x', decision: 'maybe', decidedOn: '2025-02-30' }, 'nn');
    expect(errors).toEqual({ decision: 'Vel eitt av alternativa.', decidedOn: 'Skriv datoen som dd.mm.åååå.' });
  });

  it('offer-contact: everything required is reported', async () => {
    expect(await errorsOf('offer-contact', {}, 'en')).toEqual({
      notifiedBy: 'Fill in this field.',
      contactedOn: 'Fill in this field.',
      contactMethod: 'Choose an option.',
      wantsPlan: 'Choose an option.',
    });
  });

  it('signed-request: a representative must attach a power of attorney; invalid needs a reason', async () => {
    const errors = await errorsOf('signed-request', { receivedOn: '2025-03-10', signedBy: 'power-of-attorney', powerOfAttorneyAttached: false, valid: false });
    expect(errors).toEqual({ powerOfAttorneyAttached: 'En fullmektig må legge ved fullmakt.', notes: 'Skriv hvorfor signaturen ikke er gyldig.' });
  });

  it('consent-registration: given consent needs who, when and sharing', async () => {
    expect(await errorsOf('consent-registration', { given: true }, 'en')).toEqual({
      givenBy: 'Choose an option.',
      givenOn: 'Fill in this field.',
      shareWith: 'Choose at least one service we may share information with.',
    });
    expect(await validateForm('consent-registration', { given: false })).toMatchObject({ ok: true });
    expect(await errorsOf('consent-registration', { ...formsByKey['consent-registration'].example, validUntil: '2024-01-01' }, 'nn')).toEqual({
      validUntil: 'Datoen kan ikkje vere før startdatoen.',
    });
  });

  it('coordinator-appointment: e-mail, phone and the reason for not following the wish', async () => {
    const example = formsByKey['coordinator-appointment'].example;
    const errors = await errorsOf('coordinator-appointment', { ...example, wishOutcome: 'not-followed', coordinatorEmail: 'ingrid', coordinatorPhone: '12' }, 'en');
    expect(errors).toEqual({
      wishNotFollowedReason: "Explain why the person's wish was not followed.",
      coordinatorPhone: 'Enter a valid phone number with at least 8 digits.',
      coordinatorEmail: 'Enter a valid e-mail address, for example name@kommune.no.',
    });
  });

  it('responsibility-group: at least one member, each complete', async () => {
    const example = formsByKey['responsibility-group'].example;
    expect(await errorsOf('responsibility-group', { ...example, members: [] }, 'nb')).toEqual({ members: 'Legg til minst ett medlem.' });
    expect(await errorsOf('responsibility-group', { ...example, members: [{ name: 'Per Lunde', role: '' }] }, 'en')).toEqual({
      'members[0].role': 'Fill in this field.',
      'members[0].responsibility': 'Fill in this field.',
    });
  });

  it('plan: goals and measures, each measure complete, dates in order', async () => {
    const example = formsByKey.plan.example;
    expect(
      await errorsOf('plan', { ...example, goals: [], measures: [{ what: 'Gåtrening', responsible: '', byWhen: 'snart' }], periodTo: '2025-01-01' }, 'nn'),
    ).toEqual({
      goals: 'Legg til minst eitt mål.',
      'measures[0].responsible': 'Fyll ut feltet.',
      'measures[0].byWhen': 'Skriv datoen som dd.mm.åååå.',
      periodTo: 'Sluttdatoen kan ikkje vere før startdatoen.',
    });
    expect(await errorsOf('plan', { ...example, nextReviewOn: '2025-01-01' }, 'en')).toEqual({
      nextReviewOn: 'The review cannot be before the plan period starts.',
    });
  });

  it('plan-approval: changes must be described', async () => {
    expect(await errorsOf('plan-approval', { approved: false }, 'nn')).toEqual({ requestedChanges: 'Skriv kva du vil endre i planen.' });
    expect(await errorsOf('plan-approval', {}, 'en')).toEqual({ approved: 'Choose an option.' });
  });

  it('review: outcome and close reason', async () => {
    const example = formsByKey.review.example;
    expect(await errorsOf('review', { ...example, outcome: 'pause' }, 'en')).toEqual({ outcome: 'Choose one of the options.' });
    expect(await errorsOf('review', { ...example, outcome: 'close' }, 'nb')).toEqual({ closeReason: 'Skriv hvorfor planen avsluttes.' });
  });

  it('coordinator-change: a new coordinator when approved, reasons when declined', async () => {
    expect(await errorsOf('coordinator-change', { requestSummary: 'Ønsker en annen', decision: 'approved' }, 'en')).toEqual({
      newCoordinatorName: 'Fill in this field.',
      newCoordinatorUserId: 'Fill in this field.',
      newCoordinatorEmail: 'Fill in this field.',
    });
    expect(await errorsOf('coordinator-change', { requestSummary: 'Ønsker en annen', decision: 'declined' }, 'nn')).toEqual({
      reasons: 'Skriv kvifor koordinatoren ikkje blir bytt.',
    });
  });

  it('trims text, drops unknown fields and caps lengths', async () => {
    const result = await validateForm('plan-approval', { approved: true, requestedChanges: '  ', extra: 'x' });
    expect(result).toEqual({ ok: true, value: { approved: true } });
    const errors = await errorsOf('review', { ...formsByKey.review.example, summary: 'x'.repeat(4001) }, 'en');
    expect(errors).toEqual({ summary: 'The text can have at most 4000 characters.' });
  });
});
