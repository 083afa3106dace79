import { createServer, type Server, type Socket } from 'node:net';
import type { Engine } from './engine.js';
import type { Logger } from './journal.js';
import { MessageReader, OP_QUERY, encodeMsg, encodeReply, parseMessage } from './wire.js';

/** TCP listener: one sequential command queue per connection. */
export class WireServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextConnectionId = 1;
  private nextRequestId = 1;

  constructor(
    private readonly engine: Engine,
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  get connections(): number {
    return this.sockets.size;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private accept(socket: Socket): void {
    const connectionId = this.nextConnectionId++;
    const reader = new MessageReader();
    let queue = Promise.resolve();
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (data) => {
      let messages: Buffer[];
      try {
        messages = reader.push(data);
      } catch (err) {
        this.logger.warn({ connectionId, err: (err as Error).message }, 'embedded mongo: bad message, closing connection');
        socket.destroy();
        return;
      }
      for (const m of messages) queue = queue.then(() => this.handle(socket, m, connectionId));
    });
  }

  private async handle(socket: Socket, message: Buffer, connectionId: number): Promise<void> {
    if (socket.destroyed) return;
    let request;
    try {
      request = parseMessage(message);
    } catch (err) {
      this.logger.warn({ connectionId, err: (err as Error).message }, 'embedded mongo: unreadable message, closing connection');
      socket.destroy();
      return;
    }
    const fromQuery = request.opCode === OP_QUERY;
    const db = fromQuery ? (request.collection ?? 'admin').split('.')[0] || 'admin' : typeof request.body.$db === 'string' ? request.body.$db : 'admin';
    const reply = await this.engine.execute(request.body, db, connectionId);
    if (request.moreToCome || socket.destroyed) return;
    const requestId = this.nextRequestId++ & 0x7fffffff;
    const encode = fromQuery ? encodeReply : encodeMsg;
    let bytes: Buffer;
    try {
      bytes = encode(requestId, request.requestId, reply);
    } catch (err) {
      bytes = encode(requestId, request.requestId, { ok: 0, code: 10334, codeName: 'BSONObjectTooLarge', errmsg: (err as Error).message });
    }
    socket.write(bytes);
  }
}
