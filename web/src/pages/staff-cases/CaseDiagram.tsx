import { Alert, Heading, ListItem, ListUnordered, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { CaseDiagram as CaseDiagramAnswer } from '@contract/staff-cases.js';
import { isFormKey, formsByKey } from '@forms/index.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../forms/api.js';
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

type Marked = { readonly active: string[]; readonly completed: string[]; readonly incidents: string[] };
type State = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; marked: Marked };

const markers = { active: 'staff-diagram__active', completed: 'staff-diagram__completed', incidents: 'staff-diagram__incident' } as const;

/**
 * The case's process drawn with bpmn-js (loaded here only, with a dynamic import), with the active,
 * completed and failing steps marked, and the same three lists as text for screen readers.
 */
export function CaseDiagram({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    let destroy: (() => void) | undefined;
    (async () => {
      const response = await apiGet<CaseDiagramAnswer>(`/api/staff/cases/${encodeURIComponent(caseId)}/diagram`, currentLanguage());
      if (!response.body || !container.current) throw new Error(`diagram answered ${response.status}`);
      const diagram = response.body;
      const [{ default: Viewer }] = await Promise.all([import('bpmn-js/lib/NavigatedViewer'), import('bpmn-js/dist/assets/diagram-js.css'), import('bpmn-js/dist/assets/bpmn-js.css')]);
      if (!live) return;
      const viewer = new Viewer({ container: container.current });
      destroy = () => viewer.destroy();
      await viewer.importXML(diagram.xml);
      if (!live) return;
      const canvas = viewer.get<Canvas>('canvas');
      const registry = viewer.get<ElementRegistry>('elementRegistry');
      canvas.zoom('fit-viewport');
      const language = currentLanguage();
      const nameOf = (id: string) => {
        const element = registry.get(id)?.businessObject;
        const formKey = element?.$attrs?.['camunda:formKey'];
        return formKey && isFormKey(formKey) ? formsByKey[formKey].title[language] : (element?.name ?? id);
      };
      const marked = { active: [] as string[], completed: [] as string[], incidents: [] as string[] };
      for (const kind of ['completed', 'active', 'incidents'] as const) {
        for (const id of diagram[kind]) {
          if (!registry.get(id)) continue;
          canvas.addMarker(id, markers[kind]);
          marked[kind].push(nameOf(id));
        }
      }
      setState({ status: 'ready', marked });
    })().catch(() => live && setState({ status: 'failed' }));
    return () => {
      live = false;
      destroy?.();
    };
  }, [caseId, version]);

  const list = (label: string, names: readonly string[], testId: string) => (
    <div data-testid={testId}>
      <Heading level={3} data-size="2xs">
        {label}
      </Heading>
      {names.length === 0 ? (
        <Paragraph data-size="sm">{t('staffCases.diagramNone')}</Paragraph>
      ) : (
        <ListUnordered>
          {[...new Set(names)].map((name) => (
            <ListItem key={name}>{name}</ListItem>
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
      <div ref={container} className="staff-diagram" role="img" aria-label={t('staffCases.diagramLabel')} data-testid="case-diagram" hidden={state.status === 'failed'} />
      {state.status === 'ready' && (
        <>
          <Paragraph data-size="sm">{t('staffCases.diagramLegend')}</Paragraph>
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
