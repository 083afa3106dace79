// Every database test gets its own database: on the server named by MONGODB_URI when set (a fresh
// uniquely named database, dropped on close), otherwise on an embedded in-memory server on a free port.
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded/mongo/index.js';

export const usingRealMongo: boolean = Boolean(process.env.MONGODB_URI);

export interface TestDatabase {
  uri: string;
  dbName: string;
  close(): Promise<void>;
}

/** Puts `dbName` into the path of a mongodb:// or mongodb+srv:// URI, keeping hosts and options. */
export function uriWithDatabase(uri: string, dbName: string): string {
  const scheme = uri.indexOf('://');
  if (scheme < 0) throw new Error(`not a MongoDB URI: ${uri}`);
  const queryAt = uri.indexOf('?', scheme);
  const query = queryAt >= 0 ? uri.slice(queryAt) : '';
  const rest = queryAt >= 0 ? uri.slice(0, queryAt) : uri;
  const slash = rest.indexOf('/', scheme + 3);
  const hosts = slash >= 0 ? rest.slice(0, slash) : rest;
  return `${hosts}/${dbName}${query}`;
}

export async function useTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const realUri = process.env.MONGODB_URI;
  if (realUri) {
    const uri = uriWithDatabase(realUri, dbName);
    return {
      uri,
      dbName,
      async close() {
        const conn = await mongoose.createConnection(uri).asPromise();
        try {
          await conn.dropDatabase();
        } finally {
          await conn.close();
        }
      },
    };
  }
  const server = await startEmbeddedMongo();
  return { uri: server.uri(dbName), dbName, close: () => server.close() };
}
