// Every user-facing text exists in Bokmål, Nynorsk and English: the web app's locale files have the
// same keys with no empty text, and the Nynorsk texts (web, letters, receipts, notifications) carry
// none of the Bokmål-only words that give away an untranslated text.
import { describe, expect, it } from '@jest/globals';
// The web locale files augment i18next's types; the module must be part of this program for that.
import type {} from 'i18next';
import { nb } from '../../web/src/i18n/locales/nb.js';
import { nn } from '../../web/src/i18n/locales/nn.js';
import { en } from '../../web/src/i18n/locales/en.js';
import { planEn } from '../../web/src/i18n/locales/plan/en.js';
import { planNb } from '../../web/src/i18n/locales/plan/nb.js';
import { planNn } from '../../web/src/i18n/locales/plan/nn.js';
import { oversightEn } from '../../web/src/i18n/locales/oversight/en.js';
import { oversightNb } from '../../web/src/i18n/locales/oversight/nb.js';
import { oversightNn } from '../../web/src/i18n/locales/oversight/nn.js';
import { accessibilityEn } from '../../web/src/i18n/locales/accessibility/en.js';
import { accessibilityNb } from '../../web/src/i18n/locales/accessibility/nb.js';
import { accessibilityNn } from '../../web/src/i18n/locales/accessibility/nn.js';
import { processOwnerEn } from '../../web/src/i18n/locales/process-owner/en.js';
import { processOwnerNb } from '../../web/src/i18n/locales/process-owner/nb.js';
import { processOwnerNn } from '../../web/src/i18n/locales/process-owner/nn.js';
import { processElementsEn } from '../../web/src/i18n/locales/process-elements/en.js';
import { processElementsNb } from '../../web/src/i18n/locales/process-elements/nb.js';
import { processElementsNn } from '../../web/src/i18n/locales/process-elements/nn.js';
import { elementName } from '../../web/src/i18n/elementNames.js';
import { readFile } from 'node:fs/promises';
import { parseBpmn } from '../../server/definitions/compile.js';
import { auditActions } from '../../contract/audit.js';
import { composeLetter, letterTemplates } from '../../server/letters/templates.js';
import { notificationKinds, notificationText } from '../../server/notifications/messages.js';
import { caseClosedMessage, coordinatorAppointedMessage, coordinatorChangedMessage, groupEstablishedMessage } from '../../server/cases/event-messages.js';
import { receiptText } from '../../server/cases/receipt.js';
import { formKeys, formsByKey, type Field } from '../../forms/index.js';
import { bokmalOnly } from '../support/nynorsk.js';


type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}


/** Each namespace of the web app (web/src/i18n/i18n.ts) in nb, nn and en. */
const namespaces = {
  translation: { nb, nn, en },
  plan: { nb: planNb, nn: planNn, en: planEn },
  oversight: { nb: oversightNb, nn: oversightNn, en: oversightEn },
  processOwner: { nb: processOwnerNb, nn: processOwnerNn, en: processOwnerEn },
  accessibility: { nb: accessibilityNb, nn: accessibilityNn, en: accessibilityEn },
  processElements: { nb: processElementsNb, nn: processElementsNn, en: processElementsEn },
} as const satisfies Record<string, Record<'nb' | 'nn' | 'en', Tree>>;

describe.each(Object.entries(namespaces))('web texts, namespace %s', (_namespace, texts) => {
  const keys = (tree: Tree) => leaves(tree).map(([key]) => key).sort();

  it('nn and en have exactly the keys of nb', () => {
    expect(keys(texts.nn)).toEqual(keys(texts.nb));
    expect(keys(texts.en)).toEqual(keys(texts.nb));
  });

  it.each(['nb', 'nn', 'en'] as const)('no text in %s is empty', (language) => {
    expect(leaves(texts[language]).filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('no Nynorsk text uses a Bokmål-only word', () => {
    expect(leaves(texts.nn).filter(([, text]) => bokmalOnly.test(text))).toEqual([]);
  });
});

describe('the names of the shipped process', () => {
  // The English names are the file's own: a name still equal to one of them is shown in the
  // reader's language (web/src/i18n/elementNames.ts), so they must follow the file.
  it('are, in English, exactly the names in processes/individual-plan.bpmn', async () => {
    const { elementsById } = await parseBpmn(await readFile(new URL('../../processes/individual-plan.bpmn', import.meta.url), 'utf8'));
    const named = Object.fromEntries(
      Object.entries(elementsById)
        .filter(([, element]) => element.$type !== 'bpmn:Message' && typeof element.name === 'string' && element.name !== '')
        .map(([id, element]) => [id, element.name as string]),
    );
    expect(processElementsEn).toEqual(named);
  });

  it('are shown in the reader\'s language while as shipped, and as written once a process owner changes them', () => {
    expect(elementName('StartEvent_RequestReceived', 'Request received', 'nn')).toBe('Oppmoding motteken');
    expect(elementName('StartEvent_RequestReceived', 'Request received', 'nb')).toBe('Anmodning mottatt');
    expect(elementName('StartEvent_RequestReceived', 'Request received', 'en')).toBe('Request received');
    expect(elementName('StartEvent_RequestReceived', 'Søknad kom inn', 'nn')).toBe('Søknad kom inn');
    expect(elementName('Task_Added', 'Ny oppgåve', 'nb')).toBe('Ny oppgåve');
    expect(elementName('Gateway_Unnamed', null, 'nb')).toBeUndefined();
  });
});

describe('audit actions', () => {
  it.each(['nb', 'nn', 'en'] as const)('every action the product records (contract/audit.ts) has words in %s, and every resource a name', (language) => {
    const texts = { nb: oversightNb, nn: oversightNn, en: oversightEn }[language] as unknown as Tree;
    const named = new Set(leaves(texts).map(([key]) => key));
    const missing = auditActions.flatMap((action) => {
      const resource = action.slice(0, action.indexOf('.'));
      return [`auditAction.${action}`, `audit.resource.${resource}`].filter((key) => !named.has(key));
    });
    expect(missing).toEqual([]);
  });
});

describe('server texts in Nynorsk', () => {
  it('every letter template, in Nynorsk, uses no Bokmål-only word', () => {
    const facts = {
      caseNumber: 'IP-2026-000123',
      municipalityName: 'Eksempel kommune',
      date: new Date('2026-11-02T10:00:00Z'),
      recipientName: 'Kari Nordmann',
      personName: 'Emil Nordmann',
      decision: 'reject' as const,
      decidedOn: '2026-11-01',
      reasons: 'Grunngjeving',
      coordinator: { name: 'Anne Lie', unit: 'Tenestekontoret', phone: '12345678', email: 'anne@example.org' },
    };
    for (const template of letterTemplates) {
      const letter = composeLetter(template, 'nn', facts);
      const texts = [letter.title, ...JSON.stringify(letter.blocks).split('"')];
      expect({ template, offending: texts.filter((text) => bokmalOnly.test(text)) }).toEqual({ template, offending: [] });
    }
  });

  it('every notification, in Nynorsk, uses no Bokmål-only word', () => {
    for (const kind of notificationKinds) {
      const { subject, text } = notificationText(kind, 'nn', 'http://localhost:3000');
      expect({ kind, subject, text }).toEqual({ kind, subject: expect.not.stringMatching(bokmalOnly), text: expect.not.stringMatching(bokmalOnly) });
    }
  });

  it('the receipt and the case messages, in Nynorsk, use no Bokmål-only word', () => {
    const coordinator = { name: 'Anne Lie', unit: 'Tenestekontoret', phone: '12345678', email: 'anne@example.org' };
    const messages = [
      receiptText('nn', { caseNumber: 'IP-2026-000123', data: formsByKey.request.example as never, municipalityName: 'Eksempel kommune' }),
      coordinatorAppointedMessage('nn', 'IP-2026-000123', coordinator),
      coordinatorChangedMessage('nn', 'IP-2026-000123', coordinator),
      groupEstablishedMessage('nn', 'IP-2026-000123', { on: '2026-12-01', place: 'Rådhuset' }),
      ...(['no-consent', 'consent-withdrawn', 'rejected', 'plan-ended', 'offer-declined'] as const).map((reason) => caseClosedMessage('nn', 'IP-2026-000123', reason)),
    ];
    for (const message of messages) expect(message).toEqual({ subject: expect.not.stringMatching(bokmalOnly), body: expect.not.stringMatching(bokmalOnly) });
  });

  it('every form label, hint and option, in Nynorsk, uses no Bokmål-only word', () => {
    const texts = (fields: readonly Field[]): string[] =>
      fields.flatMap((field) => [
        field.label.nn,
        field.hint?.nn,
        ...('options' in field && field.options ? field.options.map((option) => option.label.nn) : []),
        ...(field.type === 'group' ? texts(field.fields) : []),
      ]).filter((text): text is string => typeof text === 'string');
    for (const key of formKeys) {
      expect({ key, offending: texts(formsByKey[key].fields).filter((text) => bokmalOnly.test(text)) }).toEqual({ key, offending: [] });
    }
  });
});
