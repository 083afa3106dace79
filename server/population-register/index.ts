import { readFileSync } from 'node:fs';

/**
 * The population register (Folkeregisteret) as a port: who are a person's parents and guardians.
 * A parent or guardian named in a request is a claim until the register (or the case worker in the
 * signature check) confirms it. In production an adapter over Folkeregisteret's API implements
 * this; the embedded default reads a file of fictional families.
 */
export interface PopulationRegister {
  /** What `representativeNationalId` is to `personNationalId` by the register, or undefined when nothing. */
  relation(representativeNationalId: string, personNationalId: string): Promise<RegisteredRelation | undefined>;
}

/** Relations the register knows; a power of attorney is not one (the case worker checks it). */
export type RegisteredRelation = 'parent' | 'guardian';

interface FamilyFile {
  readonly families: readonly {
    readonly parents: readonly { readonly nationalId: string; readonly role: RegisteredRelation }[];
    readonly children: readonly { readonly nationalId: string }[];
  }[];
}

/** The register over a list of families (the embedded default, tests). */
export function familyRegister(file: FamilyFile): PopulationRegister {
  const relations = new Map<string, RegisteredRelation>();
  for (const family of file.families) {
    for (const parent of family.parents) for (const child of family.children) relations.set(`${parent.nationalId}:${child.nationalId}`, parent.role);
  }
  return { relation: async (representative, person) => relations.get(`${representative}:${person}`) };
}

let fictional: PopulationRegister | undefined;

/** The embedded default: the fictional families of development, tests and the demo (fictional-families.json). */
export function fictionalPopulationRegister(): PopulationRegister {
  fictional ??= familyRegister(JSON.parse(readFileSync(new URL('./fictional-families.json', import.meta.url), 'utf8')) as FamilyFile);
  return fictional;
}
