import { Router } from 'express';
import { audit } from '../../audit/audit.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { letterModel, pdfBytes, type LetterDoc } from '../../letters/model.js';
import { isCaseId, isObjectId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { loadCase } from './cases.js';

/**
 * The letters of a case as PDF: `GET /api/cases/:id/letters/:letterId.pdf`, for whoever may read
 * the case (the person, their representatives, the unit's staff); audited like every case read.
 */
export function letterRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const letters = letterModel(ctx.models.Case.db);
  const router = Router();
  router.param('id', validParam(isCaseId));
  router.param('letterId', validParam(isObjectId));

  router.get('/cases/:id/letters/:letterId.pdf', async (req, res) => {
    const { doc, facts } = await loadCase(ctx, req, 'case', 'read');
    const letter = await letters.findOne({ _id: String(req.params.letterId), caseId: doc._id }, { pdf: 1, template: 1 }).lean<Pick<LetterDoc, 'pdf' | 'template'>>();
    if (!letter) throw httpError(404, 'notFound');
    await audit(req, { action: 'case.letter-download', caseId: facts.id, unitId: facts.unitId });
    const pdf = pdfBytes(letter.pdf);
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.caseNumber}-${letter.template}.pdf"`)
      .set('Cache-Control', 'private, no-store')
      .send(pdf);
  });
  return router;
}
