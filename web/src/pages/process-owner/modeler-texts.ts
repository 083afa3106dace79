/**
 * bpmn-js's own texts (palette, context pad, change-type menu) in nb and nn, as its `translate`
 * service: English is the library's own. Only the entries a process owner meets in the editor.
 */
const texts: Record<string, { nb: string; nn: string }> = {
  'Activate hand tool': { nb: 'Flytt visningen', nn: 'Flytt visinga' },
  'Activate lasso tool': { nb: 'Merk flere elementer', nn: 'Merk fleire element' },
  'Activate create/remove space tool': { nb: 'Lag eller fjern plass', nn: 'Lag eller fjern plass' },
  'Activate global connect tool': { nb: 'Koble sammen elementer', nn: 'Kople saman element' },
  'Create start event': { nb: 'Lag starthendelse', nn: 'Lag starthending' },
  'Create intermediate/boundary event': { nb: 'Lag mellomhendelse', nn: 'Lag mellomhending' },
  'Create end event': { nb: 'Lag sluttende', nn: 'Lag sluttending' },
  'Create gateway': { nb: 'Lag forgreining', nn: 'Lag forgreining' },
  'Create task': { nb: 'Lag steg', nn: 'Lag steg' },
  'Create data object reference': { nb: 'Lag dataobjekt', nn: 'Lag dataobjekt' },
  'Create data store reference': { nb: 'Lag datalager', nn: 'Lag datalager' },
  'Create expanded sub-process': { nb: 'Lag delprosess', nn: 'Lag delprosess' },
  'Create pool/participant': { nb: 'Lag deltaker', nn: 'Lag deltakar' },
  'Create group': { nb: 'Lag gruppe', nn: 'Lag gruppe' },
  'Append task': { nb: 'Legg til steg etter', nn: 'Legg til steg etter' },
  'Append end event': { nb: 'Legg til sluttende etter', nn: 'Legg til sluttending etter' },
  'Append gateway': { nb: 'Legg til forgreining etter', nn: 'Legg til forgreining etter' },
  'Append intermediate/boundary event': { nb: 'Legg til mellomhendelse etter', nn: 'Legg til mellomhending etter' },
  'Append timer intermediate catch event': { nb: 'Legg til tidtaker etter', nn: 'Legg til tidtakar etter' },
  'Change element': { nb: 'Endre type', nn: 'Endre type' },
  'Connect to other element': { nb: 'Koble til et annet element', nn: 'Kople til eit anna element' },
  'Add text annotation': { nb: 'Legg til merknad', nn: 'Legg til merknad' },
  Delete: { nb: 'Slett', nn: 'Slett' },
  Task: { nb: 'Steg', nn: 'Steg' },
  'User task': { nb: 'Brukeroppgave', nn: 'Brukaroppgåve' },
  'Service task': { nb: 'Automatisk steg', nn: 'Automatisk steg' },
  'Script task': { nb: 'Skriptsteg', nn: 'Skriptsteg' },
  'Send task': { nb: 'Sendesteg', nn: 'Sendesteg' },
  'Receive task': { nb: 'Mottakssteg', nn: 'Mottakssteg' },
  'Manual task': { nb: 'Manuelt steg', nn: 'Manuelt steg' },
  'Business rule task': { nb: 'Regelsteg', nn: 'Regelsteg' },
  'Exclusive gateway': { nb: 'Enten–eller-forgreining', nn: 'Anten–eller-forgreining' },
  'Parallel gateway': { nb: 'Parallell forgreining', nn: 'Parallell forgreining' },
};

/** A bpmn-js module that replaces its `translate` service. */
export function modelerTranslation(language: string) {
  const translate = (template: string, replacements: Record<string, string> = {}) => {
    const text = language === 'nb' || language === 'nn' ? (texts[template]?.[language] ?? template) : template;
    return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  };
  return { translate: ['value', translate] };
}
