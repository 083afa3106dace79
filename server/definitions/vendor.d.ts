// Minimal typings for bpmnlint 11 (CommonJS, ships no declarations for its entry points).
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    [key: string]: unknown;
  }
  export interface Reporter {
    report(id: string, message: string, path?: string[]): void;
  }
  export interface RuleDefinition {
    check: ((node: never, reporter: Reporter) => boolean | void) | { enter?: (node: never, reporter: Reporter) => boolean | void; leave?: (node: never, reporter: Reporter) => void };
  }
  export type RuleFactory = (config?: unknown) => RuleDefinition;
  export interface LintConfig {
    extends?: string | string[];
    rules?: Record<string, string | number | [string | number, unknown?]>;
  }
  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): RuleFactory | Promise<RuleFactory>;
    resolveConfig(pkg: string, configName: string): LintConfig | Promise<LintConfig>;
  }
  export class Linter {
    constructor(options: { config?: LintConfig; resolver: Resolver });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
  const bpmnlint: { Linter: typeof Linter };
  export default bpmnlint;
}

// snowball-stemmers ships no declarations.
declare module 'snowball-stemmers' {
  const snowball: {
    algorithms(): string[];
    newStemmer(language: string): { stem(word: string): string };
  };
  export default snowball;
}
