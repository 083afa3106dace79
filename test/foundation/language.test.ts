import { describe, expect, it } from '@jest/globals';
import { requestLanguage } from '../../server/http/language.js';

const language = (header?: string) => requestLanguage({ headers: header === undefined ? {} : { 'accept-language': header } });

describe('requestLanguage', () => {
  it.each([
    [undefined, 'nb'],
    ['', 'nb'],
    ['nn', 'nn'],
    ['nn-NO,nb;q=0.8', 'nn'],
    ['en-GB,en;q=0.9', 'en'],
    ['no', 'nb'],
    ['de, en;q=0.5', 'en'],
    ['en;q=0.4, nn;q=0.9', 'nn'],
    ['fr', 'nb'],
    ['nn;q=0, en', 'en'],
  ])('Accept-Language %p gives %p', (header, expected) => {
    expect(language(header)).toBe(expected);
  });
});
