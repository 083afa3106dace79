import type { Field, LocalizedText, Language } from '@forms/types.js';

/** The label of the field at a path (`consent.sharing[0].party` → "Tjeneste"), for error summaries and reviews. */
export function labelAt(fields: readonly Field[], path: string, language: Language): string | undefined {
  const keys = path.replace(/\[\d+\]/g, '').split('.');
  let list: readonly Field[] = fields;
  let label: LocalizedText | undefined;
  for (const key of keys) {
    const field = list.find((f) => f.name === key);
    if (!field) return label?.[language];
    label = field.label;
    list = field.type === 'group' ? field.fields : [];
  }
  return label?.[language];
}
