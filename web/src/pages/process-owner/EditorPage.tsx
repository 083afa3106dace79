import { Alert, Button, Checkbox, Fieldset, Field, Heading, Input, Label, Link, Paragraph, Select, Spinner, ValidationMessage } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProcessOwnerText, type ProcessOwnerKey } from '../../i18n/namespaces.js';
import { Link as RouterLink, useParams } from 'react-router';
import './process-owner.css';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiGet, apiSend, type ApiError } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { definitionPath, versionPath, type Problem } from './api.js';
import { LoadState } from './LoadState.js';
import { modelerTranslation } from './modeler-texts.js';
import { useApi } from '../../app/useApi.js';

interface EditorData {
  key: string;
  version: number;
  xml: string;
  forms: { key: string; title: string }[];
  roles: string[];
  writesFile: boolean;
}

type CheckedProblem = Problem & { severity: 'error' | 'warning' };

/** The parts of bpmn-js's Modeler this page uses (loaded lazily, typed loosely here). */
interface ModelerLike {
  importXML(xml: string): Promise<unknown>;
  saveXML(options: { format: boolean }): Promise<{ xml?: string }>;
  get<T>(name: string): T;
  destroy(): void;
}
interface ShapeLike {
  id: string;
  type: string;
  businessObject: { name?: string; get(name: string): unknown };
}
interface Services {
  modeling: { updateProperties(element: ShapeLike, properties: Record<string, unknown>): void };
  selection: { select(element: ShapeLike): void };
  registry: { get(id: string): ShapeLike | undefined };
  canvas: { addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void; scrollToElement(element: ShapeLike): void };
}

interface SelectedElement {
  id: string;
  type: string;
  name: string;
  formKey: string;
  candidateGroups: string[];
  dueDate: string;
  followUpDate: string;
}

type CheckState = { status: 'checking' } | { status: 'checked'; ok: boolean; problems: CheckedProblem[] } | { status: 'failed' };
type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'blocked' }
  | { status: 'saved'; number: number | null; unchanged: boolean; writtenTo: string | null }
  | { status: 'refused'; message: string; problems: Problem[] }
  | { status: 'error'; message: string };

const problemMarker = 'process-editor__problem';
const checkDelayMs = 500;

type Box = { x: number; y: number; width: number; height: number };

/** The start of the diagram at a workable size (a whole large process fitted in would be too small to edit); scroll or drag to see the rest. */
function showStart(modeler: ModelerLike): void {
  const canvas = modeler.get<{ zoom(level: string): number; viewbox(box?: Box): Box & { inner: Box; outer: Box } }>('canvas');
  canvas.zoom('fit-viewport');
  const { inner, outer } = canvas.viewbox();
  const scale = 0.8;
  if (outer.width / inner.width >= scale) return;
  canvas.viewbox({ x: inner.x - 20, y: inner.y - 20, width: outer.width / scale, height: outer.height / scale });
}

function read(element: ShapeLike | undefined): SelectedElement | null {
  if (!element || !element.businessObject || element.type === 'label') return null;
  const bo = element.businessObject;
  const text = (name: string) => {
    const value = bo.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    id: element.id,
    type: element.type,
    name: bo.name ?? '',
    formKey: text('camunda:formKey'),
    candidateGroups: text('camunda:candidateGroups')
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean),
    dueDate: text('camunda:dueDate'),
    followUpDate: text('camunda:followUpDate'),
  };
}

/**
 * The process editor: bpmn-js's Modeler (loaded only on this page) on the newest version, a form
 * of our own for a user task's Camunda properties (form from forms/, candidate groups from the
 * roles, due and follow-up dates), the product's check run on every change with its messages
 * pointing at the elements, and saving through the same upload as a file (checked again, deployed
 * as a new version, recorded as the process owner's).
 */
export function EditorPage() {
  const po = useProcessOwnerText();
  const key = useParams().key ?? '';
  useDocumentTitle(`${po('editor.title', { key })} – ${po('title')}`);
  const { state } = useApi<EditorData>(`/api/definitions/${encodeURIComponent(key)}/editor`);
  return (
    <div className="app-prose process-owner process-editor">
      <Paragraph>
        <Link asChild>
          <RouterLink to={definitionPath(key)}>{po('backTo', { key })}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {po('editor.title', { key })}
      </Heading>
      <LoadState state={state} />
      {state.status === 'ready' && <Editor processKey={key} data={state.data} />}
    </div>
  );
}

function Editor({ processKey, data }: { processKey: string; data: EditorData }) {
  const { i18n } = useTranslation();
  const po = useProcessOwnerText();
  const container = useRef<HTMLDivElement>(null);
  const modeler = useRef<ModelerLike | null>(null);
  const services = useRef<Services | null>(null);
  const marked = useRef<string[]>([]);
  const checkRound = useRef(0);
  const checkTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The diagram as last checked: the modeler is made anew in another language and keeps the edits. */
  const currentXml = useRef<string | null>(null);
  const [ready, setReady] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [selected, setSelected] = useState<SelectedElement | null>(null);
  const [check, setCheck] = useState<CheckState>({ status: 'checking' });
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [changed, setChanged] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);
  const base = `/api/definitions/${encodeURIComponent(processKey)}`;

  /** Runs the server's check on the diagram as it is now; only the latest round's answer counts. */
  const runCheck = useCallback(async (): Promise<CheckState> => {
    const round = ++checkRound.current;
    setCheck({ status: 'checking' });
    const current = modeler.current;
    if (!current) return { status: 'failed' };
    const { xml } = await current.saveXML({ format: true });
    currentXml.current = xml ?? null;
    const response = await apiSend(`${base}/check`, null, { language: currentLanguage(), text: { contentType: 'application/xml', body: xml ?? '' } });
    const next: CheckState =
      response.status === 200 ? { status: 'checked', ...(response.body as { ok: boolean; problems: CheckedProblem[] }) } : { status: 'failed' };
    if (round === checkRound.current) {
      setCheck(next);
      const canvas = services.current?.canvas;
      const registry = services.current?.registry;
      if (canvas && registry) {
        for (const id of marked.current) if (registry.get(id)) canvas.removeMarker(id, problemMarker);
        marked.current = next.status === 'checked' ? [...new Set(next.problems.filter((p) => p.severity === 'error').map((p) => p.elementId))].filter((id) => registry.get(id)) : [];
        for (const id of marked.current) canvas.addMarker(id, problemMarker);
      }
    }
    return next;
  }, [base]);

  useEffect(() => {
    let live = true;
    let created: ModelerLike | undefined;
    void (async () => {
      const [{ default: Modeler }, camunda] = await Promise.all([
        import('bpmn-js/lib/Modeler'),
        import('camunda-bpmn-moddle/resources/camunda.json'),
        import('bpmn-js/dist/assets/diagram-js.css'),
        import('bpmn-js/dist/assets/bpmn-js.css'),
        import('bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css'),
      ]);
      if (!live || !container.current) return;
      created = new Modeler({
        container: container.current,
        moddleExtensions: { camunda: camunda.default },
        additionalModules: [modelerTranslation(i18n.resolvedLanguage ?? 'nb')],
      }) as unknown as ModelerLike;
      await created.importXML(currentXml.current ?? data.xml);
      if (!live) return;
      modeler.current = created;
      services.current = {
        modeling: created.get('modeling'),
        selection: created.get('selection'),
        registry: created.get('elementRegistry'),
        canvas: created.get('canvas'),
      };
      showStart(created);
      const eventBus = created.get<{ on(event: string, callback: (event: { newSelection?: ShapeLike[]; element?: ShapeLike; trigger?: string }) => void): void }>('eventBus');
      eventBus.on('selection.changed', (event) => setSelected(read(event.newSelection?.[0])));
      eventBus.on('element.changed', (event) => {
        const element = event.element;
        if (element) setSelected((current) => (current?.id === element.id ? read(element) : current));
      });
      eventBus.on('commandStack.changed', (event) => {
        if (event.trigger === 'clear') return; // a diagram imported, not changed
        setChanged(true);
        setSave({ status: 'idle' });
        clearTimeout(checkTimer.current);
        checkTimer.current = setTimeout(() => void runCheck(), checkDelayMs);
      });
      setReady('ready');
      void runCheck();
    })().catch(() => live && setReady('failed'));
    return () => {
      live = false;
      clearTimeout(checkTimer.current);
      created?.destroy();
      modeler.current = null;
      services.current = null;
    };
  }, [data.xml, i18n.resolvedLanguage, runCheck]);

  const update = (properties: Record<string, unknown>) => {
    const element = selected && services.current?.registry.get(selected.id);
    if (element) services.current?.modeling.updateProperties(element, properties);
  };

  const showElement = (id: string) => {
    const element = services.current?.registry.get(id);
    if (!element || !services.current) return;
    services.current.selection.select(element);
    services.current.canvas.scrollToElement(element);
    setSelected(read(element));
    // The properties of the element now shown: move there so keyboard users continue from it.
    requestAnimationFrame(() => document.getElementById('element-properties-heading')?.focus());
  };

  /** A file from the process owner's machine (for example from Camunda Modeler) replaces the diagram being edited. */
  const openFile = async (file: File | undefined) => {
    if (!file || !modeler.current) return;
    setOpenError(null);
    try {
      await modeler.current.importXML(await file.text());
    } catch {
      setOpenError(po('editor.openFailed'));
      return;
    }
    showStart(modeler.current);
    setSelected(null);
    setChanged(true);
    setSave({ status: 'idle' });
    await runCheck();
  };

  const saveVersion = async () => {
    if (!modeler.current) return;
    setSave({ status: 'saving' });
    clearTimeout(checkTimer.current);
    const checked = await runCheck();
    if (checked.status !== 'checked' || !checked.ok) {
      setSave(checked.status === 'checked' ? { status: 'blocked' } : { status: 'error', message: po('editor.checkFailed') });
      return;
    }
    const { xml } = await modeler.current.saveXML({ format: true });
    const formData = new FormData();
    formData.append('file', new Blob([xml ?? ''], { type: 'application/xml' }), `${processKey}.bpmn`);
    const response = await apiSend(`${base}/versions`, null, { language: currentLanguage(), formData });
    if (response.status !== 202) {
      const body = response.body as { errors?: ApiError[] } | null;
      setSave({ status: 'error', message: body?.errors?.[0]?.message ?? po('uploadFailed') });
      return;
    }
    type Outcome = { id: string; status: string; versionNumber: number | null; message?: string; problems: Problem[]; writtenTo: string | null };
    let upload = (response.body as { upload: Outcome }).upload;
    while (upload.status === 'checking') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = await apiGet<{ upload: Outcome }>(`${base}/uploads/${upload.id}`, currentLanguage());
      if (!next.body) {
        setSave({ status: 'error', message: po('uploadFailed') });
        return;
      }
      upload = next.body.upload;
    }
    if (upload.status === 'refused') setSave({ status: 'refused', message: upload.message ?? '', problems: upload.problems });
    else if (upload.status === 'failed' || upload.status === 'interrupted') setSave({ status: 'error', message: po('uploadFailed') });
    else {
      setSave({ status: 'saved', number: upload.versionNumber, unchanged: upload.status === 'unchanged', writtenTo: upload.writtenTo });
      setChanged(false);
    }
  };

  const errors = check.status === 'checked' ? check.problems.filter((problem) => problem.severity === 'error') : [];
  const warnings = check.status === 'checked' ? check.problems.filter((problem) => problem.severity === 'warning') : [];

  return (
    <>
      <Paragraph>{po('editor.intro', { number: data.version })}</Paragraph>
      {ready === 'loading' && <Spinner aria-label={po('editor.loading')} />}
      {ready === 'failed' && <Alert data-color="danger">{po('diagramFailed')}</Alert>}
      <div className="process-editor__layout">
        <figure className="process-diagram process-editor__canvas-figure" aria-label={po('editor.canvasLabel', { key: processKey })}>
          <div ref={container} className="process-diagram__canvas process-editor__canvas" data-testid="modeler" />
          <figcaption>{po('editor.canvasHelp')}</figcaption>
        </figure>
        <section aria-labelledby="element-properties-heading" className="process-editor__properties">
          <Heading level={2} data-size="sm" id="element-properties-heading" tabIndex={-1}>
            {selected ? po('editor.selected', { name: selected.name || selected.id }) : po('editor.properties')}
          </Heading>
          {!selected && <Paragraph>{po('editor.selectHelp')}</Paragraph>}
          {selected && selected.type !== 'bpmn:UserTask' && (
            <Paragraph>
              {po('editor.elementType', { type: selected.type.replace(/^bpmn:/, ''), id: selected.id })}
            </Paragraph>
          )}
          {selected && selected.type === 'bpmn:UserTask' && (
            <UserTaskForm key={selected.id} element={selected} forms={data.forms} roles={data.roles} onChange={update} />
          )}
        </section>
      </div>

      <Field className="process-editor__open">
        <Label>{po('editor.openFile')}</Label>
        <Field.Description>{po('editor.openFileHelp')}</Field.Description>
        <Input type="file" accept=".bpmn,application/xml,text/xml" disabled={ready !== 'ready'} aria-invalid={openError ? true : undefined} onChange={(event) => void openFile(event.target.files?.[0])} />
        {openError && <ValidationMessage>{openError}</ValidationMessage>}
      </Field>

      <section aria-labelledby="check-heading">
        <Heading level={2} data-size="md" id="check-heading">
          {po('editor.check')}
        </Heading>
        <div role="status" aria-live="polite" data-testid="check-status">
          {check.status === 'checking' && <Paragraph>{po('editor.checking')}</Paragraph>}
          {check.status === 'failed' && <Paragraph>{po('editor.checkFailed')}</Paragraph>}
          {check.status === 'checked' && errors.length === 0 && <Paragraph>{po('editor.checkOk')}</Paragraph>}
          {check.status === 'checked' && errors.length > 0 && <Paragraph>{po('editor.checkProblems', { count: errors.length })}</Paragraph>}
        </div>
        {(errors.length > 0 || warnings.length > 0) && (
          <ul className="process-editor__problems" data-testid="problems">
            {[...errors, ...warnings].map((problem, index) => (
              <li key={index}>
                {services.current?.registry.get(problem.elementId) ? (
                  <Button variant="tertiary" data-size="sm" onClick={() => showElement(problem.elementId)}>
                    {problem.elementId}
                  </Button>
                ) : (
                  <code>{problem.elementId}</code>
                )}{' '}
                <span>
                  {problem.severity === 'warning' ? `${po('editor.warning')}: ` : ''}
                  {problem.message}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="save-heading">
        <Heading level={2} data-size="md" id="save-heading">
          {po('editor.save')}
        </Heading>
        <Paragraph>{data.writesFile ? po('editor.saveHelpFile') : po('editor.saveHelpStore')}</Paragraph>
        <Button onClick={() => void saveVersion()} disabled={save.status === 'saving' || ready !== 'ready'}>
          {po('editor.saveButton')}
        </Button>
        <div role="status" aria-live="polite">
          {save.status === 'saving' && <Paragraph>{po('editor.saving')}</Paragraph>}
          {save.status === 'saved' && (
            <Alert data-color="success">
              <Paragraph>{save.unchanged ? po('unchanged') : po('deployedVersion', { number: save.number })}</Paragraph>
              {save.writtenTo && <Paragraph>{po('editor.writtenTo', { file: save.writtenTo })}</Paragraph>}
              {save.number !== null && (
                <Link asChild>
                  <RouterLink to={versionPath(processKey, save.number)}>{po('versionNumber', { number: save.number })}</RouterLink>
                </Link>
              )}
            </Alert>
          )}
        </div>
        {save.status === 'blocked' && (
          <Alert data-color="danger" role="alert">
            {po('editor.blocked', { count: errors.length })}
          </Alert>
        )}
        {save.status === 'refused' && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{save.message}</Paragraph>
            <ul>
              {save.problems.map((problem, index) => (
                <li key={index}>
                  <code>{problem.elementId}</code> {problem.message}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {save.status === 'error' && (
          <Alert data-color="danger" role="alert">
            {save.message}
          </Alert>
        )}
        {changed && save.status === 'idle' && <Paragraph data-size="sm">{po('editor.unsaved')}</Paragraph>}
      </section>
    </>
  );
}

/** A user task's Camunda properties; each change goes through the modeler's modeling API (undo works). */
function UserTaskForm({
  element,
  forms,
  roles,
  onChange,
}: {
  element: SelectedElement;
  forms: EditorData['forms'];
  roles: string[];
  onChange: (properties: Record<string, unknown>) => void;
}) {
  const po = useProcessOwnerText();
  const known = forms.some((form) => form.key === element.formKey);
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return (
    <form className="process-editor__form" onSubmit={(event) => event.preventDefault()} noValidate>
      <Field>
        <Label>{po('editor.name')}</Label>
        <Input value={element.name} onChange={(event) => onChange({ name: event.target.value })} />
      </Field>
      <Field>
        <Label>{po('editor.form')}</Label>
        <Select value={element.formKey} onChange={(event) => onChange({ 'camunda:formKey': text(event.target.value) })}>
          <Select.Option value="">{po('editor.chooseForm')}</Select.Option>
          {!known && element.formKey && <Select.Option value={element.formKey}>{po('editor.unknownForm', { key: element.formKey })}</Select.Option>}
          {forms.map((form) => (
            <Select.Option key={form.key} value={form.key}>
              {form.title} ({form.key})
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Fieldset>
        <Fieldset.Legend>{po('editor.candidateGroups')}</Fieldset.Legend>
        {roles.map((role) => (
          <Checkbox
            key={role}
            label={po(`editor.role.${role}` as ProcessOwnerKey, { defaultValue: role })}
            value={role}
            checked={element.candidateGroups.includes(role)}
            onChange={(event) => {
              const groups = event.target.checked ? [...element.candidateGroups, role] : element.candidateGroups.filter((group) => group !== role);
              onChange({ 'camunda:candidateGroups': groups.length > 0 ? roles.filter((r) => groups.includes(r)).join(',') : undefined });
            }}
          />
        ))}
      </Fieldset>
      <Field>
        <Label>{po('editor.dueDate')}</Label>
        <Field.Description>{po('editor.dateHelp')}</Field.Description>
        <Input value={element.dueDate} onChange={(event) => onChange({ 'camunda:dueDate': text(event.target.value) })} />
      </Field>
      <Field>
        <Label>{po('editor.followUpDate')}</Label>
        <Field.Description>{po('editor.dateHelp')}</Field.Description>
        <Input value={element.followUpDate} onChange={(event) => onChange({ 'camunda:followUpDate': text(event.target.value) })} />
      </Field>
    </form>
  );
}
