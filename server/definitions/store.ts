import { createHash } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { Logger } from '../log.js';
import { checkAndCompile, formatProblem, sizeProblem, type DefinitionProblem } from './check.js';
import { offThreadCheck, type OffThreadCheck } from './check-thread.js';
import { defaultDefinitionLimits, type DefinitionLimits } from './limits.js';
import { compileSource } from './compile.js';
import { definitionModel, type DefinitionDocument } from './model.js';
import { newAttemptId, refusedAttemptModel, type DeployedBy, type RefusedAttemptModel } from './attempts.js';
import type { DefinitionRegistry, DefinitionVersion } from './types.js';
import { isDuplicateKeyError } from '../mongo-errors.js';

export class DefinitionNotFoundError extends Error {
  override readonly name = 'DefinitionNotFoundError';
}

/** A file the store refused, kept so an API can show why. */
export interface Refusal {
  readonly fileName: string;
  readonly at: Date;
  readonly problems: readonly DefinitionProblem[];
}

export type DeployResult =
  | { readonly status: 'deployed' | 'unchanged' | 'reactivated'; readonly version: DefinitionVersion }
  | { readonly status: 'refused'; readonly refusal: Refusal };

export interface DeployOptions {
  /** The process owner deploying from the browser; absent for the file in processes/. */
  readonly deployedBy?: DeployedBy;
  /**
   * Content equal to an older version makes it the newest again (default true: a file reverted
   * while the product runs). Startup passes false, so that a restart never undoes a later deployment.
   */
  readonly reactivate?: boolean;
  /** Refuse the file unless its executable process has this id (an upload to a given process). */
  readonly processKey?: string;
}

export interface DefinitionStoreOptions {
  /** What a file may ask of the product (default: defaultDefinitionLimits). */
  readonly limits?: DefinitionLimits;
  /** Check and compile in a worker thread, so that a large file never blocks the event loop (the product does). */
  readonly offThread?: boolean;
}

export function contentHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

/**
 * Definition versions in MongoDB, with compiled contexts cached in memory per version id.
 * Implements the engine's DefinitionRegistry. Versions are immutable; invalid files never
 * become versions, so the newest version is always a good one.
 */
export class DefinitionStore implements DefinitionRegistry {
  private readonly model: Model<DefinitionDocument>;
  private readonly refusedAttempts: RefusedAttemptModel;
  private readonly compiled = new Map<string, Promise<DefinitionVersion>>();
  private readonly refusals = new Map<string, Refusal>();
  private lastRefusal: Refusal | undefined;
  readonly limits: DefinitionLimits;
  private readonly checker: OffThreadCheck | undefined;

  constructor(
    connection: Connection,
    private readonly logger?: Logger,
    options: DefinitionStoreOptions = {},
  ) {
    this.model = definitionModel(connection);
    this.refusedAttempts = refusedAttemptModel(connection);
    this.limits = options.limits ?? defaultDefinitionLimits;
    this.checker = options.offThread ? offThreadCheck(this.limits) : undefined;
  }

  /** Stops the check's worker thread, if one runs. */
  async close(): Promise<void> {
    await this.checker?.close();
  }

  /** Creates the collection's indexes (idempotent). */
  async init(): Promise<void> {
    await Promise.all([this.model.init(), this.refusedAttempts.init()]);
  }

  async latest(processKey: string): Promise<DefinitionVersion> {
    const doc = await this.model.findOne({ processKey }, { _id: 1 }).sort({ activatedAt: -1, number: -1 }).lean();
    if (!doc) throw new DefinitionNotFoundError(`No deployed version of process "${processKey}"`);
    return this.byId(doc._id);
  }

  byId(versionId: string): Promise<DefinitionVersion> {
    let pending = this.compiled.get(versionId);
    if (!pending) {
      pending = this.load(versionId);
      this.compiled.set(versionId, pending);
      pending.catch(() => this.compiled.delete(versionId));
    }
    return pending;
  }

  /** Every version of a process, newest number first (without compiling them). */
  async versions(processKey: string): Promise<Omit<DefinitionVersion, 'sourceContext' | 'source'>[]> {
    const docs = await this.model.find({ processKey }, { source: 0 }).sort({ number: -1 }).lean();
    return docs.map((doc) => ({
      id: doc._id,
      processKey: doc.processKey,
      number: doc.number,
      fileName: doc.fileName,
      deployedAt: doc.deployedAt,
      ...(doc.deployedBy ? { deployedBy: doc.deployedBy } : {}),
    }));
  }

  /** The refusal of a file that has not been fixed since, if any. */
  refusalFor(fileName: string): Refusal | undefined {
    return this.refusals.get(fileName);
  }

  /** The most recent refusal of any file (also after the file was fixed). */
  latestRefusal(): Refusal | undefined {
    return this.lastRefusal;
  }

  /** Open refusals: files whose newest content was refused. */
  openRefusals(): Refusal[] {
    return [...this.refusals.values()];
  }

  /**
   * Checks a file without deploying it (the editor's live check): the same check as deploy,
   * off the main thread when the store is set so. Problems only; nothing is recorded.
   */
  async check(fileName: string, source: string, processKey?: string): Promise<{ ok: boolean; problems: DefinitionProblem[] }> {
    const tooLarge = sizeProblem(source, fileName, this.limits);
    const result = tooLarge
      ? { file: fileName, ok: false, problems: [tooLarge] }
      : this.checker
        ? await this.checker.check(source, fileName)
        : await checkAndCompile(source, fileName, this.limits);
    const problems = [...result.problems, ...this.otherProcess(fileName, result, processKey)];
    return { ok: !problems.some((problem) => problem.severity === 'error'), problems };
  }

  private otherProcess(fileName: string, result: { processKey?: string }, processKey: string | undefined): DefinitionProblem[] {
    return processKey !== undefined && result.processKey !== undefined && result.processKey !== processKey
      ? [{ file: fileName, elementId: result.processKey, rule: 'process-key', message: `The file's process is "${result.processKey}", not "${processKey}"`, severity: 'error' }]
      : [];
  }

  /**
   * Checks a file and stores it as a new version. Deploying content that is already the newest
   * version is a no-op; content equal to an older version makes that version the newest again.
   * Safe when several processes deploy the same file at once.
   */
  async deploy(fileName: string, source: string, options: DeployOptions = {}): Promise<DeployResult> {
    // A file beyond the size limits is refused here, before it is copied to the check's thread.
    const tooLarge = sizeProblem(source, fileName, this.limits);
    const result = tooLarge
      ? { file: fileName, ok: false, problems: [tooLarge] }
      : this.checker
        ? await this.checker.check(source, fileName)
        : await checkAndCompile(source, fileName, this.limits);
    const otherProcess = this.otherProcess(fileName, result, options.processKey);
    if (!result.ok || !result.processKey || !result.sourceContext || otherProcess.length > 0) {
      const refusal: Refusal = { fileName, at: new Date(), problems: [...result.problems.filter((p) => p.severity === 'error'), ...otherProcess] };
      this.refusals.set(fileName, refusal);
      this.lastRefusal = refusal;
      await this.refusedAttempts.create({
        _id: newAttemptId(),
        ...((options.processKey ?? result.processKey) ? { processKey: options.processKey ?? result.processKey } : {}),
        fileName,
        contentHash: contentHash(source),
        at: refusal.at,
        ...(options.deployedBy ? { deployedBy: { id: options.deployedBy.id, name: options.deployedBy.name } } : {}),
        problems: [...refusal.problems],
      });
      this.logger?.warn(
        { fileName, problems: refusal.problems.map(formatProblem) },
        `Process file ${fileName} refused; the last good version keeps serving`,
      );
      return { status: 'refused', refusal };
    }
    this.refusals.delete(fileName);
    for (const warning of result.problems) this.logger?.info({ fileName }, formatProblem(warning));

    const processKey = result.processKey;
    const id = contentHash(source);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const existing = await this.model.findById(id, { source: 0 }).lean();
      if (existing) {
        if (existing.processKey !== processKey) throw new Error(`Version ${id} belongs to process ${existing.processKey}`);
        const newest = await this.model.findOne({ processKey }, { _id: 1 }).sort({ activatedAt: -1, number: -1 }).lean();
        if (newest?._id === id || options.reactivate === false) return { status: 'unchanged', version: await this.byId(id) };
        await this.model.updateOne({ _id: id }, { $set: { activatedAt: new Date() } });
        this.logger?.info({ fileName, processKey, number: existing.number, id }, `Process ${processKey} version ${existing.number} is the newest again`);
        return { status: 'reactivated', version: await this.byId(id) };
      }
      const previous = await this.model.findOne({ processKey }, { number: 1 }).sort({ number: -1 }).lean();
      const now = new Date();
      const doc: DefinitionDocument = {
        _id: id,
        processKey,
        number: (previous?.number ?? 0) + 1,
        fileName,
        deployedAt: now,
        activatedAt: now,
        source,
        ...(options.deployedBy ? { deployedBy: { id: options.deployedBy.id, name: options.deployedBy.name } } : {}),
      };
      try {
        await this.model.collection.insertOne(doc as never);
      } catch (error) {
        // Another process deployed at the same time: the same content (then it is there now)
        // or another file for the same number (then take the next number).
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      const version: DefinitionVersion = {
        id,
        processKey,
        number: doc.number,
        fileName,
        deployedAt: now,
        ...(doc.deployedBy ? { deployedBy: doc.deployedBy } : {}),
        source,
        sourceContext: result.sourceContext,
      };
      this.compiled.set(id, Promise.resolve(version));
      this.logger?.info({ fileName, processKey, number: doc.number, id }, `Deployed process ${processKey} version ${doc.number}`);
      return { status: 'deployed', version };
    }
    throw new Error(`Could not deploy ${fileName}: too many concurrent deployments`);
  }

  private async load(versionId: string): Promise<DefinitionVersion> {
    const doc = await this.model.findById(versionId).lean();
    if (!doc) throw new DefinitionNotFoundError(`No definition version ${versionId}`);
    const sourceContext = await compileSource(doc.source);
    return {
      id: doc._id,
      processKey: doc.processKey,
      number: doc.number,
      fileName: doc.fileName,
      deployedAt: doc.deployedAt,
      ...(doc.deployedBy ? { deployedBy: doc.deployedBy } : {}),
      source: doc.source,
      sourceContext,
    };
  }
}
