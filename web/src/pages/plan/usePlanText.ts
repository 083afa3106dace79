import { useTranslation } from 'react-i18next';
import type { planNb } from '../../i18n/locales/plan.nb.js';

/** Dotted keys of the plan namespace ('workspace.title'); plural keys by their base ('member.ownMeasures'). */
type Keys<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K extends `${infer B}_${'one' | 'other'}` ? B : K}` : Keys<T[K], `${P}${K}.`>;
}[keyof T & string];
export type PlanTextKey = Keys<typeof planNb>;

/**
 * The plan pages' texts, from their own namespace ('plan', web/src/i18n/locales/plan.*.ts). Typed
 * here rather than in the app's catalogue type: the catalogue's typed keys are at the compiler's depth.
 */
export function usePlanText(): { t: (key: PlanTextKey, options?: Record<string, unknown>) => string; tc: ReturnType<typeof useTranslation>['t'] } {
  const { t: plain } = useTranslation('plan' as never);
  const { t: tc } = useTranslation();
  const t = (key: PlanTextKey, options?: Record<string, unknown>) => (plain as unknown as (k: string, o?: Record<string, unknown>) => string)(key, options);
  return { t, tc };
}
