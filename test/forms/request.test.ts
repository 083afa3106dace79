import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formsByKey, validateForm } from '../../forms/index.js';
import { ageFromNationalId, checkDigits, makeNationalId, parseNationalId } from '../../forms/national-id.js';
import { allowedSigners, requestForm, validateRequest, type ApplicantRole } from '../../forms/request.js';

const referenceDate = '2026-03-15';

async function errorsOf(data: unknown, language: 'nb' | 'nn' | 'en' = 'nb', date = referenceDate): Promise<Record<string, string>> {
  const result = await validateRequest(data, language, { referenceDate: date });
  if (result.ok) throw new Error('expected the request to be invalid');
  return Object.fromEntries(result.errors.map((error) => [error.field, error.message]));
}

const pdf = { name: 'fullmakt.pdf', size: 120_000, type: 'application/pdf' };

/** The example, for a person born on `birthDate`, sent by `role` with what that role needs. */
function requestFor(birthDate: string, role: ApplicantRole, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const example = structuredClone(requestForm.example) as Record<string, unknown>;
  const person = { ...(example.person as object), nationalId: makeNationalId(birthDate, { synthetic: true }) };
  const applicant = {
    name: 'Kari Fjellheim',
    nationalId: makeNationalId('1960-01-20', { synthetic: true }),
    relation: 'mor',
    phone: '41234567',
  };
  const signerName = role === 'person' ? 'Sigrid Fjellheim' : 'Kari Fjellheim';
  return {
    ...example,
    person,
    applicantRole: role,
    ...(role === 'person' ? {} : { applicant }),
    ...(role === 'health-personnel'
      ? { applicant: { name: 'Kari Fjellheim', organisation: 'Sykehuset Innlandet, sykepleier', phone: '41234567' }, consent: undefined }
      : {}),
    signature: { fullName: signerName, confirmed: true },
    ...extra,
  };
}

describe('national identity numbers and D-numbers', () => {
  it('accepts valid numbers and verifies both check digits', () => {
    // A number published as an example in many Norwegian libraries' tests (born 15.07.1965).
    expect(parseNationalId('15076500565')).toEqual({ ok: true, value: { kind: 'fodselsnummer', synthetic: false, birthDate: '1965-07-15', individualNumber: 5 } });
    expect(parseNationalId('150765 00565')).toMatchObject({ ok: true });
    expect(parseNationalId('15076500566')).toEqual({ ok: false, problem: 'checksum' }); // k2 wrong
    expect(parseNationalId('15076500575')).toEqual({ ok: false, problem: 'checksum' }); // k1 wrong
    expect(parseNationalId('1507650056')).toEqual({ ok: false, problem: 'format' });
    expect(parseNationalId('1507650056a')).toEqual({ ok: false, problem: 'format' });
  });

  it('reads D-numbers and synthetic test numbers', () => {
    const d = makeNationalId('1990-07-01', { dNumber: true });
    expect(d.startsWith('41')).toBe(true);
    expect(parseNationalId(d)).toMatchObject({ ok: true, value: { kind: 'd-number', birthDate: '1990-07-01', synthetic: false } });
    const synthetic = makeNationalId('2016-09-03', { synthetic: true, dNumber: true });
    expect(parseNationalId(synthetic)).toMatchObject({ ok: true, value: { kind: 'd-number', birthDate: '2016-09-03', synthetic: true } });
  });

  it('takes the century from the individual number', () => {
    expect(parseNationalId(makeNationalId('1899-05-01'))).toMatchObject({ value: { birthDate: '1899-05-01' } });
    expect(parseNationalId(makeNationalId('1945-05-01', { individual: 900 }))).toMatchObject({ value: { birthDate: '1945-05-01' } });
    expect(parseNationalId(makeNationalId('2005-05-01'))).toMatchObject({ value: { birthDate: '2005-05-01' } });
    expect(parseNationalId(makeNationalId('1905-05-01', { individual: 100 }))).toMatchObject({ value: { birthDate: '1905-05-01' } });
    // 750–899 with a year from 40: not issued.
    const nine = '010545800';
    const digits = checkDigits(nine);
    if (digits) expect(parseNationalId(`${nine}${digits.join('')}`)).toEqual({ ok: false, problem: 'date' });
  });

  it('rejects impossible dates even with correct check digits', () => {
    const nine = '310299100'; // 31 February
    const digits = checkDigits(nine);
    if (digits) expect(parseNationalId(`${nine}${digits.join('')}`)).toEqual({ ok: false, problem: 'date' });
    const dNumberDay72 = '720199100';
    const d2 = checkDigits(dNumberDay72);
    if (d2) expect(parseNationalId(`${dNumberDay72}${d2.join('')}`)).toEqual({ ok: false, problem: 'date' });
  });

  it('gives the age on a reference date, around birthdays', () => {
    const id = makeNationalId('2010-03-15');
    expect(ageFromNationalId(id, '2026-03-14')).toBe(15);
    expect(ageFromNationalId(id, '2026-03-15')).toBe(16);
    expect(ageFromNationalId(makeNationalId('2008-03-16'), '2026-03-15')).toBe(17);
    expect(ageFromNationalId(makeNationalId('2008-03-15'), '2026-03-15')).toBe(18);
    expect(ageFromNationalId('12345678901', '2026-03-15')).toBeUndefined();
  });

  it('property: every generated number parses back to its date, and any one-digit change is caught', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1855-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (date, dNumber, position, delta) => {
          const iso = date.toISOString().slice(0, 10);
          let id: string;
          try {
            id = makeNationalId(iso, { dNumber });
          } catch {
            return; // no valid number for this date in the ranges
          }
          const parsed = parseNationalId(id);
          expect(parsed).toMatchObject({ ok: true, value: { birthDate: iso } });
          const changed = `${id.slice(0, position)}${(Number(id[position]) + delta) % 10}${id.slice(position + 1)}`;
          const reparsed = parseNationalId(changed);
          // A single changed digit either breaks a check digit or the date; it never yields the same person.
          if (reparsed.ok) expect(changed).not.toBe(id);
          if (position >= 9) expect(reparsed.ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the request form', () => {
  it('the example is valid on the reference date and today', async () => {
    expect(await validateRequest(requestForm.example, 'nb', { referenceDate })).toMatchObject({ ok: true });
    expect(await validateForm('request', requestForm.example)).toMatchObject({ ok: true });
  });

  it('reports everything missing in an empty request, in each language', async () => {
    expect(await errorsOf({}, 'en')).toEqual({
      'person.name': 'Fill in this field.',
      'person.nationalId': 'Fill in this field.',
      'person.writtenForm': 'Choose an option.',
      'person.interpreterNeeded': 'Choose an option.',
      applicantRole: 'Choose an option.',
      askFor: 'Choose an option.',
      situation: 'Fill in this field.',
      coordinationNeeds: 'Fill in this field.',
      consent: 'Fill in this field.',
      'signature.fullName': 'Fill in this field.',
      'signature.confirmed': 'You must confirm this.',
    });
    const nn = await errorsOf({ person: { nationalId: '12345678901' } }, 'nn');
    expect(nn['person.nationalId']).toBe('Skriv eit gyldig fødselsnummer eller D-nummer med 11 siffer.');
    expect(nn.applicantRole).toBe('Vel eit alternativ.');
  });

  it('rejects national identity numbers and D-numbers with a wrong check digit', async () => {
    const valid = makeNationalId('1987-05-14', { synthetic: true });
    const wrongK1 = `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}${valid[10]}`;
    const wrongK2 = `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`;
    for (const id of [wrongK1, wrongK2, '00000000000', '1485871005']) {
      const errors = await errorsOf({ ...requestFor('1987-05-14', 'person'), person: { ...(requestForm.example.person as object), nationalId: id } });
      expect(errors).toEqual({ 'person.nationalId': 'Skriv et gyldig fødselsnummer eller D-nummer med 11 siffer.' });
    }
    const dNumber = makeNationalId('1987-05-14', { dNumber: true, synthetic: true });
    expect(await validateRequest({ ...requestFor('1987-05-14', 'person'), person: { ...(requestForm.example.person as object), nationalId: dNumber } }, 'nb', { referenceDate })).toMatchObject({ ok: true });
    const badD = `${dNumber.slice(0, 10)}${(Number(dNumber[10]) + 3) % 10}`;
    expect(await errorsOf({ ...requestFor('1987-05-14', 'person'), person: { ...(requestForm.example.person as object), nationalId: badD } })).toHaveProperty(['person.nationalId']);
  });

  it('normalizes the number (spaces) and strips unknown fields', async () => {
    const data = requestFor('1987-05-14', 'person');
    const id = (data.person as { nationalId: string }).nationalId;
    const result = await validateRequest({ ...data, person: { ...(data.person as object), nationalId: `${id.slice(0, 6)} ${id.slice(6)}`, evil: 1 }, isAdmin: true }, 'nb', { referenceDate });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.person.nationalId).toBe(id);
    expect(result.value).not.toHaveProperty('isAdmin');
    expect(result.value.person).not.toHaveProperty('evil');
    expect(result.value).not.toHaveProperty('applicant');
  });

  describe('who may sign, by age from the national identity number', () => {
    const roles: ApplicantRole[] = ['person', 'parent', 'guardian', 'proxy', 'health-personnel'];
    const cases: [string, string, number][] = [
      ['15 (16th birthday tomorrow)', '2010-03-16', 15],
      ['16 today', '2010-03-15', 16],
      ['17 (18th birthday tomorrow)', '2008-03-16', 17],
      ['18 today', '2008-03-15', 18],
      ['8', '2017-06-01', 8],
      ['45', '1981-01-01', 45],
    ];
    it.each(cases)('age %s', async (_label, birthDate, age) => {
      expect(allowedSigners(age)).toBeDefined();
      for (const role of roles) {
        const extra: Record<string, unknown> = {};
        if (role === 'proxy' || (role === 'guardian' && age >= 18)) extra.powerOfAttorney = pdf;
        if ((role === 'parent' || role === 'guardian') && age >= 16 && age < 18) {
          extra.applicant = { name: 'Kari Fjellheim', nationalId: makeNationalId('1960-01-20', { synthetic: true }), phone: '41234567', cannotConsentReason: 'Sigrid har en alvorlig utviklingshemming.' };
        }
        const result = await validateRequest(requestFor(birthDate, role, extra), 'en', { referenceDate });
        const allowed = allowedSigners(age).includes(role);
        if (allowed) expect({ role, result }).toMatchObject({ role, result: { ok: true } });
        else {
          expect({ role, ok: result.ok }).toEqual({ role, ok: false });
          if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['applicantRole']);
        }
      }
    });

    it('explains the rule in the sender’s language', async () => {
      expect((await errorsOf(requestFor('2010-03-16', 'person'), 'nb')).applicantRole).toBe(
        'Personen er under 16 år. Da må en forelder eller verge sende anmodningen.',
      );
      expect((await errorsOf(requestFor('2008-03-16', 'proxy', { powerOfAttorney: pdf }), 'nn')).applicantRole).toBe(
        'Personen er 16 eller 17 år. Då sender personen sjølv, eller ein forelder eller ei verje dersom personen ikkje kan samtykkje.',
      );
      expect((await errorsOf(requestFor('2008-03-15', 'parent'), 'en')).applicantRole).toBe(
        'The person is 18 or older. The person, a representative with a power of attorney or a guardian sends it.',
      );
    });

    it('16–17: a parent or guardian must say why the person cannot consent', async () => {
      expect(await errorsOf(requestFor('2009-01-01', 'parent'), 'en')).toEqual({
        'applicant.cannotConsentReason': 'The person is 16 or 17 and consents themselves if able to. Explain why the person cannot consent themselves.',
      });
      // Under 16 no reason is needed.
      expect(await validateRequest(requestFor('2012-01-01', 'parent'), 'nb', { referenceDate })).toMatchObject({ ok: true });
    });

    it('a proxy, and a guardian of an adult, attach a PDF; a guardian of a child need not', async () => {
      expect(await errorsOf(requestFor('1981-01-01', 'proxy'), 'en')).toEqual({ powerOfAttorney: 'Attach the power of attorney as a PDF.' });
      expect(await errorsOf(requestFor('1981-01-01', 'guardian'), 'en')).toEqual({ powerOfAttorney: 'Attach the power of attorney as a PDF.' });
      expect(await validateRequest(requestFor('2015-01-01', 'guardian'), 'nb', { referenceDate })).toMatchObject({ ok: true });
      expect(await errorsOf(requestFor('1981-01-01', 'proxy', { powerOfAttorney: { ...pdf, type: 'image/png' } }), 'nn')).toEqual({ 'powerOfAttorney.type': 'Fila må vere ein PDF.' });
      expect(await errorsOf(requestFor('1981-01-01', 'proxy', { powerOfAttorney: { ...pdf, size: 6 * 1024 * 1024 } }), 'en')).toEqual({ 'powerOfAttorney.size': 'The file can be at most 5 MB.' });
      // An attachment the role does not need is dropped.
      const result = await validateRequest(requestFor('1981-01-01', 'person', { powerOfAttorney: pdf }), 'nb', { referenceDate });
      expect(result.ok && 'powerOfAttorney' in result.value).toBe(false);
    });

    it('the typed name must be the signer’s, and the confirmation is required', async () => {
      expect(await errorsOf(requestFor('1981-01-01', 'person', { signature: { fullName: 'Ola Nordmann', confirmed: false } }), 'en')).toEqual({
        'signature.fullName': 'The name must be the same as the name of the person sending the request.',
        'signature.confirmed': 'You must confirm this.',
      });
      // Case and spacing do not matter.
      expect(await validateRequest(requestFor('1981-01-01', 'person', { signature: { fullName: '  sigrid   FJELLHEIM ', confirmed: true } }), 'nb', { referenceDate })).toMatchObject({ ok: true });
      // A parent signs with their own name, not the child's.
      expect(await errorsOf(requestFor('2015-01-01', 'parent', { signature: { fullName: 'Sigrid Fjellheim', confirmed: true } }), 'en')).toHaveProperty(['signature.fullName']);
    });

    it('a sender is not the person: their own national identity number is required and must differ', async () => {
      const data = requestFor('2015-01-01', 'parent');
      const personId = (data.person as { nationalId: string }).nationalId;
      expect(await errorsOf({ ...data, applicant: { ...(data.applicant as object), nationalId: personId } }, 'en')).toEqual({
        'applicant.nationalId': 'This is the national identity number of the person the plan is for. Enter your own.',
      });
      expect(await errorsOf({ ...data, applicant: { name: 'Kari Fjellheim', phone: '41234567' } }, 'en')).toEqual({ 'applicant.nationalId': 'Fill in this field.' });
    });

    it('health personnel report without consent and need a workplace', async () => {
      const data = requestFor('1950-01-01', 'health-personnel', { consent: { given: true, sharing: [], duration: 'until-withdrawn' } });
      const result = await validateRequest(data, 'nb', { referenceDate });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.consent).toBeUndefined();
      expect(await errorsOf({ ...data, applicant: { name: 'Kari Fjellheim', phone: '41234567' } }, 'en')).toEqual({ 'applicant.organisation': 'Give your workplace and position.' });
    });
  });

  it('a child coordinator is for children under 18', async () => {
    expect(await errorsOf(requestFor('1981-01-01', 'person', { askFor: 'child-coordinator' }), 'en')).toEqual({
      askFor: 'A child coordinator is for children under 18. Choose another option.',
    });
    expect(await validateRequest(requestFor('2015-01-01', 'parent', { askFor: 'child-coordinator' }), 'nb', { referenceDate })).toMatchObject({ ok: true });
  });

  it('consent: sharing is needed when given, an end date when limited, and nothing is kept when refused', async () => {
    const base = requestFor('1981-01-01', 'person');
    expect(await errorsOf({ ...base, consent: { given: true, sharing: [], duration: 'until-date' } }, 'en')).toEqual({
      'consent.sharing': 'Choose at least one service that may share information.',
      'consent.validUntil': 'Fill in this field.',
    });
    expect(await errorsOf({ ...base, consent: { given: true, sharing: [{ party: 'nav', information: [] }], duration: 'until-date', validUntil: '2026-01-01' } }, 'nn')).toEqual({
      'consent.sharing[0].information': 'Vel minst éin type opplysningar.',
      'consent.validUntil': 'Datoen kan ikkje vere attende i tid.',
    });
    const refused = await validateRequest({ ...base, consent: { given: false, sharing: [{ party: 'nav', information: ['health'] }], duration: 'until-date' } }, 'nb', { referenceDate });
    expect(refused).toEqual({ ok: true, value: expect.objectContaining({ consent: { given: false } }) });
  });

  it('contact details: the sender must be reachable; an interpreter needs a language', async () => {
    const base = requestFor('1981-01-01', 'person');
    expect(
      await errorsOf({ ...base, person: { ...(base.person as object), phone: '', email: '', interpreterNeeded: true } }, 'en'),
    ).toEqual({
      'person.phone': 'Give a phone number or an e-mail address so that we can reach you.',
      'person.interpreterLanguage': 'Say which language the interpreter is for.',
    });
    expect(await errorsOf({ ...base, person: { ...(base.person as object), phone: '12', email: 'nope' } }, 'en')).toEqual({
      'person.phone': 'Enter a valid phone number with at least 8 digits.',
      'person.email': 'Enter a valid e-mail address, for example name@kommune.no.',
    });
  });

  it('current services are a list of up to 20, each with a service and a provider', async () => {
    const base = requestFor('1981-01-01', 'person');
    expect(await errorsOf({ ...base, currentServices: [{ service: '', provider: 'mars' }] }, 'en')).toEqual({
      'currentServices[0].service': 'Fill in this field.',
      'currentServices[0].provider': 'Choose one of the options.',
    });
    const many = Array.from({ length: 21 }, () => ({ service: 'Avlastning', provider: 'other' }));
    expect(await errorsOf({ ...base, currentServices: many }, 'en')).toEqual({ currentServices: 'You can add at most {max}.'.replace('{max}', '20') });
  });
});

describe('the person’s other forms', () => {
  it('consent, consent withdrawal and coordinator change request validate their examples and rules', async () => {
    expect(await validateForm('consent', formsByKey.consent.example)).toMatchObject({ ok: true });
    expect(await validateForm('consent-withdrawal', { understood: false }, 'nn')).toEqual({ ok: false, errors: [{ field: 'understood', message: 'Du må stadfeste dette.' }] });
    expect(await validateForm('coordinator-change-request', {}, 'en')).toEqual({ ok: false, errors: [{ field: 'reason', message: 'Fill in this field.' }] });
  });
});
