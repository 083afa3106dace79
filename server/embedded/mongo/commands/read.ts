import type { Document } from 'bson';
import type { AnyObject } from 'mingo/types';
import { arraySource } from '../cursors.js';
import { VERSION } from './admin.js';
import { CommandError } from '../errors.js';
import { valuesAtPath } from '../indexes.js';
import { geoNearStage, takeNear } from '../geo-query.js';
import { compileQuery, makeAggregator, queryError, sortDocuments } from '../matching.js';
import { countMatches, distinctValues, projectedFields, projector, select } from '../query.js';
import type { Plan } from '../planner.js';
import { cloneDoc, isPlainObject } from '../values.js';
import { checkHint, collectionName, hintOrder, matchOptions, optionalNumber, type Context, type Handler } from './context.js';
import { writeStage } from './stages.js';
import { textScores } from '../text.js';
import { collator } from '../collation.js';

/** The source collection and the whole pipeline of a view (views on views resolved), or undefined. */
function resolveView(ctx: Context, name: string): { source: string; pipeline: Document[]; collation?: unknown } | undefined {
  let coll = ctx.storage.collection(ctx.db, name);
  if (coll?.options.viewOn === undefined) return undefined;
  const collation = coll.options.collation;
  let pipeline: Document[] = [];
  let source = name;
  for (let depth = 0; coll?.options.viewOn !== undefined; depth++) {
    if (depth > 20) throw new CommandError(2, 'View depth too deep or view cycle detected');
    pipeline = [...((coll.options.pipeline as Document[] | undefined) ?? []), ...pipeline];
    source = String(coll.options.viewOn);
    coll = ctx.storage.collection(ctx.db, source);
  }
  return { source, pipeline, collation };
}

/** Runs a read on a view as an aggregation over its source collection. */
function viewPipeline(ctx: Context, cmd: Document, view: { source: string; pipeline: Document[]; collation?: unknown }, stages: Document[]): Document[] {
  return runPipeline({ aggregate: view.source, pipeline: [...view.pipeline, ...stages], cursor: {}, collation: cmd.collation ?? view.collation, let: cmd.let }, ctx).results;
}

export const find: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'find');
  const limit = optionalNumber(cmd.limit) ?? 0;
  const batchSize = optionalNumber(cmd.batchSize) ?? 101;
  const view = resolveView(ctx, name);
  if (view) {
    const stages: Document[] = [];
    if (isPlainObject(cmd.filter) && Object.keys(cmd.filter).length) stages.push({ $match: cmd.filter });
    if (isPlainObject(cmd.sort) && Object.keys(cmd.sort).length) stages.push({ $sort: cmd.sort });
    if (optionalNumber(cmd.skip)) stages.push({ $skip: optionalNumber(cmd.skip) });
    if (limit) stages.push({ $limit: Math.abs(limit) });
    if (isPlainObject(cmd.projection) && Object.keys(cmd.projection).length) stages.push({ $project: cmd.projection });
    const docs = viewPipeline(ctx, cmd, view, stages);
    return ctx.cursors.first(`${ctx.db}.${name}`, arraySource(docs), limit ? Math.min(batchSize, Math.abs(limit)) : batchSize, cmd.singleBatch === true || limit < 0);
  }
  const coll = ctx.storage.collection(ctx.db, name);
  checkHint(cmd.hint, coll);
  const match = matchOptions(cmd, cmd, coll);
  const sorted = isPlainObject(cmd.sort) && Object.keys(cmd.sort).length > 0;
  const reads = projectedFields(cmd.projection);
  const { docs } = select(coll, cmd.filter as Document | undefined, {
    sort: sorted ? (cmd.sort as Document) : hintOrder(cmd.hint, coll),
    skip: optionalNumber(cmd.skip),
    limit: Math.abs(limit),
    ...match,
    ...(reads && { reads }),
  });
  const source = arraySource(docs, projector(cmd.filter as Document | undefined, cmd.projection, match));
  return ctx.cursors.first(`${ctx.db}.${name}`, source, limit ? Math.min(batchSize, Math.abs(limit)) : batchSize, cmd.singleBatch === true || limit < 0);
};

export const getMore: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collection');
  return ctx.cursors.getMore(cmd.getMore, `${ctx.db}.${name}`, optionalNumber(cmd.batchSize));
};

export const killCursors: Handler = (cmd, ctx) => ctx.cursors.kill(Array.isArray(cmd.cursors) ? (cmd.cursors as unknown[]) : []);

export const count: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'count');
  const coll = ctx.storage.collection(ctx.db, name);
  const query = cmd.query as Document | undefined;
  const skip = optionalNumber(cmd.skip) ?? 0;
  const limit = Math.abs(optionalNumber(cmd.limit) ?? 0);
  const match = matchOptions(cmd, cmd, coll);
  checkHint(cmd.hint, coll);
  const view = resolveView(ctx, name);
  let n: number;
  if (view) n = viewPipeline(ctx, cmd, view, isPlainObject(query) ? [{ $match: query }] : []).length;
  else if (!query || Object.keys(query).length === 0) n = coll?.docs.size ?? 0;
  else n = countMatches(coll, query, match);
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

export const distinct: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'distinct');
  const key: unknown = cmd.key;
  if (typeof key !== 'string') throw new CommandError(14, "BSON field 'distinct.key' is missing or not a string");
  const coll = ctx.storage.collection(ctx.db, name);
  const match = matchOptions(cmd, cmd, coll);
  const view = resolveView(ctx, name);
  const docs = view ? viewPipeline(ctx, cmd, view, isPlainObject(cmd.query) ? [{ $match: cmd.query }] : []) : select(coll, cmd.query as Document | undefined, match).docs;
  const values: unknown[] = [];
  for (const doc of docs) for (const v of valuesAtPath(doc, key)) if (v !== undefined) values.push(v);
  return { values: distinctValues(values, match.collation), ok: 1 };
};

// Stages that never modify the documents they receive, so stored documents can be passed directly.
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount']);

function stageName(stage: unknown): string {
  return isPlainObject(stage) ? (Object.keys(stage)[0] ?? '') : '';
}

/** The stages countDocuments sends after its $match: optional $skip and $limit, then `$group { _id: 1, n: { $sum: 1 } }`. */
function countDocumentsShape(rest: Document[]): { skip: number; limit: number } | undefined {
  const out = { skip: 0, limit: 0 };
  let i = 0;
  const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (isCount(rest[i]?.$skip) && Object.keys(rest[i] as Document).length === 1) out.skip = (rest[i++] as Document).$skip as number;
  if (isCount(rest[i]?.$limit) && (rest[i] as Document).$limit !== 0 && Object.keys(rest[i] as Document).length === 1) out.limit = (rest[i++] as Document).$limit as number;
  const group = rest[i]?.$group as unknown;
  if (i !== rest.length - 1 || Object.keys(rest[i] as Document).length !== 1 || !isPlainObject(group)) return undefined;
  const keys = Object.keys(group);
  const sum = group.n as unknown;
  const ok = keys.length === 2 && group._id === 1 && isPlainObject(sum) && Object.keys(sum).length === 1 && sum.$sum === 1;
  return ok ? out : undefined;
}

function runPipeline(cmd: Document, ctx: Context): { results: Document[]; ns: string; plan?: Plan } {
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(14, "'pipeline' option must be specified as an array");
  let pipeline = cmd.pipeline as Document[];
  const last = pipeline[pipeline.length - 1];
  const output = last && (stageName(last) === '$out' || stageName(last) === '$merge') ? last : undefined;
  for (const stage of pipeline.slice(0, output ? -1 : undefined)) {
    const op = stageName(stage);
    if (op === '$out' || op === '$merge') throw new CommandError(40601, `${op} can only be the final stage in the pipeline`);
  }
  if (output) {
    const { results, ns, plan } = runPipeline({ ...cmd, pipeline: pipeline.slice(0, -1) }, ctx);
    writeStage(ctx, output, results, cmd);
    return { results: [], ns, plan };
  }
  const collectionless = typeof cmd.aggregate !== 'string';
  const name = collectionless ? '$cmd.aggregate' : collectionName(cmd, 'aggregate');
  const view = collectionless ? undefined : resolveView(ctx, name);
  if (view) {
    const results = viewPipeline(ctx, cmd, view, pipeline);
    return { results, ns: `${ctx.db}.${name}` };
  }
  let input: Document[] = [];
  let plan: Plan | undefined;
  const coll = collectionless ? undefined : ctx.storage.collection(ctx.db, name);
  checkHint(cmd.hint, coll);
  const match = matchOptions(cmd, cmd, coll);
  if (!collectionless) {
    const first = pipeline[0];
    if (first && stageName(first) === '$geoNear') {
      input = geoNearStage(coll, first.$geoNear, (filter) => {
        const query = compileQuery(filter, match);
        return (doc) => query.test(doc);
      });
      pipeline = pipeline.slice(1);
    } else if (first && stageName(first) === '$match' && isPlainObject(first.$match)) {
      if (takeNear(first.$match as Document).near) throw new CommandError(2, '$geoNear, $near, and $nearSphere are not allowed in this context');
      const counted = !cmd.explain ? countDocumentsShape(pipeline.slice(1)) : undefined;
      if (counted) {
        const n = Math.max(0, countMatches(coll, first.$match as Document, match) - counted.skip);
        const total = counted.limit > 0 ? Math.min(n, counted.limit) : n;
        return { results: total > 0 ? [{ _id: 1, n: total }] : [], ns: `${ctx.db}.${name}` };
      }
      const sel = select(coll, first.$match as Document, match);
      input = sel.docs;
      plan = sel.plan;
      pipeline = pipeline.slice(1);
    } else {
      input = coll ? Array.from(coll.docs.values()) : [];
    }
    const order = stageName(first) === '$geoNear' ? undefined : hintOrder(cmd.hint, coll);
    if (order) input = sortDocuments(input, order, collator(match.collation));
  }
  const readOnly = pipeline.every((s) => READ_ONLY_STAGES.has(stageName(s)));
  if (!readOnly) {
    input = input.map((d) => {
      const copy = cloneDoc(d);
      const score = textScores.get(d);
      if (score !== undefined) textScores.set(copy, score);
      return copy;
    });
  }
  const resolved = new Map<string, Document[]>();
  const collectionResolver = (other: string): AnyObject[] => {
    let docs = resolved.get(other);
    if (!docs) {
      const c = ctx.storage.collection(ctx.db, other);
      docs = c ? Array.from(c.docs.values(), cloneDoc) : [];
      resolved.set(other, docs);
    }
    return docs as AnyObject[];
  };
  let results: Document[];
  try {
    results = pipeline.length ? makeAggregator(pipeline, match, { collectionResolver }).run<Document>(input as AnyObject[]) : input;
  } catch (err) {
    throw queryError(err);
  }
  return { results, ns: `${ctx.db}.${name}`, plan };
}

export const aggregate: Handler = (cmd, ctx) => {
  if (cmd.explain) return explainReply(ctx, `${ctx.db}.${String(cmd.aggregate)}`, {}, runPipeline(cmd, ctx).plan, 'queryPlanner');
  const { results, ns } = runPipeline(cmd, ctx);
  const cursorOpts = isPlainObject(cmd.cursor) ? cmd.cursor : {};
  return ctx.cursors.first(ns, arraySource(results), optionalNumber(cursorOpts.batchSize));
};

function planStages(p: Plan | undefined, filter: Document): Document {
  if (!p || p.stage === 'COLLSCAN') return { stage: 'COLLSCAN', filter, direction: 'forward' };
  if (p.stage === 'IDHACK') return { stage: 'IDHACK' };
  const ix = p.index;
  return {
    stage: 'FETCH',
    filter,
    inputStage: { stage: 'IXSCAN', keyPattern: ix?.spec.key, indexName: ix?.name, isMultiKey: (ix?.multikey.size ?? 0) > 0, isUnique: ix?.unique ?? false, direction: 'forward' },
  };
}

function explainReply(ctx: Context, ns: string, filter: Document, p: Plan | undefined, verbosity: string, nReturned?: number, millis = 0): Document {
  const winningPlan = planStages(p, filter);
  const reply: Document = {
    explainVersion: '1',
    queryPlanner: { namespace: ns, indexFilterSet: false, parsedQuery: filter, winningPlan, rejectedPlans: [] },
  };
  if (verbosity !== 'queryPlanner' && nReturned !== undefined) {
    reply.executionStats = {
      executionSuccess: true,
      nReturned,
      executionTimeMillis: millis,
      totalKeysExamined: p?.keysExamined ?? 0,
      totalDocsExamined: p?.docsExamined ?? p?.docs.length ?? 0,
      executionStages: { ...winningPlan, nReturned, docsExamined: p?.docsExamined ?? p?.docs.length ?? 0 },
    };
  }
  reply.command = {};
  reply.serverInfo = { host: ctx.server.host, port: ctx.server.port, version: VERSION };
  reply.ok = 1;
  return reply;
}

export const explain: Handler = (cmd, ctx) => {
  const inner = cmd.explain as Document;
  if (!isPlainObject(inner)) throw new CommandError(14, 'explain command requires a nested object');
  const verbosity = typeof cmd.verbosity === 'string' ? cmd.verbosity : 'allPlansExecution';
  const op = Object.keys(inner)[0] ?? '';
  const subject: unknown = inner[op];
  const name = typeof subject === 'string' ? subject : '';
  const ns = `${ctx.db}.${name}`;
  const coll = ctx.storage.collection(ctx.db, name);
  const started = Date.now();
  switch (op) {
    case 'find':
    case 'count':
    case 'distinct': {
      const filter = ((op === 'find' ? inner.filter : inner.query) ?? {}) as Document;
      const sel = select(coll, filter, op === 'find' ? { sort: inner.sort as Document | undefined, skip: optionalNumber(inner.skip), limit: Math.abs(optionalNumber(inner.limit) ?? 0) } : {});
      return explainReply(ctx, ns, filter, sel.plan, verbosity, sel.docs.length, Date.now() - started);
    }
    case 'aggregate': {
      const { results, plan } = runPipeline({ ...inner, $db: ctx.db }, ctx);
      const first = Array.isArray(inner.pipeline) ? (inner.pipeline as Document[])[0] : undefined;
      const filter = first && isPlainObject(first.$match) ? (first.$match as Document) : {};
      return explainReply(ctx, ns, filter, plan, verbosity, results.length, Date.now() - started);
    }
    case 'update':
    case 'delete':
    case 'findAndModify':
    case 'findandmodify': {
      const stmts = (op === 'update' ? inner.updates : op === 'delete' ? inner.deletes : [{ q: inner.query }]) as Document[] | undefined;
      const filter = ((stmts?.[0]?.q as Document | undefined) ?? {}) as Document;
      const sel = select(coll, filter);
      return explainReply(ctx, ns, filter, sel.plan, 'queryPlanner');
    }
  }
  throw new CommandError(59, `Explain failed due to unknown command: ${op}`);
};
