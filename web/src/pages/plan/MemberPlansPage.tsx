import { useTranslation } from 'react-i18next';
import './plan.css';
import type { MemberPlanItem } from '@contract/plan.js';
import { Alert, Card, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { memberPlanPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { getMemberPlans } from './api.js';
import { usePlanText } from '../../i18n/namespaces.js';

/** A responsibility group member's start page: the plans they may see (the person's consent covers them). */
export function MemberPlansPage() {
  const t = usePlanText();
  const { t: tc } = useTranslation();
  useDocumentTitle(t('member.title'));
  const [plans, setPlans] = useState<MemberPlanItem[] | null | 'failed'>(null);
  useEffect(() => {
    getMemberPlans().then(
      (response) => setPlans(response.body?.plans ?? 'failed'),
      () => setPlans('failed'),
    );
  }, []);
  return (
    <div className="app-prose plan-member">
      <Heading level={1} data-size="lg">
        {t('member.title')}
      </Heading>
      <Paragraph>{t('member.intro')}</Paragraph>
      {plans === null && <Spinner aria-label={tc('common.loading')} />}
      {plans === 'failed' && <Alert data-color="danger">{t('member.failed')}</Alert>}
      {Array.isArray(plans) && plans.length === 0 && <Paragraph>{t('member.none')}</Paragraph>}
      {Array.isArray(plans) && plans.length > 0 && (
        <ul className="plan-member__list">
          {plans.map((p) => (
            <li key={p.caseId}>
              <Card data-color="neutral">
                <Heading level={2} data-size="xs">
                  <Link asChild>
                    <RouterLink to={memberPlanPath(p.caseId)}>{t('member.planFor', { name: p.personName })}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph data-size="sm">
                  {t('member.caseNumber', { caseNumber: p.caseNumber })} · {p.approvedNumber ? t('member.version', { number: p.approvedNumber }) : t('member.notApproved')} · {t('member.ownMeasures', { count: p.ownMeasures })}
                </Paragraph>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
