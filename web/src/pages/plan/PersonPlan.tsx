import type { PlanReading } from '@contract/plan.js';
import { Link, Paragraph } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { getReading, pdfHref } from './api.js';
import { DiffView } from './PlanView.js';
import { usePlanText } from '../../i18n/namespaces.js';

/** On the person's case page: which version they read, what changed since the one they last approved (or, with none approved, since the one sent before), and the plan as PDF. */
export function PersonPlanChanges({ caseId, reloadKey }: { caseId: string; reloadKey: string }) {
  const t = usePlanText();
  const [reading, setReading] = useState<PlanReading | null>(null);
  useEffect(() => {
    void getReading(caseId).then((response) => setReading(response.body));
  }, [caseId, reloadKey]);
  if (!reading?.version) return null;
  return (
    <div className="plan-person">
      <Paragraph>
        {t(`personStatus.${reading.version.status}`, { number: reading.version.number })} <Link href={pdfHref(caseId, reading.version.number)}>{t('person.pdf')}</Link>
      </Paragraph>
      {reading.changes && reading.changesSince && (
        <>
          <Paragraph>{t(`person.changesSince.${reading.changesSince}`, { number: reading.changes.from })}</Paragraph>
          <DiffView diff={reading.changes} headingLevel={3} />
        </>
      )}
    </div>
  );
}
