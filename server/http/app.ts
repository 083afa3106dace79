import type { Queue } from 'bullmq';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Security } from './security.js';
import type { CaseCommandContext } from '../commands/requestSubmitter.js';
import type { Logger } from '../log.js';
import { apiDeadline, apiNotFound, errorHandler } from './errors.js';
import { caseRoutes } from './routes/cases.js';
import { definitionRoutes, type DefinitionRoutesContext } from './routes/definitions.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { letterRoutes } from './routes/letters.js';
import { notificationRoutes } from './routes/notifications.js';
import { operationsRoutes } from './routes/operations.js';
import { planRoutes } from './routes/plans.js';
import { overviewRoutes } from './routes/overview.js';
import { requestRoutes } from './routes/requests.js';
import { settingsRoutes } from './routes/settings.js';
import { staffCaseRoutes } from './routes/staff-cases.js';
import { taskRoutes } from './routes/tasks.js';
import { webAppRoutes } from './web-app.js';

export interface AppDependencies {
  logger: Logger;
  /** In production, browsers are told to use HTTPS for everything. */
  production: boolean;
  /** Express `trust proxy` (TRUST_PROXY). */
  trustProxy: boolean | number | string;
  municipalityName: string;
  webDistDir: string;
  checkReadiness(): Promise<{ mongodb: boolean; redis: boolean }>;
  /** Sign-in, sessions, CSRF, input checks, access control and audit (server/auth). */
  security: Security;
  /** The request form's and the person's case routes (server/cases, server/commands). */
  cases?: CaseCommandContext;
  /** The process owners' workspace (server/definitions, the engine's figures and migration). */
  definitions?: DefinitionRoutesContext;
  /** Every /api request answers within this many ms, with 503 when MongoDB or Redis holds it up (default 4500). */
  apiDeadlineMs?: number;
  /** The background queues shown to admins in the operations view (Bull Board). */
  queues?: readonly Queue[];
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'upgrade-insecure-requests': deps.production ? [] : null,
          // Fonts and styles are bundled: nothing from other origins; the app is never framed.
          'font-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'frame-ancestors': ["'none'"],
        },
      },
    }),
  );
  app.use(healthRoutes(deps.checkReadiness));
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Query strings may carry personal data; log the path only.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use('/api', apiDeadline(deps.apiDeadlineMs ?? 4500));
  app.use('/api', express.json({ limit: '100kb' }));
  app.use('/api', deps.security.api);
  app.use('/api', settingsRoutes({ municipalityName: deps.municipalityName }));
  if (deps.cases) {
    app.use(
      '/api',
      requestRoutes({ context: deps.cases, rateLimit: deps.security.requestRateLimit }),
      caseRoutes({ context: deps.cases }),
      incidentRoutes({ context: deps.cases }),
      staffCaseRoutes({ context: deps.cases }),
      taskRoutes({ context: deps.cases }),
      letterRoutes({ context: deps.cases }),
      notificationRoutes({ context: deps.cases }),
      planRoutes({ context: deps.cases }),
      overviewRoutes({ context: deps.cases }),
    );
  }
  if (deps.definitions) app.use('/api', definitionRoutes(deps.definitions));
  if (deps.queues) app.use('/api', operationsRoutes(deps.queues));
  app.use('/api', apiNotFound);
  app.use(webAppRoutes(deps.webDistDir));
  app.use(errorHandler(deps.logger));
  return app;
}
