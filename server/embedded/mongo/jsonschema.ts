// MongoDB's `$jsonSchema` dialect (JSON Schema draft 4 keywords plus `bsonType`), which mingo leaves
// to a validator supplied by its user. A compiled schema lists the rules a document breaks, in the
// shape mongod reports them in a validation error's `errInfo.details.schemaRulesNotSatisfied`.
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { hasType, typeAlias, typeName } from './types.js';
import { compareValues, isPlainObject } from './values.js';

export type Rule = Document;
type Check = (v: unknown) => Rule[];

const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: (v) => typeName(v) === 'object',
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => hasType(v, 'number'),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

function bad(message: string): CommandError {
  return new CommandError(2, message);
}

/** Compiles a `$jsonSchema` document; throws mongod's error for keywords it does not support. */
export function compileSchema(schema: unknown): Check {
  if (!isPlainObject(schema)) throw bad('$jsonSchema must be an object');
  const checks: Check[] = [];
  for (const [kw, arg] of Object.entries(schema)) {
    switch (kw) {
      case 'bsonType':
      case 'type': {
        const names = (Array.isArray(arg) ? arg : [arg]) as unknown[];
        const tests = names.map((n) => {
          if (kw === 'type') {
            const t = JSON_TYPES[String(n)];
            if (!t) throw bad(`Unknown type name alias: ${String(n)}`);
            return t;
          }
          const alias = typeAlias(n);
          if (!alias) throw bad(`Unknown type name alias: ${String(n)}`);
          return (v: unknown) => hasType(v, alias);
        });
        checks.push((v) => (tests.some((t) => t(v)) ? [] : [{ operatorName: kw, specifiedAs: { [kw]: arg }, reason: 'type did not match', consideredValue: v, consideredType: typeName(v) }]));
        break;
      }
      case 'required': {
        const fields = arg as string[];
        checks.push((v) => {
          if (!isPlainObject(v)) return [];
          const missing = fields.filter((f) => !Object.hasOwn(v, f));
          return missing.length ? [{ operatorName: 'required', specifiedAs: { required: fields }, missingProperties: missing }] : [];
        });
        break;
      }
      case 'properties': {
        const props = Object.entries(arg as Document).map(([name, sub]) => [name, compileSchema(sub)] as const);
        checks.push((v) => {
          if (!isPlainObject(v)) return [];
          const details = props.flatMap(([name, check]) => {
            if (!Object.hasOwn(v, name)) return [];
            const rules = check(v[name]);
            return rules.length ? [{ propertyName: name, details: rules }] : [];
          });
          return details.length ? [{ operatorName: 'properties', propertiesNotSatisfied: details }] : [];
        });
        break;
      }
      case 'additionalProperties': {
        const known = new Set(Object.keys((schema.properties as Document | undefined) ?? {}));
        const sub = isPlainObject(arg) ? compileSchema(arg) : undefined;
        checks.push((v) => {
          if (!isPlainObject(v)) return [];
          const extra = Object.keys(v).filter((k) => !known.has(k));
          if (arg === false && extra.length) return [{ operatorName: 'additionalProperties', specifiedAs: { additionalProperties: false }, additionalProperties: extra }];
          if (sub && extra.some((k) => sub(v[k]).length)) return [{ operatorName: 'additionalProperties', specifiedAs: { additionalProperties: arg } }];
          return [];
        });
        break;
      }
      case 'enum': {
        const values = arg as unknown[];
        checks.push((v) => (values.some((e) => typeName(e) === typeName(v) || (hasType(e, 'number') && hasType(v, 'number')) ? compareValues(e, v) === 0 : false) ? [] : [{ operatorName: 'enum', specifiedAs: { enum: values }, reason: 'value was not found in enum', consideredValue: v }]));
        break;
      }
      case 'minimum':
      case 'maximum': {
        const exclusive = schema[kw === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'] === true;
        checks.push((v) => {
          if (!hasType(v, 'number')) return [];
          const d = compareValues(v, arg);
          const ok = kw === 'minimum' ? (exclusive ? d > 0 : d >= 0) : exclusive ? d < 0 : d <= 0;
          return ok ? [] : [{ operatorName: kw, specifiedAs: { [kw]: arg }, reason: `comparison failed`, consideredValue: v }];
        });
        break;
      }
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems': {
        const n = Number(arg);
        const forArrays = kw.endsWith('Items');
        checks.push((v) => {
          if (forArrays ? !Array.isArray(v) : typeof v !== 'string') return [];
          const len = forArrays ? (v as unknown[]).length : [...(v as string)].length;
          const ok = kw.startsWith('min') ? len >= n : len <= n;
          return ok ? [] : [{ operatorName: kw, specifiedAs: { [kw]: arg }, reason: 'specified length was not satisfied', consideredValue: v }];
        });
        break;
      }
      case 'pattern': {
        const re = new RegExp(String(arg), 'u');
        checks.push((v) => (typeof v !== 'string' || re.test(v) ? [] : [{ operatorName: 'pattern', specifiedAs: { pattern: arg }, reason: 'regular expression did not match', consideredValue: v }]));
        break;
      }
      case 'items': {
        const sub = compileSchema(arg);
        checks.push((v) => {
          if (!Array.isArray(v)) return [];
          const failing = v.map((e, i) => [i, sub(e)] as const).filter(([, r]) => r.length);
          return failing.length ? [{ operatorName: 'items', reason: 'At least one item did not match the sub-schema', itemIndex: failing[0]?.[0], details: failing[0]?.[1] }] : [];
        });
        break;
      }
      case 'uniqueItems':
        checks.push((v) => (arg === true && Array.isArray(v) && v.some((e, i) => v.findIndex((x) => compareValues(x, e) === 0) !== i) ? [{ operatorName: 'uniqueItems', specifiedAs: { uniqueItems: true }, reason: 'found a duplicate item', consideredValue: v }] : []));
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf': {
        const subs = (arg as unknown[]).map(compileSchema);
        checks.push((v) => {
          const passing = subs.filter((s) => s(v).length === 0).length;
          const ok = kw === 'anyOf' ? passing > 0 : kw === 'oneOf' ? passing === 1 : passing === subs.length;
          return ok ? [] : [{ operatorName: kw, specifiedAs: { [kw]: arg }, reason: 'schema did not match' }];
        });
        break;
      }
      case 'not': {
        const sub = compileSchema(arg);
        checks.push((v) => (sub(v).length ? [] : [{ operatorName: 'not', specifiedAs: { not: arg }, reason: 'child schema matched' }]));
        break;
      }
      case 'title':
      case 'description':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        break;
      default:
        throw bad(`Unknown $jsonSchema keyword: ${kw}`);
    }
  }
  return (v) => checks.flatMap((c) => c(v));
}

/** mingo's hook: a `$jsonSchema` query condition as a document test. */
export function jsonSchemaValidator(schema: unknown): (doc: unknown) => boolean {
  const check = compileSchema(schema);
  return (doc) => check(doc).length === 0;
}
