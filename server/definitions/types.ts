import type { SerializableContext } from 'moddle-context-serializer';

/**
 * A deployed version of one BPMN process definition. Versions are immutable and keyed by the
 * hash of the file's content; running instances keep the version they started on.
 */
export interface DefinitionVersion {
  /** sha256 of the BPMN source, hex. */
  readonly id: string;
  /** The id of the executable <bpmn:process>, e.g. 'individual-plan'. */
  readonly processKey: string;
  /** 1, 2, 3 … per processKey, in deployment order. */
  readonly number: number;
  /** The file it came from, relative to processes/. */
  readonly fileName: string;
  readonly deployedAt: Date;
  /** Set when a process owner deployed it from the browser; absent for the file in processes/. */
  readonly deployedBy?: { readonly id: string; readonly name: string };
  readonly source: string;
  /** The compiled, serializable moddle context bpmn-engine takes as `sourceContext` (cached per version). */
  readonly sourceContext: SerializableContext;
}

/** Where the engine runtime finds definitions; implemented by server/definitions. */
export interface DefinitionRegistry {
  /** The newest good version of a process, for new instances. */
  latest(processKey: string): Promise<DefinitionVersion>;
  /** A specific version, for recovering a running instance. */
  byId(versionId: string): Promise<DefinitionVersion>;
}
