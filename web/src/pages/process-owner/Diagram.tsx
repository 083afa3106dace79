import { useEffect, useRef, useState } from 'react';
import { diagramInLanguage } from '../../i18n/diagramInLanguage.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import type { ElementCount } from './api.js';

/**
 * The version's diagram drawn by bpmn-js's NavigatedViewer (loaded only here), with the number of
 * running cases on each element and a badge for open incidents. The same numbers are in the table
 * beside it, which is what screen readers use; the figure names the drawing (the viewer's canvas
 * takes focus for panning and zooming, so it cannot be marked as an image).
 */
export function Diagram({ xml, counts, label }: { xml: string; counts: ElementCount[]; label: string }) {
  const po = useProcessOwnerText();
  const language = currentLanguage();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let viewer: { destroy(): void } | undefined;
    let live = true;
    void (async () => {
      const [{ default: NavigatedViewer }] = await Promise.all([
        import('bpmn-js/lib/NavigatedViewer'),
        import('bpmn-js/dist/assets/diagram-js.css'),
        import('bpmn-js/dist/assets/bpmn-js.css'),
      ]);
      if (!live || !container.current) return;
      const created = new NavigatedViewer({ container: container.current });
      viewer = created;
      try {
        await created.importXML(diagramInLanguage(xml, language));
      } catch {
        if (live) setFailed(true);
        return;
      }
      const canvas = created.get<{ zoom(level: string): void }>('canvas');
      canvas.zoom('fit-viewport');
      const overlays = created.get<{ add(id: string, overlay: { position: Record<string, number>; html: HTMLElement }): void }>('overlays');
      const registry = created.get<{ get(id: string): unknown }>('elementRegistry');
      for (const count of counts) {
        if (!registry.get(count.elementId)) continue;
        if (count.running > 0) {
          const badge = document.createElement('span');
          badge.className = 'process-diagram__count';
          badge.textContent = String(count.running);
          overlays.add(count.elementId, { position: { bottom: 12, left: -8 }, html: badge });
        }
        if (count.incidents > 0) {
          const badge = document.createElement('span');
          badge.className = 'process-diagram__incident';
          badge.textContent = `⚠ ${count.incidents}`;
          overlays.add(count.elementId, { position: { top: -10, right: 14 }, html: badge });
        }
      }
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
      viewer?.destroy();
    };
  }, [xml, counts, language]);

  return (
    <figure className="process-diagram" aria-label={label}>
      <div ref={container} className="process-diagram__canvas" data-testid="diagram" />
      <figcaption>{failed ? po('diagramFailed') : po('diagramCaption')}</figcaption>
    </figure>
  );
}
