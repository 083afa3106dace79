import type { Connection, Model } from 'mongoose';
import { refusedAttemptModel, type DeployedBy, type RefusedAttemptModel } from './attempts.js';
import type { DefinitionProblem } from './check.js';
import { definitionModel, type DefinitionDocument } from './model.js';

/** A deployed version as process owners see it (without its XML). */
export interface VersionSummary {
  readonly id: string;
  readonly processKey: string;
  readonly number: number;
  readonly contentHash: string;
  readonly fileName: string;
  readonly deployedAt: Date;
  /** Absent: deployed from the file in processes/. */
  readonly deployedBy?: DeployedBy;
  /** Whether new instances start on it. */
  readonly newest: boolean;
}

export interface RefusedAttempt {
  readonly fileName: string;
  readonly contentHash: string;
  readonly at: Date;
  readonly deployedBy?: DeployedBy;
  readonly problems: readonly DefinitionProblem[];
}

/** Read-only questions about what is deployed and what was refused, for the process owners' workspace. */
export class DefinitionCatalogue {
  private readonly versions: Model<DefinitionDocument>;
  private readonly refusals: RefusedAttemptModel;

  constructor(connection: Connection) {
    this.versions = definitionModel(connection);
    this.refusals = refusedAttemptModel(connection);
  }

  /** Every process key with a deployed version, sorted. */
  async processKeys(): Promise<string[]> {
    const keys = (await this.versions.distinct('processKey')) as string[];
    return keys.sort();
  }

  /** The versions of a process, newest number first; empty when the process is unknown. */
  async versionsOf(processKey: string): Promise<VersionSummary[]> {
    const docs = await this.versions.find({ processKey }, { source: 0 }).sort({ number: -1 }).lean();
    const newest = [...docs].sort((a, b) => b.activatedAt.getTime() - a.activatedAt.getTime() || b.number - a.number)[0]?._id;
    return docs.map((doc) => ({
      id: doc._id,
      processKey: doc.processKey,
      number: doc.number,
      contentHash: doc._id,
      fileName: doc.fileName,
      deployedAt: doc.deployedAt,
      ...(doc.deployedBy ? { deployedBy: doc.deployedBy } : {}),
      newest: doc._id === newest,
    }));
  }

  /** One version with its XML, by its number. */
  async version(processKey: string, number: number): Promise<(VersionSummary & { source: string }) | null> {
    const doc = await this.versions.findOne({ processKey, number }).lean();
    if (!doc) return null;
    const summary = (await this.versionsOf(processKey)).find((version) => version.id === doc._id);
    return summary ? { ...summary, source: doc.source } : null;
  }

  /**
   * Refused attempts for a process, newest first: those that named it, and those of its files
   * that could not be read far enough to name a process.
   */
  async refusedAttemptsOf(processKey: string, limit = 50): Promise<RefusedAttempt[]> {
    const fileNames = (await this.versions.distinct('fileName', { processKey })) as string[];
    const docs = await this.refusals
      .find({ $or: [{ processKey }, { processKey: { $exists: false }, fileName: { $in: fileNames } }] })
      .sort({ at: -1 })
      .limit(limit)
      .lean();
    return docs.map((doc) => ({
      fileName: doc.fileName,
      contentHash: doc.contentHash,
      at: doc.at,
      ...(doc.deployedBy ? { deployedBy: doc.deployedBy } : {}),
      problems: doc.problems,
    }));
  }
}
