// The engine's message broker runs with the patches of scripts/patch-dependencies.mjs, in both of
// its installed copies (bpmn-elements' and bpmn-engine's), and behaves as before them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from '@jest/globals';

const repo = path.resolve(import.meta.dirname, '../..');

interface SmqpMessage {
  readonly properties: Record<string, unknown>;
}
interface SmqpBroker {
  assertQueue(name: string, options?: Record<string, unknown>): { readonly messages: SmqpMessage[] };
  sendToQueue(name: string, content: unknown, properties?: Record<string, unknown>): void;
}

async function brokerIn(dir: string): Promise<SmqpBroker> {
  const smqp = (await import(pathToFileURL(path.join(repo, dir, 'src/index.js')).href)) as { Broker: () => SmqpBroker };
  return smqp.Broker();
}

describe.each(['node_modules/bpmn-elements/node_modules/smqp', 'node_modules/smqp'])('the message broker in %s', (dir) => {
  test('message ids are unique: a counter after one random prefix (the patch), not a random number each', async () => {
    const broker = await brokerIn(dir);
    const queue = broker.assertQueue('q');
    for (let i = 0; i < 20_000; i++) broker.sendToQueue('q', { i });
    const ids = queue.messages.map((message) => String(message.properties.messageId));
    expect(new Set(ids).size).toBe(20_000);
    const prefix = 'smq.mid-'.length + 8;
    expect(new Set(ids.map((id) => id.slice(0, prefix))).size).toBe(1);
    expect(ids[0]).toMatch(/^smq\.mid-[0-9a-f]{8}[0-9a-z]+$/);
  });

  test("a message keeps its own copy of the properties, a given id, and the queue's time to live", async () => {
    const broker = await brokerIn(dir);
    const plain = broker.assertQueue('plain');
    const timed = broker.assertQueue('timed', { messageTtl: 60_000 });
    const given = { messageId: 'given-id', type: 'start' };
    broker.sendToQueue('plain', 'a', given);
    broker.sendToQueue('timed', 'b', given);
    broker.sendToQueue('timed', 'c', { expiration: 5_000 });
    broker.sendToQueue('plain', 'd');

    expect(given).toEqual({ messageId: 'given-id', type: 'start' });
    const [a, d] = plain.messages;
    expect(a!.properties).toMatchObject({ messageId: 'given-id', type: 'start' });
    expect(a!.properties).not.toBe(given);
    expect(a!.properties).not.toHaveProperty('expiration');
    expect(typeof a!.properties.timestamp).toBe('number');
    expect(d!.properties.messageId).toMatch(/^smq\.mid-/);
    const [b, c] = timed.messages;
    expect(b!.properties).toMatchObject({ messageId: 'given-id', expiration: 60_000, ttl: (b!.properties.timestamp as number) + 60_000 });
    expect(c!.properties).toMatchObject({ expiration: 5_000, ttl: (c!.properties.timestamp as number) + 5_000 });
  });
});
