/**
 * Incidents of case processes (a service step that kept failing, a timer that could not run), as
 * the coordinating unit's case workers see them: `GET /api/cases/:id/incidents` per case and
 * `GET /api/incidents` for the unit; retry at `POST /api/cases/:id/incidents/:incidentId/retry`.
 */
export interface IncidentItem {
  id: string;
  kind: 'service' | 'timer';
  elementId: string;
  /** The element's name in the BPMN file, when it has one. */
  elementName: string | null;
  /** The last error the step ended with. */
  error: string;
  attempts: number;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
}

/** One open incident of the unit's list, with its case. */
export interface UnitIncidentItem extends IncidentItem {
  caseId: string;
  caseNumber: string;
  personName: string;
}

export interface UnitIncidentsAnswer {
  readonly incidents: readonly UnitIncidentItem[];
}

/** The answer to a retry. */
export interface RetryAnswer {
  readonly incident: IncidentItem;
  readonly instance: { readonly status: string; readonly openIncidents: number };
}
