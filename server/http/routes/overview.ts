import { Router } from 'express';
import type { OverviewAnswer } from '../../../contract/overview.js';
import { audit } from '../../audit/audit.js';
import { overviewSettings, unitOverview, type OverviewSettings } from '../../cases/overview.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { endOfDayInNorway } from '../../tasks/query.js';
import { authorize } from '../authorize.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type Language, type LocalizedText } from '../language.js';
import { requireUser } from '../middleware/signed-in.js';

/**
 * `GET /api/overview?from=&to=&at=&inactiveDays=&format=csv`: the coordinating unit's overview for
 * the signed-in KE case worker's unit (the `overview` rule): counts only, each with the staff case
 * list behind it (contract/overview.ts). `format=csv` gives the same figures as a download in the
 * reader's language. Audited as overview.read / overview.export with the unit.
 */

const messages = {
  date: (field: string): LocalizedText => ({
    nb: `${field} må være en dato (ÅÅÅÅ-MM-DD).`,
    nn: `${field} må vere ein dato (ÅÅÅÅ-MM-DD).`,
    en: `${field} must be a date (YYYY-MM-DD).`,
  }),
  order: { nb: 'Perioden må starte før den slutter.', nn: 'Perioden må starte før han sluttar.', en: 'The period must start before it ends.' },
  inactiveDays: { nb: 'Dager uten aktivitet må være et helt tall fra 1 til 3650.', nn: 'Dagar utan aktivitet må vere eit heilt tal frå 1 til 3650.', en: 'Days without activity must be a whole number from 1 to 3650.' },
  format: { nb: 'Formatet må være «json» eller «csv».', nn: 'Formatet må vere «json» eller «csv».', en: 'The format must be "json" or "csv".' },
} as const;

const invalid = (field: string, message: LocalizedText) => new HttpError(400, [{ field, message }]);

function day(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !endOfDayInNorway(value)) throw invalid(field, messages.date(field));
  return value;
}

/** The overview's settings from a query string (also the staff case list's, for its `flag`); 400 naming the parameter. */
export function parseOverviewSettings(query: Record<string, unknown>, now: Date): OverviewSettings {
  const from = day(query.from, 'from');
  const to = day(query.to, 'to');
  const at = day(query.at, 'at');
  const settings = overviewSettings(now, { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(at ? { at } : {}) });
  if (settings.from > settings.to) throw invalid('from', messages.order);
  const raw = query.inactiveDays;
  if (raw === undefined || raw === '') return settings;
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 3650) throw invalid('inactiveDays', messages.inactiveDays);
  return { ...settings, inactiveDays: Number(raw) };
}

export function overviewRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const router = Router();

  router.get('/overview', async (req, res) => {
    const user = requireUser(req);
    const unitId = user.unitId ?? null;
    authorize(req, 'read', 'overview', { unitId });
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw invalid('format', messages.format);
    const settings = parseOverviewSettings(req.query, (ctx.clock ?? { now: () => new Date() }).now());
    const answer = await unitOverview(ctx, unitId!, settings);
    await audit(req, { action: format === 'csv' ? 'overview.export' : 'overview.read', unitId: unitId! });
    if (format === 'json') {
      res.json(answer);
      return;
    }
    const language = requestLanguage(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="overview-${unitId}-${settings.from}-${settings.to}.csv"`);
    res.send(overviewCsv(answer, language));
  });

  return router;
}

const labels = {
  header: { nb: ['Del', 'Tall', 'Antall', 'Dager', 'Liste'], nn: ['Del', 'Tal', 'Tal på', 'Dagar', 'Liste'], en: ['Section', 'Figure', 'Count', 'Days', 'List'] },
  now: { nb: 'Nå', nn: 'No', en: 'Now' },
  stage: { nb: 'Åpne saker etter steg', nn: 'Opne saker etter steg', en: 'Open cases by stage' },
  coordinators: { nb: 'Koordinatorer (åpne saker)', nn: 'Koordinatorar (opne saker)', en: 'Coordinators (open cases)' },
  period: (from: string, to: string): LocalizedText => ({ nb: `Periode ${from}–${to}`, nn: `Periode ${from}–${to}`, en: `Period ${from}–${to}` }),
  openCases: { nb: 'Åpne saker', nn: 'Opne saker', en: 'Open cases' },
  closedCases: { nb: 'Avsluttede saker', nn: 'Avslutta saker', en: 'Closed cases' },
  waitingAssessment: { nb: 'Venter på vurdering (lengste ventetid)', nn: 'Ventar på vurdering (lengste ventetid)', en: 'Waiting for assessment (longest wait)' },
  interimRepliesDue: { nb: 'Foreløpig svar forfaller', nn: 'Førebels svar forfell', en: 'Interim replies due' },
  withoutCoordinator: { nb: 'Innvilget uten koordinator', nn: 'Innvilga utan koordinator', en: 'Granted without a coordinator' },
  reviewOverdue: { nb: 'Evaluering på overtid', nn: 'Evaluering på overtid', en: 'Review overdue' },
  reviewDueSoon: { nb: 'Evaluering snart', nn: 'Evaluering snart', en: 'Review due soon' },
  inactive: (days: number): LocalizedText => ({ nb: `Planer uten aktivitet i ${days} dager`, nn: `Planar utan aktivitet i ${days} dagar`, en: `Plans with no activity for ${days} days` }),
  received: { nb: 'Anmodninger mottatt', nn: 'Oppmodingar mottekne', en: 'Requests received' },
  granted: { nb: 'Innvilget', nn: 'Innvilga', en: 'Granted' },
  rejected: { nb: 'Avslått', nn: 'Avslått', en: 'Rejected' },
  medianDays: { nb: 'Median dager fra anmodning til koordinator', nn: 'Median dagar frå oppmoding til koordinator', en: 'Median days from request to coordinator' },
  activePlan: (at: string): LocalizedText => ({ nb: `Personer med aktiv plan ${at}`, nn: `Personar med aktiv plan ${at}`, en: `People with an active plan on ${at}` }),
} as const;

const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quoted always; a cell starting like a formula is prefixed so that a spreadsheet shows it as text.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

/** The overview as CSV (UTF-8 with a byte order mark, so spreadsheets read æøå): one line per figure. */
export function overviewCsv(answer: OverviewAnswer, language: Language): string {
  const rows: (string | number | null)[][] = [[...labels.header[language]]];
  const now = labels.now[language];
  rows.push([now, labels.openCases[language], answer.openCases.count, null, answer.openCases.link]);
  rows.push([now, labels.closedCases[language], answer.closedCases.count, null, answer.closedCases.link]);
  rows.push([now, labels.waitingAssessment[language], answer.waitingAssessment.count, answer.waitingAssessment.oldestDays, answer.waitingAssessment.link]);
  rows.push([now, labels.interimRepliesDue[language], answer.interimRepliesDue.count, null, answer.interimRepliesDue.link]);
  rows.push([now, labels.withoutCoordinator[language], answer.withoutCoordinator.count, null, answer.withoutCoordinator.link]);
  rows.push([now, labels.reviewOverdue[language], answer.reviewOverdue.count, null, answer.reviewOverdue.link]);
  rows.push([now, labels.reviewDueSoon[language], answer.reviewDueSoon.count, null, answer.reviewDueSoon.link]);
  rows.push([now, labels.inactive(answer.settings.inactiveDays)[language], answer.inactive.count, null, answer.inactive.link]);
  for (const stage of answer.byStage) rows.push([labels.stage[language], stage.stage, stage.count, null, stage.link]);
  for (const coordinator of answer.coordinators) rows.push([labels.coordinators[language], coordinator.name, coordinator.count, null, coordinator.link]);
  const p = answer.period;
  const period = labels.period(p.from, p.to)[language];
  rows.push([period, labels.received[language], p.received.count, null, p.received.link]);
  rows.push([period, labels.granted[language], p.granted.count, null, p.granted.link]);
  rows.push([period, labels.rejected[language], p.rejected.count, null, p.rejected.link]);
  rows.push([period, labels.medianDays[language], p.medianDaysToCoordinator.count, p.medianDaysToCoordinator.days, p.medianDaysToCoordinator.link]);
  rows.push([period, labels.activePlan(p.at)[language], p.peopleWithActivePlan.count, null, p.peopleWithActivePlan.link]);
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
