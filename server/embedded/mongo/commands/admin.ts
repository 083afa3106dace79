import type { Document } from 'bson';
import { CommandError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../wire.js';
import type { Handler } from './context.js';

export const VERSION = '8.0.0';
// Wire version 25 is MongoDB 8.0 (the driver then sends client-level bulk writes as `bulkWrite`).
const MAX_WIRE_VERSION = 25;

export const hello: Handler = (cmd, ctx) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ...(cmd.saslSupportedMechs !== undefined ? { saslSupportedMechs: [] } : {}),
  ok: 1,
});

export const ping: Handler = () => ({ ok: 1 });

export const buildInfo: Handler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [8, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

function requireAdmin(db: string, name: string): void {
  if (db !== 'admin') throw new CommandError(13, `${name} may only be run against the admin database.`);
}

export const setParameter: Handler = (cmd, ctx) => {
  requireAdmin(ctx.db, 'setParameter');
  const reply: Document = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (k === 'setParameter' || k.startsWith('$') || k === 'lsid' || k === 'comment') continue;
    if (k !== 'ttlMonitorSleepSecs') throw new CommandError(2, `Attempted to set unknown parameter '${k}'`);
    const secs = Number(v);
    if (!Number.isInteger(secs) || secs < 1) throw new CommandError(2, `Bad value for parameter "ttlMonitorSleepSecs": must be a positive integer`);
    reply.was = ctx.ttl.setSleepSecs(secs);
  }
  if (!('was' in reply)) throw new CommandError(2, 'no option found to set, use help:true to see options');
  reply.ok = 1;
  return reply;
};

export const getParameter: Handler = (cmd, ctx) => {
  requireAdmin(ctx.db, 'getParameter');
  const reply: Document = {};
  if (cmd.getParameter === '*' || 'ttlMonitorSleepSecs' in cmd) reply.ttlMonitorSleepSecs = ctx.ttl.sleepSecs;
  if (Object.keys(reply).length === 0) throw new CommandError(72, 'no option found to get');
  reply.ok = 1;
  return reply;
};

export const serverStatus: Handler = (_cmd, ctx) => ({
  host: `${ctx.server.host}:${ctx.server.port}`,
  version: VERSION,
  process: 'mongod',
  pid: process.pid,
  uptime: Math.floor((Date.now() - ctx.server.startedAt) / 1000),
  uptimeMillis: Date.now() - ctx.server.startedAt,
  localTime: new Date(),
  connections: { current: ctx.server.connections(), available: 1000 },
  metrics: { cursor: { open: { total: ctx.cursors.count } } },
  ok: 1,
});

export const dbStats: Handler = (_cmd, ctx) => {
  const colls = Array.from(ctx.storage.dbs.get(ctx.db)?.values() ?? []);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects: colls.reduce((n, c) => n + c.docs.size, 0),
    indexes: colls.reduce((n, c) => n + c.indexes.length, 0),
    ok: 1,
  };
};

export const listDatabases: Handler = (cmd, ctx) => {
  requireAdmin(ctx.db, 'listDatabases');
  const databases = Array.from(ctx.storage.dbs.keys(), (name) => (cmd.nameOnly === true ? { name } : { name, sizeOnDisk: 0, empty: false }));
  return cmd.nameOnly === true ? { databases, ok: 1 } : { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

export const ok: Handler = () => ({ ok: 1 });

export const whatsmyuri: Handler = () => ({ you: '127.0.0.1', ok: 1 });

export const connectionStatus: Handler = () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 });

export const hostInfo: Handler = (_cmd, ctx) => ({
  system: { currentTime: new Date(), hostname: ctx.server.host },
  os: { type: process.platform },
  extra: {},
  ok: 1,
});
