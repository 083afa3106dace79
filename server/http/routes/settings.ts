import { Router } from 'express';

/** Public settings the web app needs before anyone signs in. */
export function settingsRoutes(settings: { municipalityName: string }): Router {
  const router = Router();
  router.get('/settings', (_req, res) => {
    res.json({ municipalityName: settings.municipalityName });
  });
  return router;
}
