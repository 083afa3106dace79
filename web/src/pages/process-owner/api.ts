/** The answers of /api/definitions as the process-owner pages read them (server/http/routes/definitions.ts). */

export interface VersionItem {
  number: number;
  contentHash: string;
  fileName: string;
  deployedAt: string;
  origin: 'file' | 'browser';
  deployedBy: { name: string } | null;
  newest: boolean;
  verdict: 'accepted';
  running: number;
}

export interface Problem {
  elementId: string;
  rule: string;
  message: string;
}

export interface RefusedAttempt {
  fileName: string;
  contentHash: string;
  at: string;
  origin: 'file' | 'browser';
  deployedBy: { name: string } | null;
  verdict: 'refused';
  problems: Problem[];
}

export interface DefinitionItem {
  key: string;
  latest: VersionItem;
  versions: number;
  running: number;
  runningPerVersion: { number: number; running: number }[];
}

export interface ElementCount {
  elementId: string;
  running: number;
  incidents: number;
}

export interface ElementItem {
  id: string;
  name: string | null;
  type: string;
}

export interface VersionDetail {
  key: string;
  version: VersionItem;
  xml: string;
  elements: ElementItem[];
  counts: ElementCount[];
}

export interface DiffElement extends ElementItem {
  attributes: Record<string, string>;
}

export interface Diff {
  from: number;
  to: number;
  added: DiffElement[];
  removed: DiffElement[];
  changed: { id: string; type: string; name: string | null; changes: { attribute: string; from: string | null; to: string | null }[] }[];
}

export interface Durations {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface Figures {
  requestToCoordinator: Durations;
  requestToApprovedPlan: Durations;
  reviews: { held: number; onTime: number; late: number; overdueNow: number };
  tasks: (Durations & { elementId: string; name: string | null; open: number; overdue: number })[];
}

export interface Blocker {
  reason: 'element-missing' | 'element-type-changed' | 'service-step' | 'not-resumable' | 'rename-unsupported';
  elementId?: string;
  message?: string;
}

export interface MigrationGroup {
  elementIds: string[];
  blockers: Blocker[];
  instances: number;
}

export interface MigrationPreview {
  fromVersion: number;
  toVersion: number;
  canMove: MigrationGroup[];
  cannotMove: MigrationGroup[];
  /** Per element of the old version missing from the new: the new version's added elements of the same type. */
  renameCandidates: Record<string, { id: string; name: string | null }[]>;
}

export interface MigrationRun {
  id: string;
  fromVersion: number;
  toVersion: number;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  moved: number;
  notMoved: MigrationGroup[];
}

export function definitionPath(key: string): string {
  return `/prosesser/${encodeURIComponent(key)}`;
}

export function versionPath(key: string, number: number): string {
  return `${definitionPath(key)}/versjoner/${number}`;
}

/** "3 d 4 t" style durations, rounded to hours (figures are about days and weeks). */
export function durationText(ms: number | null, units: { days: string; hours: string; none: string }): string {
  if (ms === null) return units.none;
  const hours = Math.round(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return days > 0 ? `${days} ${units.days} ${rest} ${units.hours}` : `${rest} ${units.hours}`;
}
