import { Alert, Button, Details, Field, Heading, Input, Label, Link, Paragraph, Select, Table, Tag, ValidationMessage } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import './process-owner.css';
import { useTranslation } from 'react-i18next';
import { useProcessOwnerText, type ProcessOwnerText } from '../../i18n/namespaces.js';
import { Link as RouterLink, useParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiGet, apiSend, type ApiError } from '../../forms/api.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { definitionPath, versionPath, type Diff, type Problem, type RefusedAttempt, type VersionItem } from './api.js';
import { DiffTable } from './DiffTable.js';
import { LoadState } from './LoadState.js';
import { Migration } from './Migration.js';
import { useApi } from '../../app/useApi.js';

interface Versions {
  key: string;
  versions: VersionItem[];
  refusedAttempts: RefusedAttempt[];
}

/** One process: its versions, refused attempts, upload of a new version, the difference between two versions, migration. */
export function DefinitionPage() {
  const po = useProcessOwnerText();
  const key = useParams().key ?? '';
  useDocumentTitle(`${key} – ${po('title')}`);
  const { state, reload } = useApi<Versions>(`/api/definitions/${encodeURIComponent(key)}/versions`);
  const session = useSession();
  const user = session.status === 'ready' ? session.session.user : null;

  return (
    <div className="app-prose process-owner">
      <Paragraph>
        <Link asChild>
          <RouterLink to="/prosesser">{po('back')}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {po('processHeading', { key })}
      </Heading>
      <LoadState state={state} />
      {state.status === 'ready' && (
        <>
          {user?.role === 'process-owner' && (
            <Paragraph>
              <Link asChild>
                <RouterLink to={`${definitionPath(key)}/rediger`}>{po('editor.open')}</RouterLink>
              </Link>
            </Paragraph>
          )}
          <VersionTable processKey={key} versions={state.data.versions} />
          <RefusedAttempts attempts={state.data.refusedAttempts} />
          <Upload processKey={key} onDeployed={reload} />
          {/* Keyed by the versions, so that their choices start over when a version is added. */}
          <Compare key={`compare-${state.data.versions.length}`} processKey={key} versions={state.data.versions} />
          <Migration key={`migration-${state.data.versions.length}`} processKey={key} versions={state.data.versions} onMoved={reload} />
        </>
      )}
    </div>
  );
}

function origin(po: ProcessOwnerText, item: { origin: 'file' | 'browser'; deployedBy: { name: string } | null }): string {
  return item.origin === 'file' ? po('fromFile') : po('byPerson', { name: item.deployedBy?.name ?? '' });
}

function VersionTable({ processKey, versions }: { processKey: string; versions: VersionItem[] }) {
  const { i18n } = useTranslation();
  const po = useProcessOwnerText();
  return (
    <section aria-labelledby="versions-heading">
      <Heading level={2} data-size="md" id="versions-heading">
        {po('versions')}
      </Heading>
      <Table data-testid="versions">
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{po('version')}</Table.HeaderCell>
            <Table.HeaderCell>{po('deployed')}</Table.HeaderCell>
            <Table.HeaderCell>{po('deployedBy')}</Table.HeaderCell>
            <Table.HeaderCell>{po('contentHash')}</Table.HeaderCell>
            <Table.HeaderCell>{po('runningCases')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {versions.map((version) => (
            <Table.Row key={version.number}>
              <Table.Cell>
                <Link asChild>
                  <RouterLink to={versionPath(processKey, version.number)}>{po('versionNumber', { number: version.number })}</RouterLink>
                </Link>{' '}
                {version.newest && <Tag data-color="success">{po('inUse')}</Tag>}
              </Table.Cell>
              <Table.Cell>{formatDate(version.deployedAt, i18n.resolvedLanguage, true)}</Table.Cell>
              <Table.Cell>{origin(po, version)}</Table.Cell>
              <Table.Cell>
                <code title={version.contentHash}>{version.contentHash.slice(0, 12)}</code>
              </Table.Cell>
              <Table.Cell>{version.running}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
  );
}

function ProblemTable({ problems, caption }: { problems: Problem[]; caption: string }) {
  const po = useProcessOwnerText();
  return (
    <Table data-size="sm">
      <caption>{caption}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{po('element')}</Table.HeaderCell>
          <Table.HeaderCell>{po('rule')}</Table.HeaderCell>
          <Table.HeaderCell>{po('message')}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {problems.map((problem, index) => (
          <Table.Row key={index}>
            <Table.Cell>
              <code>{problem.elementId}</code>
            </Table.Cell>
            <Table.Cell>{problem.rule}</Table.Cell>
            <Table.Cell>{problem.message}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function RefusedAttempts({ attempts }: { attempts: RefusedAttempt[] }) {
  const { i18n } = useTranslation();
  const po = useProcessOwnerText();
  return (
    <section aria-labelledby="refused-heading">
      <Heading level={2} data-size="md" id="refused-heading">
        {po('refused')}
      </Heading>
      {attempts.length === 0 && <Paragraph>{po('noneRefused')}</Paragraph>}
      {attempts.map((attempt, index) => (
        <Details key={index}>
          <Details.Summary>
            {formatDate(attempt.at, i18n.resolvedLanguage, true)} · {attempt.fileName} · {origin(po, attempt)}
          </Details.Summary>
          <Details.Content>
            <ProblemTable problems={attempt.problems} caption={po('problems')} />
          </Details.Content>
        </Details>
      ))}
    </section>
  );
}

interface UploadOutcome {
  id: string;
  status: 'checking' | 'deployed' | 'unchanged' | 'reactivated' | 'refused' | 'failed';
  versionNumber: number | null;
  message?: string;
  problems: Problem[];
}

type UploadState = { status: 'idle' } | { status: 'sending' } | { status: 'done'; number: number | null; unchanged: boolean } | { status: 'refused'; message: string; problems: Problem[] } | { status: 'error'; message: string };

function Upload({ processKey, onDeployed }: { processKey: string; onDeployed: () => void }) {
  const po = useProcessOwnerText();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setState({ status: 'sending' });
    const formData = new FormData();
    formData.append('file', file, file.name);
    const base = `/api/definitions/${encodeURIComponent(processKey)}`;
    const response = await apiSend(`${base}/versions`, null, { language: currentLanguage(), formData });
    if (response.status !== 202) {
      const body = response.body as { errors?: ApiError[] } | null;
      setState({ status: 'error', message: body?.errors?.[0]?.message ?? po('uploadFailed') });
      return;
    }
    // The check runs in the background: ask for its outcome until it is there.
    let upload = (response.body as { upload: UploadOutcome }).upload;
    while (upload.status === 'checking') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = await apiGet<{ upload: UploadOutcome }>(`${base}/uploads/${upload.id}`, currentLanguage());
      if (!next.body) {
        setState({ status: 'error', message: po('uploadFailed') });
        return;
      }
      upload = next.body.upload;
    }
    if (upload.status === 'refused') setState({ status: 'refused', message: upload.message ?? '', problems: upload.problems });
    else if (upload.status === 'failed') setState({ status: 'error', message: po('uploadFailed') });
    else {
      setState({ status: 'done', number: upload.versionNumber, unchanged: upload.status === 'unchanged' });
      onDeployed();
    }
  };

  return (
    <section aria-labelledby="upload-heading">
      <Heading level={2} data-size="md" id="upload-heading">
        {po('upload')}
      </Heading>
      <Paragraph>{po('uploadHelp')}</Paragraph>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field>
          <Label>{po('file')}</Label>
          <Input type="file" name="file" accept=".bpmn,application/xml,text/xml" aria-invalid={missing || undefined} onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          {missing && <ValidationMessage>{po('chooseFile')}</ValidationMessage>}
        </Field>
        <Button type="submit" disabled={state.status === 'sending'}>
          {po('deploy')}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {state.status === 'done' && (
          <Alert data-color="success">{state.unchanged ? po('unchanged') : po('deployedVersion', { number: state.number })}</Alert>
        )}
      </div>
      {state.status === 'refused' && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{state.message}</Paragraph>
          <ProblemTable problems={state.problems} caption={po('problems')} />
        </Alert>
      )}
      {state.status === 'error' && (
        <Alert data-color="danger" role="alert">
          {state.message}
        </Alert>
      )}
    </section>
  );
}

function Compare({ processKey, versions }: { processKey: string; versions: VersionItem[] }) {
  const po = useProcessOwnerText();
  const numbers = versions.map((version) => version.number).sort((a, b) => a - b);
  const [from, setFrom] = useState(String(numbers.at(-2) ?? numbers[0] ?? ''));
  const [to, setTo] = useState(String(numbers.at(-1) ?? ''));
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (numbers.length < 2) return null;

  const compare = async (event: FormEvent) => {
    event.preventDefault();
    const response = await apiGet<Diff>(`/api/definitions/${encodeURIComponent(processKey)}/diff?from=${from}&to=${to}`, currentLanguage());
    if (response.body) {
      setDiff(response.body);
      setError(null);
    } else {
      setDiff(null);
      setError(response.status === 400 ? po('sameVersions') : po('loadFailed'));
    }
  };

  return (
    <section aria-labelledby="compare-heading">
      <Heading level={2} data-size="md" id="compare-heading">
        {po('compare')}
      </Heading>
      <form onSubmit={(event) => void compare(event)} className="process-owner__inline-form">
        <Field>
          <Label>{po('fromVersion')}</Label>
          <Select value={from} onChange={(event) => setFrom(event.target.value)}>
            {numbers.map((number) => (
              <Select.Option key={number} value={String(number)}>
                {number}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label>{po('toVersion')}</Label>
          <Select value={to} onChange={(event) => setTo(event.target.value)}>
            {numbers.map((number) => (
              <Select.Option key={number} value={String(number)}>
                {number}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {po('showDifference')}
        </Button>
      </form>
      {error && <Alert data-color="danger" role="alert">{error}</Alert>}
      {diff && <DiffTable diff={diff} />}
    </section>
  );
}
