import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isOutage } from '../infrastructure.js';
import type { Logger } from '../log.js';
import { requestLanguage, type LocalizedText } from './language.js';

/**
 * Every API error has one shape: `{ errors: [{ field, message }] }`, the message in the language
 * of Accept-Language. `field` names the input at fault, or is null for the request as a whole.
 */
export interface ApiErrorItem {
  field: string | null;
  message: LocalizedText;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly ApiErrorItem[],
  ) {
    super(errors.map((error) => error.message.en).join('; '));
    this.name = 'HttpError';
  }
}

const messages = {
  notFound: {
    nb: 'Fant ikke det du spurte etter.',
    nn: 'Fann ikkje det du spurde etter.',
    en: 'What you asked for was not found.',
  },
  badJson: {
    nb: 'Forespørselen er ikke gyldig JSON.',
    nn: 'Førespurnaden er ikkje gyldig JSON.',
    en: 'The request is not valid JSON.',
  },
  tooLarge: {
    nb: 'Forespørselen er for stor.',
    nn: 'Førespurnaden er for stor.',
    en: 'The request is too large.',
  },
  unsupportedCharset: {
    nb: 'Send forespørselen med tegnsettet UTF-8.',
    nn: 'Send førespurnaden med teiknsettet UTF-8.',
    en: 'Send the request in the UTF-8 character set.',
  },
  unsupportedEncoding: {
    nb: 'Forespørselen er komprimert på en måte vi ikke kan lese. Send den ukomprimert, eller med gzip, deflate eller br.',
    nn: 'Førespurnaden er komprimert på ein måte vi ikkje kan lese. Send han ukomprimert, eller med gzip, deflate eller br.',
    en: 'The request is compressed in a way we cannot read. Send it uncompressed, or with gzip, deflate or br.',
  },
  badRequest: {
    nb: 'Forespørselen kunne ikke leses.',
    nn: 'Førespurnaden kunne ikkje lesast.',
    en: 'The request could not be read.',
  },
  unavailable: {
    nb: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.',
    nn: 'Tenesta er mellombels utilgjengeleg. Prøv igjen om litt.',
    en: 'The service is temporarily unavailable. Please try again shortly.',
  },
  internal: {
    nb: 'Noe gikk galt hos oss. Prøv igjen litt senere.',
    nn: 'Noko gjekk gale hjå oss. Prøv igjen litt seinare.',
    en: 'Something went wrong on our side. Please try again a little later.',
  },
} satisfies Record<string, LocalizedText>;

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ errors: [{ field: null, message: messages.notFound[requestLanguage(req)] }] });
};

/**
 * Every /api request answers within `ms`: one still waiting then (on a database or Redis that does
 * not answer) gets 503 in the error shape. A multipart upload's time counts from its last byte.
 */
export function apiDeadline(ms: number): RequestHandler {
  return (req, res, next) => {
    let timer: NodeJS.Timeout | undefined;
    const start = () => {
      timer = setTimeout(() => {
        if (res.headersSent) return;
        res.locals.answeredByDeadline = true;
        res.status(503).json({ errors: [{ field: null, message: messages.unavailable[requestLanguage(req)] }] });
      }, ms);
    };
    const stop = () => clearTimeout(timer);
    res.once('finish', stop);
    res.once('close', stop);
    if (req.is('multipart/form-data')) req.once('end', start);
    else start();
    next();
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // The deadline answered already; what the request did meanwhile ends here.
      if (res.locals.answeredByDeadline === true) return;
      return next(error);
    }
    const language = requestLanguage(req);
    const { status, errors } = toHttpError(error);
    if (status === 503) logger.warn({ err: (error as Error).message, method: req.method, route: req.route?.path }, 'request failed: a database is unavailable');
    else if (status >= 500) logger.error({ err: error, method: req.method, route: req.route?.path }, 'request failed');
    res.status(status).json({ errors: errors.map((item) => ({ field: item.field, message: item.message[language] })) });
  };
}

/**
 * Client errors raised before our code runs (body parsing, static files) carry a 4xx `status`:
 * they are the client's fault and answer as such, in the error shape; only a real fault is a 500.
 */
function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  const fail = (code: number, message: LocalizedText) => new HttpError(code, [{ field: null, message }]);
  if (isOutage(error)) return fail(503, messages.unavailable);
  if (type === 'entity.parse.failed') return fail(400, messages.badJson);
  if (type === 'entity.too.large') return fail(413, messages.tooLarge);
  if (type === 'charset.unsupported') return fail(415, messages.unsupportedCharset);
  if (type === 'encoding.unsupported') return fail(415, messages.unsupportedEncoding);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return fail(404, messages.notFound);
    if (status === 413) return fail(413, messages.tooLarge);
    return fail(status, messages.badRequest);
  }
  return fail(500, messages.internal);
}
