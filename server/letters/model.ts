import { mongo, Schema, Types, type Connection, type Model } from 'mongoose';
import type { DocumentContent, DocumentLanguage } from '../documents/index.js';
import type { LetterTemplate } from './templates.js';

/**
 * A letter to the person (or the representative who sent the request), as it was rendered when
 * the process's letter step ran: its structured content, its HTML and its tagged PDF. Written once
 * per letter job (`key`, unique), never changed afterwards.
 */
export interface LetterDoc {
  _id: Types.ObjectId;
  /** The job's deterministic id: the same letter job never makes a second letter. */
  key: string;
  caseId: Types.ObjectId;
  template: LetterTemplate;
  language: DocumentLanguage;
  title: string;
  to: { name: string; email: string | null };
  content: DocumentContent;
  html: string;
  pdf: Buffer;
  createdAt: Date;
}

const letterSchema = new Schema<LetterDoc>(
  {
    key: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    template: { type: String, required: true },
    language: { type: String, required: true },
    title: { type: String, required: true },
    to: { type: Schema.Types.Mixed, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    html: { type: String, required: true },
    pdf: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'letters' },
);
letterSchema.index({ key: 1 }, { unique: true });
letterSchema.index({ caseId: 1, createdAt: 1 });

export function letterModel(connection: Connection): Model<LetterDoc> {
  return (connection.models.Letter as Model<LetterDoc> | undefined) ?? connection.model<LetterDoc>('Letter', letterSchema);
}

/** The stored PDF as a Buffer (a lean read gives MongoDB's Binary). */
export function pdfBytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof mongo.Binary) return Buffer.from(value.buffer.subarray(0, value.position));
  throw new Error('a letter without its PDF');
}

export async function ensureLetterIndexes(model: Model<LetterDoc>): Promise<void> {
  await model.createIndexes();
}

/** What the case page lists about a letter (not its content). */
export interface LetterSummary {
  id: string;
  template: LetterTemplate;
  title: string;
  language: DocumentLanguage;
  createdAt: string;
}

export async function caseLetters(model: Model<LetterDoc>, caseId: Types.ObjectId): Promise<LetterSummary[]> {
  const letters = await model
    .find({ caseId }, { template: 1, title: 1, language: 1, createdAt: 1 })
    .sort({ createdAt: 1 })
    .lean<Pick<LetterDoc, '_id' | 'template' | 'title' | 'language' | 'createdAt'>[]>();
  return letters.map((l) => ({ id: l._id.toHexString(), template: l.template, title: l.title, language: l.language, createdAt: l.createdAt.toISOString() }));
}
