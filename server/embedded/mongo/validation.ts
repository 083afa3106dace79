// Document validation as mongod applies a collection's `validator` (query operators and/or
// `$jsonSchema`) on insert and update, with `validationLevel` (strict, moderate, off) and
// `validationAction` (error, warn); a refused write gets code 121 with mongod's `errInfo`.
import type { Document } from 'bson';
import type { Collection } from './collection.js';
import { CommandError } from './errors.js';
import { compileSchema } from './jsonschema.js';
import { compileQuery } from './matching.js';
import { isPlainObject } from './values.js';

/** Why a document fails a validator, in the shape of mongod's `errInfo.details`. */
function explain(validator: Document, doc: Document): Document {
  const clauses: Document[] = [];
  for (const [field, cond] of Object.entries(validator)) {
    if (field === '$jsonSchema') {
      const schema = cond as Document;
      const rules = compileSchema(schema)(doc);
      if (rules.length === 0) continue;
      const details: Document = { operatorName: '$jsonSchema' };
      if (typeof schema.title === 'string') details.title = schema.title;
      details.schemaRulesNotSatisfied = rules;
      clauses.push(details);
      continue;
    }
    if (compileQuery({ [field]: cond }).test(doc)) continue;
    const op = isPlainObject(cond) && Object.keys(cond)[0]?.startsWith('$') ? (Object.keys(cond)[0] as string) : field.startsWith('$') ? field : '$eq';
    clauses.push({ operatorName: op, specifiedAs: { [field]: cond }, reason: 'expression did not match' });
  }
  if (clauses.length === 1) return clauses[0] as Document;
  return { operatorName: '$and', clausesNotSatisfied: clauses.map((details, index) => ({ index, details })) };
}

export interface ValidationOptions {
  /** The stored document an update starts from (undefined for inserts). */
  before?: Document;
  bypass?: boolean;
  warn?: (msg: string, doc: Document) => void;
}

/** Throws mongod's DocumentValidationFailure when `doc` may not be written to `coll`. */
export function validateWrite(coll: Collection, doc: Document, opts: ValidationOptions = {}): void {
  const validator = coll.options.validator as Document | undefined;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0 || opts.bypass) return;
  const level = coll.options.validationLevel ?? 'strict';
  if (level === 'off') return;
  const query = compileQuery(validator);
  if (query.test(doc)) return;
  // moderate: an update of a document that already broke the rules is let through.
  if (level === 'moderate' && opts.before && !query.test(opts.before)) return;
  if (coll.options.validationAction === 'warn') {
    opts.warn?.('Document would fail validation', { ns: coll.ns, _id: doc._id });
    return;
  }
  throw new CommandError(121, 'Document failed validation', { errInfo: { failingDocumentId: doc._id, details: explain(validator, doc) } });
}
