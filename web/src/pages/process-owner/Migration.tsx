import { Alert, Button, Field, Fieldset, Heading, Label, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import { apiGet, apiSend, type ApiError } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import type { Blocker, MigrationGroup, MigrationPreview, MigrationRun, VersionItem } from './api.js';

/** Moving running cases from an older version to another: first a preview, then the run, whose outcome is fetched until it is done. */
export function Migration({ processKey, versions, onMoved }: { processKey: string; versions: VersionItem[]; onMoved: () => void }) {
  const po = useProcessOwnerText();
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
          {po('migration')}
        </Heading>
        <Paragraph>{po('nothingToMove')}</Paragraph>
      </section>
    );
  }

  const body = (renames = mapping) => ({ fromVersion: Number(from), toVersion: newest.number, mapping: renames });
  const fail = (response: { body: unknown }) => setError((response.body as { errors?: ApiError[] } | null)?.errors?.[0]?.message ?? po('loadFailed'));

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
        {po('migration')}
      </Heading>
      <Paragraph>{po('migrationHelp', { number: newest.number })}</Paragraph>
      <form onSubmit={(event) => void showPreview(event)} className="process-owner__inline-form">
        <Field>
          <Label>{po('fromVersion')}</Label>
          <Select value={from} onChange={(event) => setFrom(event.target.value)}>
            {withRunning.map((version) => (
              <Select.Option key={version.number} value={String(version.number)}>
                {po('versionWithRunning', { number: version.number, running: version.running })}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {po('preview')}
        </Button>
      </form>
      {error && (
        <Alert data-color="danger" role="alert">
          {error}
        </Alert>
      )}
      {preview && (
        <>
          <Groups caption={po('canMove')} groups={preview.canMove} />
          <Groups caption={po('cannotMove')} groups={preview.cannotMove} />
          {renamable.length > 0 && (
            <Fieldset>
              <Fieldset.Legend>{po('renamed')}</Fieldset.Legend>
              <Fieldset.Description>{po('renamedHelp')}</Fieldset.Description>
              {renamable.map(([oldId, candidates]) => (
                <Field key={oldId}>
                  <Label>{po('renamedTo', { id: oldId })}</Label>
                  <Select value={mapping[oldId] ?? ''} onChange={(event) => void rename(oldId, event.target.value)}>
                    <Select.Option value="">{po('notRenamed')}</Select.Option>
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
          {preview.canMove.length > 0 && <Button onClick={() => void start()}>{po('moveCases', { number: preview.toVersion })}</Button>}
        </>
      )}
      <div role="status" aria-live="polite">
        {run?.status === 'running' && <Paragraph>{po('moving')}</Paragraph>}
        {run && run.status !== 'running' && (
          <Alert data-color={run.status === 'done' ? 'success' : 'danger'}>{run.status === 'done' ? po('moved', { count: run.moved }) : run.status === 'interrupted' ? po('migrationInterrupted', { count: run.moved }) : po('migrationFailed')}</Alert>
        )}
      </div>
      {run && run.status === 'done' && run.notMoved.length > 0 && <Groups caption={po('cannotMove')} groups={run.notMoved} />}
    </section>
  );
}

function Groups({ caption, groups }: { caption: string; groups: MigrationGroup[] }) {
  const po = useProcessOwnerText();
  if (groups.length === 0) return null;
  return (
    <Table data-size="sm">
      <caption>{caption}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{po('waitingAt')}</Table.HeaderCell>
          <Table.HeaderCell>{po('cases')}</Table.HeaderCell>
          <Table.HeaderCell>{po('why')}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {groups.map((group, index) => (
          <Table.Row key={index}>
            <Table.Cell>{group.elementIds.join(', ')}</Table.Cell>
            <Table.Cell>{group.instances}</Table.Cell>
            <Table.Cell>{group.blockers.map((blocker) => po(blockerKeys[blocker.reason], { id: blocker.elementId })).join(' ')}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

const blockerKeys = {
  'element-missing': 'blocker.elementMissing',
  'element-type-changed': 'blocker.typeChanged',
  'rename-unsupported': 'blocker.renameUnsupported',
  'service-step': 'blocker.serviceStep',
  'not-resumable': 'blocker.notResumable',
} as const satisfies Record<Blocker['reason'], string>;
