import { Alert, Heading, ListItem, ListUnordered, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { CaseDiagram as CaseDiagramAnswer } from '@contract/staff-cases.js';
import { isFormKey, formsByKey } from '@forms/index.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../forms/api.js';
import { diagramInLanguage } from '../../i18n/diagramInLanguage.js';
import { currentLanguage } from '../../i18n/i18n.js';

interface DiagramElement {
  readonly id: string;
  readonly businessObject?: { readonly name?: string; readonly $attrs?: Record<string, string>; get?(name: string): unknown };
}
interface Canvas {
  zoom(level: 'fit-viewport'): void;
  addMarker(elementId: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
}

/** A marked element: its form (tasks) names it in the reader's language, else its name in the drawing (diagramInLanguage). */
type Named = { readonly id: string; readonly name: string | undefined; readonly formKey: string | undefined };
type Marked = { readonly active: Named[]; readonly completed: Named[]; readonly incidents: Named[] };
type State = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; marked: Marked };

const markers = { active: 'staff-diagram__active', completed: 'staff-diagram__completed', incidents: 'staff-diagram__incident' } as const;

/**
 * The case's process drawn with bpmn-js (loaded here only, with a dynamic import), with the active,
 * completed and failing steps marked, and the same three lists as text for screen readers.
 */
export function CaseDiagram({ caseId, version }: { caseId: string; version: number }) {
  // The language is read on render (i18n re-renders on a change), so the lists follow it.
  const { t } = useTranslation();
  const language = currentLanguage();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [diagram, setDiagram] = useState<CaseDiagramAnswer>();

  // Read once per case and version (each read is audited); a change of language only draws it again.
  useEffect(() => {
    let live = true;
    setDiagram(undefined);
    apiGet<CaseDiagramAnswer>(`/api/staff/cases/${encodeURIComponent(caseId)}/diagram`, currentLanguage())
      .then((response) => {
        if (!response.body) throw new Error(`diagram answered ${response.status}`);
        if (live) setDiagram(response.body);
      })
      .catch(() => live && setState({ status: 'failed' }));
    return () => {
      live = false;
    };
  }, [caseId, version]);

  useEffect(() => {
    if (!diagram) return;
    let live = true;
    let destroy: (() => void) | undefined;
    (async () => {
      const [{ default: Viewer }] = await Promise.all([import('bpmn-js/lib/NavigatedViewer'), import('bpmn-js/dist/assets/diagram-js.css'), import('bpmn-js/dist/assets/bpmn-js.css')]);
      if (!live || !container.current) return;
      const viewer = new Viewer({ container: container.current });
      destroy = () => viewer.destroy();
      await viewer.importXML(diagramInLanguage(diagram.xml, language));
      if (!live) return;
      const canvas = viewer.get<Canvas>('canvas');
      const registry = viewer.get<ElementRegistry>('elementRegistry');
      canvas.zoom('fit-viewport');
      const named = (id: string): Named => {
        const element = registry.get(id)?.businessObject;
        return { id, name: element?.name, formKey: element?.$attrs?.['camunda:formKey'] };
      };
      const marked: Marked = { active: [], completed: [], incidents: [] };
      for (const kind of ['completed', 'active', 'incidents'] as const) {
        for (const id of diagram[kind]) {
          if (!registry.get(id)) continue;
          canvas.addMarker(id, markers[kind]);
          // Unnamed gateways and events are marked in the drawing but say nothing in the lists.
          const element = named(id);
          if (element.name || element.formKey) marked[kind].push(element);
        }
      }
      setState({ status: 'ready', marked });
    })().catch(() => live && setState({ status: 'failed' }));
    return () => {
      live = false;
      destroy?.();
    };
  }, [diagram, language]);

  const title = (element: Named) => (element.formKey && isFormKey(element.formKey) ? formsByKey[element.formKey].title[language] : (element.name ?? element.id));
  const list = (label: string, elements: readonly Named[], testId: string) => (
    <div data-testid={testId}>
      <Heading level={3} data-size="2xs">
        {label}
      </Heading>
      {elements.length === 0 ? (
        <Paragraph data-size="sm">{t('staffCases.diagramNone')}</Paragraph>
      ) : (
        <ListUnordered>
          {elements.map((element) => (
            <ListItem key={element.id}>{title(element)}</ListItem>
          ))}
        </ListUnordered>
      )}
    </div>
  );

  return (
    <section aria-labelledby="staff-case-diagram" className="staff-case__diagram">
      <Heading level={2} data-size="sm" id="staff-case-diagram">
        {t('staffCases.diagramHeading')}
      </Heading>
      {state.status === 'loading' && <Spinner aria-label={t('staffCases.diagramLoading')} />}
      {state.status === 'failed' && <Alert data-color="warning">{t('staffCases.diagramFailed')}</Alert>}
      <figure className="staff-diagram__figure" aria-label={t('staffCases.diagramLabel')} hidden={state.status === 'failed'}>
        <div ref={container} className="staff-diagram" data-testid="case-diagram" />
        {state.status === 'ready' && <figcaption className="staff-diagram__legend">{t('staffCases.diagramLegend')}</figcaption>}
      </figure>
      {state.status === 'ready' && (
        <>
          <div className="staff-diagram__lists">
            {list(t('staffCases.diagramActive'), state.marked.active, 'diagram-active')}
            {list(t('staffCases.diagramCompleted'), state.marked.completed, 'diagram-completed')}
            {list(t('staffCases.diagramIncidents'), state.marked.incidents, 'diagram-incidents')}
          </div>
        </>
      )}
    </section>
  );
}
