import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { roleText } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { useOversightText, type OversightKey } from '../../i18n/namespaces.js';
import './oversight.css';

const roles = ['keCaseworker', 'keLead', 'coordinator', 'groupMember', 'processOwner', 'admin'] as const;
type HelpRole = (typeof roles)[number];

function helpRole(user: { role: string; lead: boolean }): HelpRole | null {
  if (user.role === 'ke-caseworker') return user.lead ? 'keLead' : 'keCaseworker';
  const byRole: Record<string, HelpRole> = { coordinator: 'coordinator', 'group-member': 'groupMember', 'process-owner': 'processOwner', admin: 'admin' };
  return byRole[user.role] ?? null;
}

/** The staff help page (`/hjelp`): what the signed-in role does in the product first, then the other roles. */
export function HelpPage() {
  const text = useOversightText();
  const { t } = useTranslation();
  useDocumentTitle(text('help.title'));
  const state = useSession();
  const user = state.status === 'ready' ? state.session.user : null;
  const own = user ? helpRole(user) : null;
  const block = (role: HelpRole) => (
    <div key={role}>
      <Heading level={3} data-size="xs">
        {text(`help.${role}` as OversightKey)}
      </Heading>
      <Paragraph>{text(`help.${role}Text` as OversightKey)}</Paragraph>
    </div>
  );
  return (
    <div className="oversight">
      <Heading level={1} data-size="lg">
        {text('help.title')}
      </Heading>
      {user && <Paragraph>{text('help.intro', { role: roleText(t, user) })}</Paragraph>}
      {own && (
        <section aria-labelledby="help-own">
          <Heading level={2} data-size="md" id="help-own">
            {text('help.yourRole')}
          </Heading>
          {block(own)}
        </section>
      )}
      <section aria-labelledby="help-others">
        <Heading level={2} data-size="md" id="help-others">
          {text('help.otherRoles')}
        </Heading>
        {roles.filter((role) => role !== own).map(block)}
      </section>
    </div>
  );
}
