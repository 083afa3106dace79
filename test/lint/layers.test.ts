import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `filePath` (the file need not exist) and returns the layer messages. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((message) => message.ruleId === 'layers/one-way').map((message) => message.message);
}

describe('layers: imports point one way', () => {
  it.each([
    ['policies', 'http', 'server/policies/fixture.ts', "import { httpError } from '../http/middleware/messages.js';\nexport const x = httpError;\n"],
    ['policies', 'audit', 'server/policies/fixture.ts', "import { audit } from '../audit/audit.js';\nexport const x = audit;\n"],
    ['cases', 'commands', 'server/cases/fixture.ts', "import type { SubmittedRequest } from '../commands/requestSubmitter.js';\nexport type X = SubmittedRequest;\n"],
    ['engine', 'cases', 'server/engine/fixture.ts', "export { caseModels } from '../cases/models.js';\n"],
    ['commands', 'http', 'server/commands/fixture.ts', "import { createApp } from '../http/app.js';\nexport const x = createApp;\n"],
    ['notifications', 'workers', 'server/notifications/fixture.ts', "import { startJobWorker } from '../../workers/jobs/worker.js';\nexport const x = startJobWorker;\n"],
    ['definitions', 'engine', 'server/definitions/fixture.ts', "export async function load() { return import('../engine/runtime.js'); }\n"],
    ['forms', 'auth', 'forms/fixture.ts', "import type { SessionUser } from '../server/auth/types.js';\nexport type X = SessionUser;\n"],
    ['web', 'base', 'web/src/fixture.ts', "import type { Config } from '../../server/config.js';\nexport type X = Config;\n"],
  ])('%s may not import %s', async (from, to, filePath, code) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`(${from}) may not import`);
    expect(errors[0]).toContain(`(${to})`);
  });

  it('names a server folder that is in no layer yet', async () => {
    const errors = await layerErrors('server/commands/fixture.ts', "export { x } from '../somewhere-new/x.js';\n");
    expect(errors).toEqual(['server/somewhere-new/x.js is in no layer: give its folder a place in the layers in eslint.config.js.']);
  });

  it.each([
    ['server/http/fixture.ts', "import { consentWithdrawer } from '../commands/consentWithdrawer.js';\nexport const x = consentWithdrawer;\n"],
    ['server/commands/fixture.ts', "import { caseModels } from '../cases/models.js';\nexport const x = caseModels;\n"],
    ['server/cases/fixture.ts', "import { engineModels } from '../engine/models/index.js';\nexport const x = engineModels;\n"],
    ['workers/fixture.ts', "import { timerQueueName } from '../server/engine/queues.js';\nexport const x = timerQueueName;\n"],
    ['web/src/fixture.ts', "import type { TaskViewName } from '@contract/tasks';\nimport { l10n } from '@forms/types';\nexport type X = TaskViewName;\nexport const y = l10n;\n"],
  ])('%s may import downhill (the layers below it)', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
