import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { Connection } from 'mongoose';
import { formKeys, getForm } from '../../../forms/index.js';
import { roles } from '../../auth/roles.js';
import { audit } from '../../audit/audit.js';
import type { DeployedBy } from '../../definitions/attempts.js';
import { DefinitionCatalogue, type RefusedAttempt, type VersionSummary } from '../../definitions/catalogue.js';
import { diffDefinitions } from '../../definitions/diff.js';
import { definitionElements, type DefinitionElement } from '../../definitions/elements.js';
import { allowlistExpressions, noScripts } from '../../definitions/expressions.js';
import type { DefinitionStore } from '../../definitions/store.js';
import { markInterruptedUploads, uploadModel, type UploadDoc } from '../../definitions/uploads.js';
import type { StepRunner } from '../../engine/live-engines.js';
import { migrateInstances, previewMigration } from '../../engine/migration.js';
import { finishRenames } from '../../engine/migration-renames.js';
import { groupCandidates, markInterruptedRuns, migrationRunModel, runHeartbeatMs, type MigrationRunDoc } from '../../engine/migration-runs.js';
import { newAttemptId as newRunId } from '../../definitions/attempts.js';
import { ProcessOverview } from '../../engine/overview.js';
import type { Clock } from '../../engine/types.js';
import type { Logger } from '../../log.js';
import { can, type ActionOf } from '../../policies/index.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type Language, type LocalizedText } from '../language.js';
import { isObjectId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser } from '../middleware/signed-in.js';

/**
 * The process owners' workspace under /api/definitions: the deployed processes and their
 * versions, refused attempts, a version's XML with running instances and open incidents per
 * element, the difference between two versions, figures, deployment of an uploaded file and the
 * migration of running instances between versions. Who may: server/policies/definition.ts and
 * figures.ts. Every call is audited. Answers carry element ids, names, counts and durations, never
 * a person or a case.
 */

export interface DefinitionRoutesContext {
  readonly store: DefinitionStore;
  readonly connection: Connection;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Where a migration's steps run: the engine runtime's threads, off the event loop that answers requests. */
  readonly steps?: StepRunner;
  /**
   * The processes/ folder when the product may write it (PROCESS_FILES_WRITABLE): a version
   * deployed from the browser is then also written there, so that the file stays the source.
   */
  readonly processFiles?: { readonly dir: string };
}

const messages = {
  noFile: { nb: 'Velg en BPMN-fil å laste opp.', nn: 'Vel ei BPMN-fil å laste opp.', en: 'Choose a BPMN file to upload.' },
  fileTooLarge: { nb: 'Filen er for stor.', nn: 'Fila er for stor.', en: 'The file is too large.' },
  notUtf8: { nb: 'Filen må være tekst i UTF-8.', nn: 'Fila må vere tekst i UTF-8.', en: 'The file must be UTF-8 text.' },
  unexpectedPart: { nb: 'Send bare én fil i feltet «file».', nn: 'Send berre éi fil i feltet «file».', en: 'Send only one file, in the field "file".' },
  refused: {
    nb: 'Filen ble avvist av kontrollen. Den forrige gode versjonen er fortsatt i bruk.',
    nn: 'Fila vart avvist av kontrollen. Den førre gode versjonen er framleis i bruk.',
    en: 'The check refused the file. The last good version is still in use.',
  },
  versionNumber: { nb: 'Oppgi et versjonsnummer (1, 2, 3 …).', nn: 'Oppgi eit versjonsnummer (1, 2, 3 …).', en: 'Give a version number (1, 2, 3 …).' },
  unknownVersion: { nb: 'Prosessen har ingen versjon med dette nummeret.', nn: 'Prosessen har ingen versjon med dette nummeret.', en: 'The process has no version with this number.' },
  sameVersion: { nb: 'Velg to ulike versjoner.', nn: 'Vel to ulike versjonar.', en: 'Choose two different versions.' },
  noXml: {
    nb: 'Send BPMN-diagrammet som XML (Content-Type: application/xml).',
    nn: 'Send BPMN-diagrammet som XML (Content-Type: application/xml).',
    en: 'Send the BPMN diagram as XML (Content-Type: application/xml).',
  },
  mapping: {
    nb: 'Omdøpingen må gå fra et element i den gamle versjonen til et nytt element av samme type i den nye, høyst én gang per element.',
    nn: 'Omdøypinga må gå frå eit element i den gamle versjonen til eit nytt element av same type i den nye, høgst éin gong per element.',
    en: 'A rename must map an element of the old version to a new element of the same type in the new one, at most once per element.',
  },
} satisfies Record<string, LocalizedText>;

const processKeyPattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

function isProcessKey(value: unknown): value is string {
  return typeof value === 'string' && processKeyPattern.test(value);
}

/** Checks the rule and writes the audit entry, allowed or denied; 403 when denied. */
async function permit(req: Request, action: ActionOf<'definition'> | 'figures'): Promise<void> {
  const actor = requireUser(req);
  const allowed = action === 'figures' ? can(actor, 'read', 'figures', null) : can(actor, action, 'definition', null);
  const entry = { action: action === 'figures' ? ('figures.read' as const) : (`definition.${action}` as const) };
  await audit(req, allowed ? entry : { ...entry, outcome: 'denied' });
  if (!allowed) throw httpError(403, 'forbidden');
}

function who(by: DeployedBy | undefined): { origin: 'file' | 'browser'; deployedBy: { name: string } | null } {
  return by ? { origin: 'browser', deployedBy: { name: by.name } } : { origin: 'file', deployedBy: null };
}

function versionItem(version: VersionSummary, running: number) {
  return {
    number: version.number,
    contentHash: version.contentHash,
    fileName: version.fileName,
    deployedAt: version.deployedAt.toISOString(),
    ...who(version.deployedBy),
    newest: version.newest,
    verdict: 'accepted' as const,
    running,
  };
}

function refusedItem(attempt: RefusedAttempt) {
  return {
    fileName: attempt.fileName,
    contentHash: attempt.contentHash,
    at: attempt.at.toISOString(),
    ...who(attempt.deployedBy),
    verdict: 'refused' as const,
    problems: attempt.problems.map(({ elementId, rule, message }) => ({ elementId, rule, message })),
  };
}

function element({ id, name, type }: DefinitionElement) {
  return { id, name, type };
}

function versionNumber(value: unknown, field: string): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, [{ field, message: messages.versionNumber }]);
  const text = String(value);
  if (!/^[1-9]\d{0,6}$/.test(text)) throw new HttpError(400, [{ field, message: messages.versionNumber }]);
  return Number(text);
}

/** An upload and, once checked, its outcome: the version it became, or the check's problems per element. */
function uploadItem(upload: UploadDoc, language: Language) {
  return {
    id: upload._id,
    fileName: upload.fileName,
    status: upload.status,
    versionNumber: upload.versionNumber ?? null,
    ...(upload.status === 'refused' ? { message: messages.refused[language] } : {}),
    writtenTo: upload.writtenTo ?? null,
    problems: upload.problems.map(({ elementId, rule, message }) => ({ elementId, rule, message })),
  };
}

function runItem(run: MigrationRunDoc) {
  return {
    id: run._id,
    fromVersion: run.fromVersion,
    toVersion: run.toVersion,
    status: run.status,
    startedBy: { name: run.startedBy.name },
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    moved: run.moved,
    notMoved: run.notMoved,
  };
}

export function definitionRoutes(context: DefinitionRoutesContext): Router {
  const catalogue = new DefinitionCatalogue(context.connection);
  const overview = new ProcessOverview(context.connection);
  const runs = migrationRunModel(context.connection);
  const uploads = uploadModel(context.connection);
  const router = Router();
  router.param('key', validParam(isProcessKey));
  router.param('migrationId', validParam(isObjectId));
  router.param('uploadId', validParam(isObjectId));

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: context.store.limits.maxBytes, files: 1, fields: 0, parts: 1, fieldNameSize: 50, headerPairs: 50 },
  }).single('file');
  const multipart: RequestHandler = (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, [{ field: 'file', message: messages.fileTooLarge }]));
      next(new HttpError(400, [{ field: 'file', message: messages.unexpectedPart }]));
    });
  };

  /** The versions of a known process (404 for an unknown one). */
  const versionsOf = async (processKey: string): Promise<VersionSummary[]> => {
    const versions = await catalogue.versionsOf(processKey);
    if (versions.length === 0) throw httpError(404, 'notFound');
    return versions;
  };

  const versionSource = async (processKey: string, number: number, field: string) => {
    const version = await catalogue.version(processKey, number);
    if (!version) throw new HttpError(404, [{ field, message: messages.unknownVersion }]);
    return version;
  };

  router.get('/definitions', async (req, res) => {
    await permit(req, 'inspect');
    const running = await overview.runningPerVersion();
    const definitions = [];
    for (const processKey of await catalogue.processKeys()) {
      const versions = await catalogue.versionsOf(processKey);
      const latest = versions.find((version) => version.newest) ?? versions[0];
      if (!latest) continue;
      definitions.push({
        key: processKey,
        latest: versionItem(latest, running.get(latest.id) ?? 0),
        versions: versions.length,
        running: versions.reduce((sum, version) => sum + (running.get(version.id) ?? 0), 0),
        runningPerVersion: versions.filter((version) => running.has(version.id)).map((version) => ({ number: version.number, running: running.get(version.id) ?? 0 })),
      });
    }
    res.json({ definitions });
  });

  router.get('/definitions/:key/versions', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    const versions = await versionsOf(processKey);
    const [running, refused] = await Promise.all([overview.runningPerVersion(processKey), catalogue.refusedAttemptsOf(processKey)]);
    res.json({ key: processKey, versions: versions.map((version) => versionItem(version, running.get(version.id) ?? 0)), refusedAttempts: refused.map(refusedItem) });
  });

  router.get('/definitions/:key/versions/:version', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    await versionsOf(processKey);
    const version = await versionSource(processKey, versionNumber(req.params.version, 'version'), 'version');
    const [elements, counts, running] = await Promise.all([definitionElements(version.source), overview.elementCounts(version.id), overview.runningPerVersion(processKey)]);
    res.json({
      key: processKey,
      version: versionItem(version, running.get(version.id) ?? 0),
      xml: version.source,
      elements: elements.map(element),
      counts,
    });
  });

  router.get('/definitions/:key/diff', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    await versionsOf(processKey);
    const fromNumber = versionNumber(req.query.from, 'from');
    const toNumber = versionNumber(req.query.to, 'to');
    if (fromNumber === toNumber) throw new HttpError(400, [{ field: 'to', message: messages.sameVersion }]);
    const [from, to] = await Promise.all([versionSource(processKey, fromNumber, 'from'), versionSource(processKey, toNumber, 'to')]);
    const diff = diffDefinitions(await definitionElements(from.source), await definitionElements(to.source));
    res.json({ key: processKey, from: fromNumber, to: toNumber, ...diff });
  });

  router.get('/definitions/:key/figures', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'figures');
    await versionsOf(processKey);
    const figures = await overview.figures(processKey, context.clock?.now() ?? new Date());
    res.json({ key: processKey, ...figures });
  });

  // What the editor needs besides the newest version's XML: the forms a user task may name
  // (camunda:formKey) and the roles its candidate groups may name, as the check knows them.
  router.get('/definitions/:key/editor', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'update');
    const versions = await versionsOf(processKey);
    const newest = versions.find((version) => version.newest) ?? versions[0]!;
    const version = await versionSource(processKey, newest.number, 'version');
    const language = requestLanguage(req);
    res.json({
      key: processKey,
      version: newest.number,
      xml: version.source,
      forms: formKeys.map((key) => ({ key, title: getForm(key).title[language] })),
      roles: [...roles],
      writesFile: Boolean(context.processFiles),
    });
  });

  // The editor's live check: the same check as a deployment (bpmnlint and the product's rules),
  // on the XML in the body, without deploying or recording anything.
  const xmlBody = express.text({ type: ['application/xml', 'text/xml'], limit: context.store.limits.maxBytes });
  router.post('/definitions/:key/check', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'update');
    await versionsOf(processKey);
    if (!req.is(['application/xml', 'text/xml'])) throw new HttpError(400, [{ field: 'xml', message: messages.noXml }]);
    await new Promise<void>((resolve, reject) =>
      xmlBody(req, res, (error?: unknown) => {
        if (!error) return resolve();
        const tooLarge = (error as { type?: string }).type === 'entity.too.large';
        reject(new HttpError(tooLarge ? 413 : 400, [{ field: 'xml', message: tooLarge ? messages.fileTooLarge : messages.notUtf8 }]));
      }),
    );
    const source = typeof req.body === 'string' ? req.body : '';
    if (source.trim() === '') throw new HttpError(400, [{ field: 'xml', message: messages.noXml }]);
    const result = await context.store.check(`${processKey}.bpmn`, source, processKey);
    res.json({ ok: result.ok, problems: result.problems.map(({ elementId, rule, message, severity }) => ({ elementId, rule, message, severity })) });
  });

  /** The file in processes/ that a process's versions come from (the newest file-deployed one's), or <key>.bpmn. */
  const processFileName = async (processKey: string): Promise<string> => {
    const fromFile = (await catalogue.versionsOf(processKey)).find((version) => !version.deployedBy);
    return safeFileName(fromFile?.fileName ?? `${processKey}.bpmn`, processKey);
  };

  /** Writes an accepted version's source to processes/ (write a temporary file, then rename: the watcher never reads half a file). */
  const writeProcessFile = async (processKey: string, source: string): Promise<string | undefined> => {
    if (!context.processFiles) return undefined;
    const fileName = await processFileName(processKey);
    const target = path.join(context.processFiles.dir, fileName);
    const temporary = path.join(context.processFiles.dir, `.${fileName}.${process.pid}.tmp`);
    await writeFile(temporary, source, 'utf8');
    await rename(temporary, target);
    return fileName;
  };

  router.post('/definitions/:key/versions', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'deploy');
    await versionsOf(processKey);
    if (!req.is('multipart/form-data')) throw new HttpError(400, [{ field: 'file', message: messages.noFile }]);
    await new Promise<void>((resolve, reject) => multipart(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const file = req.file;
    if (!file || file.size === 0) throw new HttpError(400, [{ field: 'file', message: messages.noFile }]);
    let source: string;
    try {
      source = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
    } catch {
      throw new HttpError(400, [{ field: 'file', message: messages.notUtf8 }]);
    }
    const user = requireUser(req);
    const upload: UploadDoc = {
      _id: newRunId(),
      processKey,
      fileName: safeFileName(file.originalname, processKey),
      uploadedBy: { id: user.id, name: user.name },
      at: new Date(),
      status: 'checking',
      problems: [],
    };
    await uploads.create(upload);
    // Checked in the background: a large file may take longer than an answer may wait.
    context.store
      .deploy(upload.fileName, source, { deployedBy: upload.uploadedBy, processKey })
      .then(async (result) => {
        if (result.status === 'refused') {
          await uploads.updateOne({ _id: upload._id }, { $set: { status: 'refused', problems: result.refusal.problems, finishedAt: new Date() } });
          return;
        }
        // The version is deployed whatever happens to the file: a failed write is logged, not the upload's failure.
        const writtenTo = await writeProcessFile(processKey, source).catch((error: unknown) => {
          context.logger.error({ err: error, upload: upload._id }, 'writing the deployed version to processes/ failed');
          return undefined;
        });
        await uploads.updateOne(
          { _id: upload._id },
          { $set: { status: result.status, versionNumber: result.version.number, finishedAt: new Date(), ...(writtenTo ? { writtenTo } : {}) } },
        );
      })
      .catch(async (error: unknown) => {
        context.logger.error({ err: error, upload: upload._id }, 'deploying an uploaded file failed');
        await uploads.updateOne({ _id: upload._id }, { $set: { status: 'failed', finishedAt: new Date() } }).catch(() => undefined);
      });
    res.status(202).json({ upload: uploadItem(upload, requestLanguage(req)) });
  });

  router.get('/definitions/:key/uploads/:uploadId', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    await markInterruptedUploads(context.connection, context.clock?.now() ?? new Date());
    const upload = await uploads.findOne({ _id: String(req.params.uploadId), processKey }).lean();
    if (!upload) throw httpError(404, 'notFound');
    res.json({ upload: uploadItem(upload, requestLanguage(req)) });
  });

  router.post('/definitions/:key/migrations/preview', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    const { from, to, target, mapping, renameCandidates } = await migrationVersions(req, processKey);
    const candidates = await previewMigration(context.connection, from.id, target, mapping);
    res.json({
      key: processKey,
      fromVersion: from.number,
      toVersion: to.number,
      mapping,
      canMove: groupCandidates(candidates.filter((candidate) => candidate.blockers.length === 0)),
      cannotMove: groupCandidates(candidates.filter((candidate) => candidate.blockers.length > 0)),
      // For each element of the old version missing from the new: the new version's added elements of the same type (a rename it may be).
      renameCandidates,
    });
  });

  // A migration runs in the background, case by case (each a command of its own); the answer
  // names the run, whose progress and outcome GET …/migrations/:id gives.
  router.post('/definitions/:key/migrations', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'migrate');
    const user = requireUser(req);
    const { from, to, target, mapping } = await migrationVersions(req, processKey);
    const run: MigrationRunDoc = {
      _id: newRunId(),
      processKey,
      fromVersion: from.number,
      toVersion: to.number,
      status: 'running',
      startedBy: { id: user.id, name: user.name },
      startedAt: new Date(),
      heartbeatAt: new Date(),
      moved: 0,
      notMoved: [],
    };
    await runs.create(run);
    // While this process runs it, the run says so; after a crash its heartbeat goes stale and it is marked interrupted.
    const heartbeat = setInterval(() => void runs.updateOne({ _id: run._id, status: 'running' }, { $set: { heartbeatAt: new Date() } }).catch(() => undefined), runHeartbeatMs);
    heartbeat.unref();
    const migration = migrateInstances(
      {
        connection: context.connection,
        registry: context.store,
        logger: context.logger,
        engineOptions: { expressions: allowlistExpressions, scripts: noScripts },
        ...(context.clock ? { clock: context.clock } : {}),
        ...(context.steps ? { steps: context.steps } : {}),
      },
      {
        fromVersionId: from.id,
        toVersionId: to.id,
        target,
        mapping,
        actor: { id: user.id, name: user.name },
        // Each moved case gets its own entry, so it shows in the case's access log.
        onMoved: async (doc) => {
          await audit(req, { action: 'definition.migrate', caseId: doc.caseId });
          await runs.updateOne({ _id: run._id }, { $inc: { moved: 1 }, $set: { heartbeatAt: new Date() } });
        },
      },
    );
    migration
      .then((result) => runs.updateOne({ _id: run._id }, { $set: { status: 'done', moved: result.moved.length, notMoved: groupCandidates(result.notMoved), finishedAt: new Date() } }))
      .catch(async (error: unknown) => {
        context.logger.error({ err: error, migration: run._id }, 'migration failed');
        await runs.updateOne({ _id: run._id }, { $set: { status: 'failed', error: (error as Error).message, finishedAt: new Date() } }).catch(() => undefined);
      })
      .finally(() => clearInterval(heartbeat));
    res.status(202).json({ migration: runItem(run) });
  });

  router.get('/definitions/:key/migrations/:migrationId', async (req, res) => {
    const processKey = String(req.params.key);
    await permit(req, 'inspect');
    await markInterruptedRuns(context.connection, context.clock?.now() ?? new Date(), String(req.params.migrationId));
    const run = await runs.findOne({ _id: String(req.params.migrationId), processKey }).lean();
    if (!run) throw httpError(404, 'notFound');
    res.json({ migration: runItem(run) });
  });

  async function migrationVersions(req: Request, processKey: string) {
    await versionsOf(processKey);
    const body = (req.body ?? {}) as { fromVersion?: unknown; toVersion?: unknown; mapping?: unknown };
    const fromNumber = versionNumber(body.fromVersion, 'fromVersion');
    const toNumber = versionNumber(body.toVersion, 'toVersion');
    if (fromNumber === toNumber) throw new HttpError(400, [{ field: 'toVersion', message: messages.sameVersion }]);
    const [from, to] = await Promise.all([versionSource(processKey, fromNumber, 'fromVersion'), versionSource(processKey, toNumber, 'toVersion')]);
    const [fromElements, toElements] = await Promise.all([definitionElements(from.source), definitionElements(to.source)]);
    const target = toElements.map(({ id, type, name }) => ({ id, type, name }));
    const toIds = new Map(toElements.map((element) => [element.id, element]));
    const fromIds = new Map(fromElements.map((element) => [element.id, element]));
    const mapping = renameMapping(body.mapping, fromIds, toIds);
    const added = toElements.filter((element) => !fromIds.has(element.id));
    const renameCandidates = Object.fromEntries(
      fromElements
        .filter((element) => !toIds.has(element.id) && element.type !== 'bpmn:SequenceFlow')
        .map((element) => [element.id, added.filter((candidate) => candidate.type === element.type).map(({ id, name }) => ({ id, name }))]),
    );
    return { from, to, target, mapping, renameCandidates };
  }

  return router;
}

/**
 * A rename mapping as sent (`{ oldId: newId }`): each old id an element of the old version missing
 * from the new, each new id an element of the new version missing from the old, of the same type,
 * each used once. Anything else is refused with the field named.
 */
function renameMapping(value: unknown, from: Map<string, DefinitionElement>, to: Map<string, DefinitionElement>): Record<string, string> {
  if (value === undefined || value === null) return {};
  const refuse = (): never => {
    throw new HttpError(400, [{ field: 'mapping', message: messages.mapping }]);
  };
  if (typeof value !== 'object' || Array.isArray(value)) refuse();
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 200) refuse();
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const [oldId, newId] of entries) {
    if (typeof newId !== 'string' || used.has(newId)) refuse();
    const before = from.get(oldId);
    const after = to.get(newId as string);
    if (!before || !after || to.has(oldId) || from.has(newId as string) || before.type !== after.type) refuse();
    used.add(newId as string);
    mapping[oldId] = newId as string;
  }
  return mapping;
}

/**
 * At startup: uploads and migrations run in the API process that started them; those a stopped
 * process left "checking" or "running" are marked interrupted (a migration can be started again
 * and moves the rest; an upload is sent again).
 */
export async function markInterruptedBackgroundRuns(connection: Connection, logger: Logger, now: Date = new Date()): Promise<void> {
  const [uploadsInterrupted, runsInterrupted] = await Promise.all([markInterruptedUploads(connection, now), markInterruptedRuns(connection, now), finishRenames(connection)]);
  if (uploadsInterrupted + runsInterrupted > 0) logger.warn({ uploads: uploadsInterrupted, migrations: runsInterrupted }, 'background runs left by a stopped process marked interrupted');
}

/** The upload's base name without paths or control characters, ending in .bpmn. */
function safeFileName(name: string, processKey: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean.endsWith('.bpmn') ? clean : `${processKey}.bpmn`;
}
