import type { GroupMeeting, GroupMember, ResponsibilityGroup } from '@contract/plan.js';
import { Button, Card, Checkbox, Field, Fieldset, Heading, Label, Paragraph, Select, Table, Textfield } from '@digdir/designsystemet-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { newId } from './api.js';
import { usePlanText } from '../../i18n/namespaces.js';

type Save = (group: ResponsibilityGroup) => Promise<boolean>;

const emptyMember = (): GroupMember => ({ id: newId('p'), name: '', kind: 'professional' });
const emptyMeeting = (): GroupMeeting => ({ id: newId('t'), at: '', video: false, attendeeIds: [], followUps: [] });

/**
 * The responsibility group: its members (users of the product or outside professionals, the person,
 * relatives) and its meetings with minutes and follow-up points; a follow-up point can become a measure.
 */
export function GroupEditor({ group, onSave, candidates, onFollowUpToMeasure, errors }: { group: ResponsibilityGroup; onSave: Save; candidates: { id: string; name: string }[]; onFollowUpToMeasure: (text: string, responsible?: string, dueOn?: string) => string; errors: Record<string, string> }) {
  const t = usePlanText();
  const language = currentLanguage();
  const [member, setMember] = useState<GroupMember>(emptyMember);
  const [meeting, setMeeting] = useState<GroupMeeting | null>(null);
  const [followUp, setFollowUp] = useState({ text: '', responsible: '', dueOn: '' });

  const addMember = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSave({ ...group, members: [...group.members, member] })) setMember(emptyMember());
  };
  const saveMeeting = async (event: FormEvent) => {
    event.preventDefault();
    if (!meeting) return;
    const exists = group.meetings.some((m) => m.id === meeting.id);
    const meetings = exists ? group.meetings.map((m) => (m.id === meeting.id ? meeting : m)) : [...group.meetings, meeting];
    if (await onSave({ ...group, meetings })) setMeeting(null);
  };
  const memberName = (id: string) => group.members.find((m) => m.id === id)?.name ?? '';

  return (
    <div className="plan-group">
      <Heading level={3} data-size="xs">
        {t('group.members')}
      </Heading>
      {group.members.length === 0 ? (
        <Paragraph>{t('group.noMembers')}</Paragraph>
      ) : (
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('group.name')}</Table.HeaderCell>
              <Table.HeaderCell>{t('group.organisationRole')}</Table.HeaderCell>
              <Table.HeaderCell>{t('group.responsibility')}</Table.HeaderCell>
              <Table.HeaderCell>{t('group.contact')}</Table.HeaderCell>
              <Table.HeaderCell>{t('group.actions')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {group.members.map((m) => (
              <Table.Row key={m.id}>
                <Table.Cell>
                  {m.name}
                  <div className="plan-group__kind">{m.userId ? t('group.isUser', { kind: t(`memberKind.${m.kind}`) }) : t(`memberKind.${m.kind}`)}</div>
                </Table.Cell>
                <Table.Cell>{[m.organisation, m.role].filter(Boolean).join(', ')}</Table.Cell>
                <Table.Cell>{m.responsibility}</Table.Cell>
                <Table.Cell>{m.contact}</Table.Cell>
                <Table.Cell>
                  <Button variant="tertiary" data-size="sm" onClick={() => void onSave({ ...group, members: group.members.filter((x) => x.id !== m.id) })}>
                    {t('group.remove', { name: m.name })}
                  </Button>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}

      <form onSubmit={addMember} className="plan-group__form" aria-labelledby="plan-add-member">
        <Heading level={4} data-size="2xs" id="plan-add-member">
          {t('group.addMember')}
        </Heading>
        <Textfield id="plan-member-name" label={t('group.name')} error={errors['group.members']} value={member.name} onChange={(e: ChangeEvent<HTMLInputElement>) => setMember({ ...member, name: e.target.value })} required />
        <Field>
          <Label htmlFor="plan-member-kind">{t('group.kind')}</Label>
          <Select id="plan-member-kind" value={member.kind} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMember({ ...member, kind: e.target.value as GroupMember['kind'] })}>
            {(['professional', 'person', 'relative'] as const).map((kind) => (
              <Select.Option key={kind} value={kind}>
                {t(`memberKind.${kind}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield id="plan-member-organisation" label={t('group.organisation')} value={member.organisation ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMember({ ...member, organisation: e.target.value })} />
        <Textfield id="plan-member-role" label={t('group.role')} value={member.role ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMember({ ...member, role: e.target.value })} />
        <Textfield id="plan-member-responsibility" label={t('group.responsibility')} multiline rows={2} value={member.responsibility ?? ''} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setMember({ ...member, responsibility: e.target.value })} />
        <Textfield id="plan-member-contact" label={t('group.contact')} value={member.contact ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMember({ ...member, contact: e.target.value })} />
        <Field>
          <Label htmlFor="plan-member-user">{t('group.user')}</Label>
          <Field.Description>{t('group.userHint')}</Field.Description>
          <Select id="plan-member-user" value={member.userId ?? ''} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMember({ ...member, userId: e.target.value || undefined })}>
            <Select.Option value="">{t('group.outside')}</Select.Option>
            {candidates.map((c) => (
              <Select.Option key={c.id} value={c.id}>
                {c.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t('group.saveMember')}
        </Button>
      </form>

      <Heading level={3} data-size="xs">
        {t('group.meetings')}
      </Heading>
      {group.meetings.length === 0 && <Paragraph>{t('group.noMeetings')}</Paragraph>}
      {[...group.meetings]
        .sort((a, b) => (a.at < b.at ? 1 : -1))
        .map((m) => (
          <Card key={m.id} className="plan-group__meeting" data-color="neutral">
            <Heading level={4} data-size="2xs">
              {t('group.meetingTitle', { at: formatDate(m.at, language, true), place: m.video ? t('group.video') : (m.place ?? '') })}
            </Heading>
            {m.agenda && <Paragraph>{t('group.agendaText', { agenda: m.agenda })}</Paragraph>}
            {m.attendeeIds.length > 0 && <Paragraph>{t('group.attendeesText', { names: m.attendeeIds.map(memberName).filter(Boolean).join(', ') })}</Paragraph>}
            {m.minutes && (
              <div className="plan-group__minutes">
                <strong>{t('group.minutes')}</strong>
                <Paragraph>{m.minutes}</Paragraph>
              </div>
            )}
            {m.followUps.length > 0 && (
              <ul>
                {m.followUps.map((f) => (
                  <li key={f.id}>
                    {f.text}
                    {f.responsible ? ` – ${f.responsible}` : ''}
                    {f.dueOn ? `, ${formatDate(f.dueOn, language)}` : ''}
                    {f.measureId ? ` (${t('group.becameMeasure')})` : (
                      <Button
                        variant="tertiary"
                        data-size="sm"
                        onClick={() => {
                          const measureId = onFollowUpToMeasure(f.text, f.responsible, f.dueOn);
                          void onSave({ ...group, meetings: group.meetings.map((x) => (x.id === m.id ? { ...x, followUps: x.followUps.map((y) => (y.id === f.id ? { ...y, measureId } : y)) } : x)) });
                        }}
                      >
                        {t('group.toMeasure', { text: f.text.slice(0, 40) })}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <Button variant="tertiary" data-size="sm" onClick={() => setMeeting(m)}>
              {t('group.editMeeting')}
            </Button>
          </Card>
        ))}
      {!meeting && (
        <Button variant="secondary" onClick={() => setMeeting(emptyMeeting())}>
          {t('group.newMeeting')}
        </Button>
      )}
      {meeting && (
        <form onSubmit={saveMeeting} className="plan-group__form" aria-labelledby="plan-meeting-form">
          <Heading level={4} data-size="2xs" id="plan-meeting-form">
            {t('group.meetingForm')}
          </Heading>
          <Textfield id="plan-meeting-at" type="datetime-local" label={t('group.at')} required error={Object.entries(errors).find(([k]) => k.startsWith('group.meetings') && k.endsWith('.at'))?.[1]} value={meeting.at} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeeting({ ...meeting, at: e.target.value })} />
          <Textfield id="plan-meeting-place" label={t('group.place')} value={meeting.place ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeeting({ ...meeting, place: e.target.value })} />
          <Checkbox id="plan-meeting-video" label={t('group.video')} checked={meeting.video} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeeting({ ...meeting, video: e.target.checked })} />
          <Textfield id="plan-meeting-agenda" label={t('group.agenda')} multiline rows={2} value={meeting.agenda ?? ''} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setMeeting({ ...meeting, agenda: e.target.value })} />
          {group.members.length > 0 && (
            <Fieldset>
              <Fieldset.Legend>{t('group.attendees')}</Fieldset.Legend>
              {group.members.map((m) => (
                <Checkbox
                  key={m.id}
                  id={`plan-meeting-attendee-${m.id}`}
                  label={m.name}
                  checked={meeting.attendeeIds.includes(m.id)}
                  onChange={(e: ChangeEvent<HTMLInputElement>) => setMeeting({ ...meeting, attendeeIds: e.target.checked ? [...meeting.attendeeIds, m.id] : meeting.attendeeIds.filter((id) => id !== m.id) })}
                />
              ))}
            </Fieldset>
          )}
          <Textfield id="plan-meeting-minutes" label={t('group.minutes')} multiline rows={5} value={meeting.minutes ?? ''} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setMeeting({ ...meeting, minutes: e.target.value })} />
          <Fieldset>
            <Fieldset.Legend>{t('group.followUps')}</Fieldset.Legend>
            {meeting.followUps.length > 0 && (
              <ul>
                {meeting.followUps.map((f) => (
                  <li key={f.id}>{[f.text, f.responsible, f.dueOn ? formatDate(f.dueOn, language) : ''].filter(Boolean).join(' – ')}</li>
                ))}
              </ul>
            )}
            <Textfield id="plan-followup-text" label={t('group.followUpText')} value={followUp.text} onChange={(e: ChangeEvent<HTMLInputElement>) => setFollowUp({ ...followUp, text: e.target.value })} />
            <Textfield id="plan-followup-responsible" label={t('group.followUpResponsible')} value={followUp.responsible} onChange={(e: ChangeEvent<HTMLInputElement>) => setFollowUp({ ...followUp, responsible: e.target.value })} />
            <Textfield id="plan-followup-due" type="date" label={t('group.followUpDue')} value={followUp.dueOn} onChange={(e: ChangeEvent<HTMLInputElement>) => setFollowUp({ ...followUp, dueOn: e.target.value })} />
            <Button
              variant="secondary"
              data-size="sm"
              onClick={() => {
                if (!followUp.text.trim()) return;
                setMeeting({ ...meeting, followUps: [...meeting.followUps, { id: newId('f'), text: followUp.text, ...(followUp.responsible ? { responsible: followUp.responsible } : {}), ...(followUp.dueOn ? { dueOn: followUp.dueOn } : {}), done: false }] });
                setFollowUp({ text: '', responsible: '', dueOn: '' });
              }}
            >
              {t('group.addFollowUp')}
            </Button>
          </Fieldset>
          <div className="plan-group__buttons">
            <Button type="submit">{t('group.saveMeeting')}</Button>
            <Button variant="tertiary" onClick={() => setMeeting(null)}>
              {t('group.cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
