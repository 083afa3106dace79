import type { Request } from 'express';
import type { Language } from '../../forms/types.js';

export type { Language, LocalizedText } from '../../forms/types.js';

/**
 * The language of the answer, from Accept-Language (quality values honoured); Norwegian without a
 * written standard ("no") means Bokmål, and nb is the default.
 */
export function requestLanguage(req: Pick<Request, 'headers'>): Language {
  const header = req.headers['accept-language'];
  if (!header) return 'nb';
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, quality: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'nb' || primary === 'no') return 'nb';
    if (primary === 'nn') return 'nn';
    if (primary === 'en') return 'en';
  }
  return 'nb';
}
