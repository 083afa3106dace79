// The forms' labels as the renderer (web/src/forms/FormFields.tsx) uses them: it adds the optional
// marker "(valgfritt)" to every field not marked required, so no label carries its own marker and a
// field the schema requires whenever it is shown is marked required; rows of a repeatable group are
// named by what one row is.
import { describe, expect, it } from '@jest/globals';
import { formKeys, formsByKey, languages, validateForm, type Field, type FormKey } from '../../forms/index.js';
import { joinPath, setIn, getIn } from './paths.js';

const optionalMarker = /\((valgfritt|valfritt|optional)\)/i;

/** Every field of a form with its path in the data, groups included (a repeatable group's first row). */
function fieldsOf(fields: readonly Field[], prefix = ''): { field: Field; path: string; siblings: readonly Field[]; parent: string }[] {
  return fields.flatMap((field) => {
    const path = joinPath(prefix, field.name);
    const own = { field, path, siblings: fields, parent: prefix };
    if (field.type !== 'group') return [own];
    return [own, ...fieldsOf(field.fields, field.repeatable ? `${path}[0]` : path)];
  });
}

describe.each(formKeys)('%s', (key: FormKey) => {
  const form = formsByKey[key];
  const all = fieldsOf(form.fields);

  it('no label or hint carries its own optional marker (the renderer adds it)', () => {
    for (const { field, path } of all) {
      for (const language of languages) {
        expect({ path, label: field.label[language] }).toEqual({ path, label: expect.not.stringMatching(optionalMarker) });
        if (field.hint) expect({ path, hint: field.hint[language] }).toEqual({ path, hint: expect.not.stringMatching(optionalMarker) });
      }
    }
  });

  it('a repeatable group names its rows in nb, nn and en', () => {
    for (const { field, path } of all) {
      if (field.type !== 'group' || !field.repeatable) continue;
      expect({ path, itemLabel: field.itemLabel }).toEqual({ path, itemLabel: { nb: expect.stringMatching(/\S/), nn: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) } });
    }
  });

  it('a field the schema requires whenever it is shown is marked required (never called optional)', async () => {
    const requiredButUnmarked: string[] = [];
    for (const { field, path, siblings, parent } of all) {
      if (field.required || field.type === 'group') continue;
      const data = structuredClone(form.example) as Record<string, unknown>;
      // Show the field: give the field it depends on the value that shows it.
      if (field.visibleWhen) {
        const sibling = siblings.some((f) => f.name === field.visibleWhen?.field);
        setIn(data, sibling ? joinPath(parent, field.visibleWhen.field) : field.visibleWhen.field, field.visibleWhen.in[0]);
      }
      if (parent && getIn(data, parent) === undefined) continue; // an optional group the example leaves out
      setIn(data, path, undefined);
      const result = await validateForm(key, data);
      if (!result.ok && result.errors.some((error) => error.field === path)) requiredButUnmarked.push(path);
    }
    expect(requiredButUnmarked).toEqual([]);
  });
});
