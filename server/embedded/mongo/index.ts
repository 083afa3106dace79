// An embedded server speaking the MongoDB wire protocol, for development and tests: documents live
// in memory (optionally journaled to a data folder); query, update and aggregation semantics come
// from mingo. It imports nothing from the rest of the application.
import { launch } from './embedded.js';

export interface EmbeddedMongoOptions {
  /** TCP port; 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Persistence folder; omitted = memory only. */
  dataDir?: string;
  logger?: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
}

export interface EmbeddedMongo {
  readonly port: number;
  readonly host: string;
  /** mongodb://host:port/db */
  uri(dbName?: string): string;
  /** Stops listening, closes sockets, flushes and closes files. */
  close(): Promise<void>;
}

export function startEmbeddedMongo(options?: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  return launch(options);
}
