import type { ErrorRequestHandler, RequestHandler } from 'express';
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
  internal: {
    nb: 'Noe gikk galt hos oss. Prøv igjen litt senere.',
    nn: 'Noko gjekk gale hjå oss. Prøv igjen litt seinare.',
    en: 'Something went wrong on our side. Please try again a little later.',
  },
} satisfies Record<string, LocalizedText>;

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ errors: [{ field: null, message: messages.notFound[requestLanguage(req)] }] });
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const language = requestLanguage(req);
    const { status, errors } = toHttpError(error);
    if (status >= 500) logger.error({ err: error, method: req.method, route: req.route?.path }, 'request failed');
    res.status(status).json({ errors: errors.map((item) => ({ field: item.field, message: item.message[language] })) });
  };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return new HttpError(400, [{ field: null, message: messages.badJson }]);
  if (type === 'entity.too.large') return new HttpError(413, [{ field: null, message: messages.tooLarge }]);
  return new HttpError(500, [{ field: null, message: messages.internal }]);
}
