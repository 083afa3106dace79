import type { Server } from 'node:http';
import type { Express } from 'express';

/** Starts listening; the returned close() stops new connections and waits for open requests. */
export function listen(app: Express, host: string, port: number): Promise<{ server: Server; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      resolve({
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeError) => (closeError ? fail(closeError) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
