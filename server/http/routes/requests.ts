import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { maxAttachmentBytes, validateRequest } from '../../../forms/request.js';
import { audit } from '../../audit/audit.js';
import { requestForm } from '../../../forms/request.js';
import { IdempotencyConflictError, requestSubmitter, signerMatchesUser, type CaseCommandContext } from '../../commands/requestSubmitter.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type LocalizedText } from '../language.js';

/**
 * `POST /api/requests`: the signed request. JSON, or multipart/form-data with the JSON in the
 * field `request` and the power of attorney as the file `powerOfAttorney` (PDF, at most 5 MB).
 * Validated with the form's own schema (unknown fields stripped); nothing is stored unless it is
 * valid. `Idempotency-Key` makes retries safe: the same key never opens a second case.
 */

const messages = {
  idempotencyKey: {
    nb: 'Idempotency-Key må ha 8–100 tegn: bokstaver, sifre, - og _.',
    nn: 'Idempotency-Key må ha 8–100 teikn: bokstavar, siffer, - og _.',
    en: 'Idempotency-Key must have 8–100 characters: letters, digits, - and _.',
  },
  idempotencyConflict: {
    nb: 'Denne anmodningen er allerede sendt med annet innhold. Last inn siden på nytt og send igjen.',
    nn: 'Denne oppmodinga er alt send med anna innhald. Last inn sida på nytt og send igjen.',
    en: 'This request was already sent with different content. Reload the page and send it again.',
  },
  mediaType: {
    nb: 'Send anmodningen som JSON eller multipart/form-data.',
    nn: 'Send oppmodinga som JSON eller multipart/form-data.',
    en: 'Send the request as JSON or multipart/form-data.',
  },
  badJson: {
    nb: 'Feltet «request» må inneholde gyldig JSON.',
    nn: 'Feltet «request» må innehalde gyldig JSON.',
    en: 'The field "request" must hold valid JSON.',
  },
  unexpectedPart: {
    nb: 'Forespørselen har et felt eller en fil vi ikke forventer.',
    nn: 'Førespurnaden har eit felt eller ei fil vi ikkje ventar.',
    en: 'The request has a field or file we do not expect.',
  },
  tooLarge: {
    nb: 'Forespørselen er for stor.',
    nn: 'Førespurnaden er for stor.',
    en: 'The request is too large.',
  },
  signerNotUser: {
    nb: 'Du er logget inn som en annen enn den som signerer. Den som signerer, må være deg.',
    nn: 'Du er logga inn som ein annan enn den som signerer. Den som signerer, må vere deg.',
    en: 'You are signed in as someone other than the signer. The signer must be you.',
  },
} satisfies Record<string, LocalizedText>;

const formMessage = (key: string): LocalizedText => {
  const text = requestForm.messages?.[key];
  if (!text) throw new Error(`no form message ${key}`);
  return text;
};

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: maxAttachmentBytes, files: 1, fields: 2, parts: 3, fieldSize: 200 * 1024, fieldNameSize: 50, headerPairs: 50 },
}).single('powerOfAttorney');

/** Runs multer for multipart bodies and maps its errors to the API's error shape. */
const multipart: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  upload(req, res, (error: unknown) => {
    if (!error) return next();
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') return next(new HttpError(422, [{ field: 'powerOfAttorney', message: formMessage('fileTooLarge') }]));
      if (error.code === 'LIMIT_FIELD_VALUE' || error.code === 'LIMIT_PART_COUNT') return next(new HttpError(413, [{ field: null, message: messages.tooLarge }]));
      return next(new HttpError(400, [{ field: error.field ?? null, message: messages.unexpectedPart }]));
    }
    next(new HttpError(400, [{ field: null, message: messages.unexpectedPart }]));
  });
};

/** A PDF starts with `%PDF-` (the file's own bytes, whatever name or type the browser gave it). */
export function isPdf(bytes: Buffer): boolean {
  return bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** Keeps the file's base name, without paths or control characters. */
function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean === '' ? 'fullmakt.pdf' : clean;
}

function readBody(req: Request): Record<string, unknown> {
  let body: unknown = req.body;
  if (req.is('multipart/form-data')) {
    const raw = (req.body as Record<string, unknown> | undefined)?.request;
    if (typeof raw !== 'string') throw new HttpError(400, [{ field: 'request', message: messages.badJson }]);
    try {
      body = JSON.parse(raw);
    } catch {
      throw new HttpError(400, [{ field: 'request', message: messages.badJson }]);
    }
  } else if (!req.is('application/json')) {
    throw new HttpError(415, [{ field: null, message: messages.mediaType }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return body as Record<string, unknown>;
}

export interface RequestRoutesOptions {
  readonly context: CaseCommandContext;
  /** Limits POST /api/requests (per client), e.g. the security middleware's limiter. */
  readonly rateLimit?: RequestHandler;
  /** The date ages are computed on; tests fix it. Default: today in Norway. */
  readonly referenceDate?: () => string;
}

export function requestRoutes(options: RequestRoutesOptions): Router {
  const router = Router();
  const limit: RequestHandler = options.rateLimit ?? ((_req, _res, next) => next());

  router.post('/requests', limit, multipart, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const language = requestLanguage(req);
      const headerKey = req.get('Idempotency-Key');
      if (headerKey !== undefined && !idempotencyKeyPattern.test(headerKey)) {
        throw new HttpError(400, [{ field: 'Idempotency-Key', message: messages.idempotencyKey }]);
      }
      const body = readBody(req);

      // The file decides what the form data says about it; whatever the client wrote is replaced.
      const file = req.file;
      const data: Record<string, unknown> = { ...body };
      delete data.powerOfAttorney;
      if (file) {
        data.powerOfAttorney = { name: safeFileName(file.originalname), size: file.size, type: isPdf(file.buffer) ? 'application/pdf' : 'application/octet-stream' };
      }

      const result = await validateRequest(data, language, options.referenceDate ? { referenceDate: options.referenceDate() } : {});
      if (!result.ok) {
        res.status(422).json({ errors: result.errors });
        return;
      }
      if (!signerMatchesUser(result.value, req.user)) {
        await audit(req, { action: 'case.create', unitId: options.context.unitId, outcome: 'denied' });
        throw new HttpError(422, [{ field: 'signature.fullName', message: messages.signerNotUser }]);
      }
      const keepFile = file && result.value.powerOfAttorney;
      const submitted = await requestSubmitter(options.context, {
        data: result.value,
        ...(keepFile ? { attachment: { name: result.value.powerOfAttorney!.name, bytes: file.buffer } } : {}),
        idempotencyKey: headerKey ?? `generated-${randomUUID()}`,
        language,
        ...(req.user ? { user: req.user } : {}),
      });
      // Opening a case (or answering a retry with its receipt) is a write of case data: audited.
      await audit(req, { action: 'case.create', caseId: submitted.caseId, unitId: options.context.unitId });
      if (submitted.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({
        caseId: submitted.caseId,
        caseNumber: submitted.caseNumber,
        receivedAt: submitted.receivedAt.toISOString(),
        channel: result.value.applicantRole === 'health-personnel' ? 'health-notification' : 'citizen-request',
        consentGiven: result.value.consent?.given === true,
        openCase: submitted.openCase ?? null,
      });
    } catch (error) {
      if (error instanceof IdempotencyConflictError) return next(new HttpError(409, [{ field: 'Idempotency-Key', message: messages.idempotencyConflict }]));
      next(error);
    }
  });

  return router;
}
