import { HttpError } from '../errors.js';
import type { LocalizedText } from '../language.js';

/** The texts of sign-in, access control and input checks, in nb, nn and en. */
export const securityMessages = {
  signInRequired: {
    nb: 'Du må logge inn.',
    nn: 'Du må logge inn.',
    en: 'You must sign in.',
  },
  forbidden: {
    nb: 'Du har ikke tilgang til dette.',
    nn: 'Du har ikkje tilgang til dette.',
    en: 'You do not have access to this.',
  },
  notFound: {
    nb: 'Fant ikke det du spurte etter.',
    nn: 'Fann ikkje det du spurde etter.',
    en: 'What you asked for was not found.',
  },
  csrf: {
    nb: 'Forespørselen mangler et gyldig sikkerhetsmerke. Last inn siden på nytt og prøv igjen.',
    nn: 'Førespurnaden manglar eit gyldig tryggleiksmerke. Last inn sida på nytt og prøv igjen.',
    en: 'The request lacks a valid security token. Reload the page and try again.',
  },
  tooManyRequests: {
    nb: 'For mange forsøk. Vent litt og prøv igjen.',
    nn: 'For mange forsøk. Vent litt og prøv igjen.',
    en: 'Too many attempts. Please wait a little and try again.',
  },
  forbiddenKey: {
    nb: 'Feltnavnet er ikke tillatt.',
    nn: 'Feltnamnet er ikkje tillate.',
    en: 'This field name is not allowed.',
  },
  tooDeep: {
    nb: 'Forespørselen er for dypt nøstet eller har for mange verdier.',
    nn: 'Førespurnaden er for djupt nøsta eller har for mange verdiar.',
    en: 'The request is nested too deeply or has too many values.',
  },
  invalidId: {
    nb: 'Ugyldig id.',
    nn: 'Ugyldig id.',
    en: 'Invalid id.',
  },
  invalidValue: {
    nb: 'Ugyldig verdi.',
    nn: 'Ugyldig verdi.',
    en: 'Invalid value.',
  },
  invalidDate: {
    nb: 'Ugyldig tidspunkt. Bruk formatet ÅÅÅÅ-MM-DD eller ISO 8601.',
    nn: 'Ugyldig tidspunkt. Bruk formatet ÅÅÅÅ-MM-DD eller ISO 8601.',
    en: 'Invalid time. Use the format YYYY-MM-DD or ISO 8601.',
  },
  unknownField: {
    nb: 'Ukjent felt.',
    nn: 'Ukjent felt.',
    en: 'Unknown field.',
  },
  required: {
    nb: 'Feltet må fylles ut.',
    nn: 'Feltet må fyllast ut.',
    en: 'This field is required.',
  },
  loginTaken: {
    nb: 'Det finnes allerede en bruker med denne påloggingen.',
    nn: 'Det finst alt ein brukar med denne påloggninga.',
    en: 'A user with this login already exists.',
  },
  notOwnAdmin: {
    nb: 'Du kan ikke fjerne din egen administratorrolle eller deaktivere deg selv.',
    nn: 'Du kan ikkje fjerne din eigen administratorrolle eller deaktivere deg sjølv.',
    en: 'You cannot remove your own admin role or deactivate yourself.',
  },
  leadOnlyCaseworker: {
    nb: 'Bare saksbehandlere i koordinerende enhet kan være leder.',
    nn: 'Berre saksbehandlarar i koordinerande eining kan vere leiar.',
    en: 'Only case workers at the coordinating unit can be lead.',
  },
  unitRequired: {
    nb: 'Saksbehandlere i koordinerende enhet må høre til en enhet.',
    nn: 'Saksbehandlarar i koordinerande eining må høyre til ei eining.',
    en: 'Case workers at the coordinating unit must belong to a unit.',
  },
  devOnly: {
    nb: 'Utviklingsinnloggingen er ikke slått på.',
    nn: 'Utviklingsinnlogginga er ikkje slått på.',
    en: 'The development sign-in is not enabled.',
  },
} satisfies Record<string, LocalizedText>;

export type SecurityMessage = keyof typeof securityMessages;

export function httpError(status: number, message: SecurityMessage, field: string | null = null): HttpError {
  return new HttpError(status, [{ field, message: securityMessages[message] }]);
}
