import { Chip, Paragraph } from '@digdir/designsystemet-react';
import { caseFlags } from '@contract/overview.js';
import { useOversightText, type OversightKey } from '../../i18n/namespaces.js';

/** The staff case list's parameters that come from the overview's numbers. */
export const overviewKeys = ['flag', 'coordinator', 'from', 'to', 'at', 'inactiveDays'] as const;

/** Those parameters of the address as a query string ('' without a flag or coordinator). */
export function overviewFilterOf(params: URLSearchParams): string {
  if (!params.get('flag') && !params.get('coordinator')) return '';
  const picked = new URLSearchParams();
  for (const key of overviewKeys) {
    const value = params.get(key);
    if (value) picked.set(key, value);
  }
  return picked.toString();
}

/** Says which number of the overview the list shows, as a chip that removes the filter. */
export function OverviewFilterChip({ params, onRemove }: { params: URLSearchParams; onRemove: () => void }) {
  const text = useOversightText();
  const flag = params.get('flag');
  const known = flag !== null && (caseFlags as readonly string[]).includes(flag);
  const name = known ? text(`flags.${flag}` as OversightKey) : text('flags.coordinator');
  const period = params.get('from') && params.get('to') ? ` (${params.get('from')} – ${params.get('to')})` : params.get('at') ? ` (${params.get('at')})` : '';
  return (
    <div className="staff-cases__filters">
      <Paragraph data-testid="overview-filter">{text('flags.shown', { filter: `${name}${period}` })}</Paragraph>
      <Chip.Removable aria-label={`${text('flags.remove')}: ${name}`} onClick={onRemove}>
        {name}
      </Chip.Removable>
    </div>
  );
}
