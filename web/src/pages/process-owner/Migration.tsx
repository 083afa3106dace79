import { Alert, Button, Field, Fieldset, Heading, Label, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, type ApiError } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import type { Blocker, MigrationGroup, MigrationPreview, MigrationRun, VersionItem } from './api.js';

/** Moving running cases from an older version to another: first a preview, then the run, whose outcome is fetched until it is done. */
export function Migration({ processKey, versions, onMoved }: { processKey: string; versions: VersionItem[]; onMoved: () => void }) {
  const { t } = useTranslation();
  const withRunning = versions.filter((version) => version.running > 0 && !version.newest);
  const newest = versions.find((version) => version.newest);
  const [from, setFrom] = useState(String(withRunning[0]?.number ?? ''));
  const [preview, setPreview] = useState<MigrationPreview | null>(null);
  const [run, setRun] = useState<MigrationRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Renamed elements the process owner has named: old id → new id. */
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const base = `/api/definitions/${encodeURIComponent(processKey)}/migrations`;

  useEffect(() => {
    if (!run || run.status !== 'running') return;
    const timer = setTimeout(() => {
      void apiGet<{ migration: MigrationRun }>(`${base}/${run.id}`, currentLanguage()).then((response) => {
        if (response.body) {
          setRun(response.body.migration);
          if (response.body.migration.status !== 'running') onMoved();
        }
      });
    }, 500);
    return () => clearTimeout(timer);
  }, [run, base, onMoved]);

  if (!newest || withRunning.length === 0) {
    return (
      <section aria-labelledby="migration-heading">
        <Heading level={2} data-size="md" id="migration-heading">
          {t('processOwner.migration')}
        </Heading>
        <Paragraph>{t('processOwner.nothingToMove')}</Paragraph>
      </section>
    );
  }

  const body = (renames = mapping) => ({ fromVersion: Number(from), toVersion: newest.number, mapping: renames });
  const fail = (response: { body: unknown }) => setError((response.body as { errors?: ApiError[] } | null)?.errors?.[0]?.message ?? t('processOwner.loadFailed'));

  const loadPreview = async (renames: Record<string, string>) => {
    setRun(null);
    const response = await apiSend(`${base}/preview`, body(renames), { language: currentLanguage() });
    if (response.status === 200) {
      setPreview(response.body as MigrationPreview);
      setError(null);
    } else fail(response);
  };

  const showPreview = async (event: FormEvent) => {
    event.preventDefault();
    await loadPreview(mapping);
  };

  const rename = async (oldId: string, newId: string) => {
    const next = { ...mapping };
    if (newId) next[oldId] = newId;
    else delete next[oldId];
    setMapping(next);
    await loadPreview(next);
  };

  const renamable = preview ? Object.entries(preview.renameCandidates).filter(([, candidates]) => candidates.length > 0) : [];

  const start = async () => {
    const response = await apiSend(base, body(), { language: currentLanguage() });
    if (response.status === 202) {
      setRun((response.body as { migration: MigrationRun }).migration);
      setPreview(null);
      setError(null);
    } else fail(response);
  };

  return (
    <section aria-labelledby="migration-heading">
      <Heading level={2} data-size="md" id="migration-heading">
        {t('processOwner.migration')}
      </Heading>
      <Paragraph>{t('processOwner.migrationHelp', { number: newest.number })}</Paragraph>
      <form onSubmit={(event) => void showPreview(event)} className="process-owner__inline-form">
        <Field>
          <Label>{t('processOwner.fromVersion')}</Label>
          <Select value={from} onChange={(event) => setFrom(event.target.value)}>
            {withRunning.map((version) => (
              <Select.Option key={version.number} value={String(version.number)}>
                {t('processOwner.versionWithRunning', { number: version.number, running: version.running })}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t('processOwner.preview')}
        </Button>
      </form>
      {error && (
        <Alert data-color="danger" role="alert">
          {error}
        </Alert>
      )}
      {preview && (
        <>
          <Groups caption={t('processOwner.canMove')} groups={preview.canMove} />
          <Groups caption={t('processOwner.cannotMove')} groups={preview.cannotMove} />
          {renamable.length > 0 && (
            <Fieldset>
              <Fieldset.Legend>{t('processOwner.renamed')}</Fieldset.Legend>
              <Fieldset.Description>{t('processOwner.renamedHelp')}</Fieldset.Description>
              {renamable.map(([oldId, candidates]) => (
                <Field key={oldId}>
                  <Label>{t('processOwner.renamedTo', { id: oldId })}</Label>
                  <Select value={mapping[oldId] ?? ''} onChange={(event) => void rename(oldId, event.target.value)}>
                    <Select.Option value="">{t('processOwner.notRenamed')}</Select.Option>
                    {candidates.map((candidate) => (
                      <Select.Option key={candidate.id} value={candidate.id}>
                        {candidate.name ? `${candidate.name} (${candidate.id})` : candidate.id}
                      </Select.Option>
                    ))}
                  </Select>
                </Field>
              ))}
            </Fieldset>
          )}
          {preview.canMove.length > 0 && <Button onClick={() => void start()}>{t('processOwner.moveCases', { number: preview.toVersion })}</Button>}
        </>
      )}
      <div role="status" aria-live="polite">
        {run?.status === 'running' && <Paragraph>{t('processOwner.moving')}</Paragraph>}
        {run && run.status !== 'running' && (
          <Alert data-color={run.status === 'done' ? 'success' : 'danger'}>{run.status === 'done' ? t('processOwner.moved', { count: run.moved }) : run.status === 'interrupted' ? t('processOwner.migrationInterrupted', { count: run.moved }) : t('processOwner.migrationFailed')}</Alert>
        )}
      </div>
      {run && run.status === 'done' && run.notMoved.length > 0 && <Groups caption={t('processOwner.cannotMove')} groups={run.notMoved} />}
    </section>
  );
}

function Groups({ caption, groups }: { caption: string; groups: MigrationGroup[] }) {
  const { t } = useTranslation();
  if (groups.length === 0) return null;
  return (
    <Table data-size="sm">
      <caption>{caption}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t('processOwner.waitingAt')}</Table.HeaderCell>
          <Table.HeaderCell>{t('processOwner.cases')}</Table.HeaderCell>
          <Table.HeaderCell>{t('processOwner.why')}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {groups.map((group, index) => (
          <Table.Row key={index}>
            <Table.Cell>{group.elementIds.join(', ')}</Table.Cell>
            <Table.Cell>{group.instances}</Table.Cell>
            <Table.Cell>{group.blockers.map((blocker) => blockerText(t, blocker)).join(' ')}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function blockerText(t: ReturnType<typeof useTranslation>['t'], blocker: Blocker): string {
  switch (blocker.reason) {
    case 'element-missing':
      return t('processOwner.blocker.elementMissing', { id: blocker.elementId });
    case 'element-type-changed':
      return t('processOwner.blocker.typeChanged', { id: blocker.elementId });
    case 'rename-unsupported':
      return t('processOwner.blocker.renameUnsupported', { id: blocker.elementId });
    case 'service-step':
      return t('processOwner.blocker.serviceStep', { id: blocker.elementId });
    default:
      return t('processOwner.blocker.notResumable');
  }
}
