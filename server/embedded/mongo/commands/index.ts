import type { Document } from 'bson';
import { CommandError, asCommandError } from '../errors.js';
import * as admin from './admin.js';
import { bulkWrite } from './bulk.js';
import type { Context, Handler } from './context.js';
import * as ddl from './ddl.js';
import * as read from './read.js';
import * as write from './write.js';

export type { Context } from './context.js';

const HANDLERS: Record<string, Handler> = {
  hello: admin.hello,
  isMaster: admin.hello,
  ismaster: admin.hello,
  ping: admin.ping,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  setParameter: admin.setParameter,
  getParameter: admin.getParameter,
  serverStatus: admin.serverStatus,
  dbStats: admin.dbStats,
  listDatabases: admin.listDatabases,
  endSessions: admin.ok,
  killAllSessions: admin.ok,
  refreshSessions: admin.ok,
  whatsmyuri: admin.whatsmyuri,
  connectionStatus: admin.connectionStatus,
  hostInfo: admin.hostInfo,

  find: read.find,
  getMore: read.getMore,
  killCursors: read.killCursors,
  count: read.count,
  distinct: read.distinct,
  aggregate: read.aggregate,
  explain: read.explain,

  insert: write.insert,
  update: write.update,
  delete: write.del,
  findAndModify: write.findAndModify,
  findandmodify: write.findAndModify,
  bulkWrite,

  create: ddl.create,
  drop: ddl.drop,
  dropDatabase: ddl.dropDatabase,
  listCollections: ddl.listCollections,
  createIndexes: ddl.createIndexes,
  listIndexes: ddl.listIndexes,
  dropIndexes: ddl.dropIndexes,
  deleteIndexes: ddl.dropIndexes,
  renameCollection: ddl.renameCollection,
  collMod: ddl.collMod,
};

const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

/** Executes one command synchronously and returns its reply (errors become ok: 0 replies). */
export function dispatch(body: Document, ctx: Context): Document {
  const name = Object.keys(body)[0] ?? '';
  try {
    if (TRANSACTION_COMMANDS.has(name) || body.txnNumber !== undefined || body.startTransaction !== undefined || body.autocommit !== undefined) {
      throw new CommandError(20, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) {
      ctx.logger.warn({ command: name, db: ctx.db }, 'embedded mongo: unknown command');
      throw new CommandError(59, `no such command: '${name}'`);
    }
    return handler(body, ctx);
  } catch (err) {
    const e = asCommandError(err);
    if (!(err instanceof CommandError)) ctx.logger.warn({ command: name, err: e.message }, 'embedded mongo: command failed');
    return e.toReply();
  }
}
