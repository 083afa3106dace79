import { elementName } from './elementNames.js';
import type { Language } from './languages.js';

/** The BPMN file with its shipped names in the reader's language, for a drawing that is only read (never saved). */
export function diagramInLanguage(xml: string, language: Language): string {
  if (language === 'en') return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return xml; // the viewer reports what is wrong with it
  for (const element of Array.from(doc.querySelectorAll('[id][name]'))) {
    const translated = elementName(element.getAttribute('id')!, element.getAttribute('name'), language);
    if (translated !== undefined) element.setAttribute('name', translated);
  }
  return new XMLSerializer().serializeToString(doc);
}
