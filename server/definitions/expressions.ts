/**
 * The only expression language BPMN files may use, and the resolver the engine runtime passes to
 * bpmn-engine as its `expressions` option (replacing the default resolver, which walks any
 * property and can reach `constructor.constructor`, i.e. the Function constructor).
 *
 * Grammar (inside `${ … }`):
 *
 *   expression := operand [ comparator operand ] | "!" path
 *   operand    := path | literal
 *   path       := root ( "." segment )*
 *   root       := "environment.variables" | "environment.services"
 *   segment    := identifier | digits          (never constructor, prototype, __proto__, …)
 *   literal    := 'text' | "text" | number | true | false | null
 *   comparator := "==" | "!=" | "===" | "!==" | "<" | "<=" | ">" | ">="
 *
 * `==`/`===` and `!=`/`!==` are strict (no type coercion); `<`, `<=`, `>`, `>=` compare two
 * numbers or two strings and are false otherwise. Paths only follow own properties of plain
 * data; nothing is ever called. A missing property yields `undefined`.
 * Conditions may only read `environment.variables`; `environment.services.<name>` is only for a
 * service task's binding.
 */

export type Literal = string | number | boolean | null;
export type Comparator = '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=';

export interface PathNode {
  readonly kind: 'path';
  readonly root: 'variables' | 'services';
  readonly segments: readonly string[];
}
export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: Literal;
}
export type OperandNode = PathNode | LiteralNode;
export type ExpressionNode =
  | OperandNode
  | { readonly kind: 'not'; readonly operand: PathNode }
  | { readonly kind: 'compare'; readonly comparator: Comparator; readonly left: OperandNode; readonly right: OperandNode };

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** Property names that lead from data to code; refused anywhere in a path. */
const forbiddenSegments = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const wholeExpressionPattern = /^\$\{([^{}]*)\}$/;
const embeddedExpressionPattern = /\$\{([^{}]*)\}/g;

const tokenPattern =
  /\s*(?:(===|!==|==|!=|<=|>=|<|>|!)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_$][\w$]*(?:\.(?:[A-Za-z_$][\w$]*|\d+))*))\s*/y;

type Token =
  | { type: 'op'; value: string }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'word'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(source);
    if (!match || match[0].length === 0) {
      if (source.slice(position).trim() === '') break;
      throw new ExpressionError(`unexpected "${source.slice(position).trim().slice(0, 20)}"`);
    }
    const [, op, str, num, word] = match;
    if (op !== undefined) tokens.push({ type: 'op', value: op });
    else if (str !== undefined) tokens.push({ type: 'string', value: str.slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (num !== undefined) tokens.push({ type: 'number', value: Number(num) });
    else if (word !== undefined) tokens.push({ type: 'word', value: word });
    position = tokenPattern.lastIndex;
  }
  return tokens;
}

function toOperand(token: Token | undefined): OperandNode {
  if (!token) throw new ExpressionError('missing operand');
  switch (token.type) {
    case 'string':
    case 'number':
      return { kind: 'literal', value: token.value };
    case 'op':
      throw new ExpressionError(`unexpected "${token.value}"`);
    case 'word': {
      if (token.value === 'true') return { kind: 'literal', value: true };
      if (token.value === 'false') return { kind: 'literal', value: false };
      if (token.value === 'null') return { kind: 'literal', value: null };
      return toPath(token.value);
    }
  }
}

function toPath(text: string): PathNode {
  const parts = text.split('.');
  for (const part of parts) {
    if (forbiddenSegments.has(part)) throw new ExpressionError(`"${part}" is not allowed in a path`);
  }
  const [first, second, ...segments] = parts;
  if (first !== 'environment' || (second !== 'variables' && second !== 'services')) {
    throw new ExpressionError(`a path must start with environment.variables or environment.services, not "${text}"`);
  }
  if (segments.length === 0) throw new ExpressionError(`"${text}" must name a property`);
  return { kind: 'path', root: second, segments };
}

const comparators = new Set<string>(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);

/** Parses the text inside `${ … }`; throws ExpressionError for anything outside the grammar. */
export function parseExpression(inner: string): ExpressionNode {
  if (/[()[\]`;=]/.test(inner.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[=!<>]=?=?/g, ''))) {
    throw new ExpressionError('calls, brackets and assignments are not allowed');
  }
  const tokens = tokenize(inner);
  if (tokens.length === 0) throw new ExpressionError('empty expression');
  if (tokens.length === 2 && tokens[0]?.type === 'op' && tokens[0].value === '!') {
    const operand = toOperand(tokens[1]);
    if (operand.kind !== 'path') throw new ExpressionError('"!" needs a path');
    return { kind: 'not', operand };
  }
  if (tokens.length === 1) return toOperand(tokens[0]);
  if (tokens.length === 3 && tokens[1]?.type === 'op' && comparators.has(tokens[1].value)) {
    return {
      kind: 'compare',
      comparator: tokens[1].value as Comparator,
      left: toOperand(tokens[0]),
      right: toOperand(tokens[2]),
    };
  }
  throw new ExpressionError('only a path, a literal, "!path" or one comparison is allowed');
}

/** Every `${ … }` in a text, parsed; throws on the first one outside the grammar. */
export function parseTemplate(text: string): ExpressionNode[] {
  const result: ExpressionNode[] = [];
  for (const match of text.matchAll(embeddedExpressionPattern)) result.push(parseExpression(match[1] ?? ''));
  if (text.replace(embeddedExpressionPattern, '').includes('${')) throw new ExpressionError('unterminated or nested "${"');
  return result;
}

export function hasExpression(text: unknown): boolean {
  return typeof text === 'string' && text.includes('${');
}

export function isExpression(text: unknown): boolean {
  return typeof text === 'string' && wholeExpressionPattern.test(text);
}

/** The paths an expression reads. */
export function expressionPaths(node: ExpressionNode): PathNode[] {
  switch (node.kind) {
    case 'path':
      return [node];
    case 'literal':
      return [];
    case 'not':
      return [node.operand];
    case 'compare':
      return [...expressionPaths(node.left), ...expressionPaths(node.right)];
  }
}

const hasOwn = (target: object, key: string) => Object.prototype.hasOwnProperty.call(target, key);

function readPath(path: PathNode, context: unknown): unknown {
  const environment = (context as { environment?: { variables?: unknown; services?: unknown } } | undefined)?.environment;
  let value: unknown = path.root === 'variables' ? environment?.variables : environment?.services;
  for (const [index, segment] of path.segments.entries()) {
    if (value === null || typeof value !== 'object' && typeof value !== 'function') return undefined;
    if (typeof value === 'function' && index > 0) return undefined;
    if (!hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  // Functions are only reachable as a registered service, never from variables.
  if (typeof value === 'function' && (path.root !== 'services' || path.segments.length !== 1)) return undefined;
  return value;
}

function compare(comparator: Comparator, left: unknown, right: unknown): boolean {
  switch (comparator) {
    case '==':
    case '===':
      return left === right;
    case '!=':
    case '!==':
      return left !== right;
  }
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  switch (comparator) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
  }
}

export function evaluate(node: ExpressionNode, context: unknown): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path':
      return readPath(node, context);
    case 'not':
      return !readPath(node.operand, context);
    case 'compare':
      return compare(node.comparator, evaluate(node.left, context), evaluate(node.right, context));
  }
}

const parsedCache = new Map<string, ExpressionNode>();
const parsedCacheLimit = 2000;

function parseCached(inner: string): ExpressionNode {
  let node = parsedCache.get(inner);
  if (!node) {
    node = parseExpression(inner);
    if (parsedCache.size >= parsedCacheLimit) parsedCache.clear();
    parsedCache.set(inner, node);
  }
  return node;
}

/**
 * bpmn-engine's expression hook. A text that is one whole `${ … }` resolves to the value (any
 * type); `${ … }` inside other text is replaced by the value as a string; other text is returned
 * unchanged. An expression outside the grammar throws, so the engine stops instead of running it.
 */
export function resolveExpression(templatedString: unknown, context?: unknown): unknown {
  if (typeof templatedString !== 'string' || !templatedString.includes('${')) return templatedString;
  const whole = wholeExpressionPattern.exec(templatedString);
  if (whole) return evaluate(parseCached(whole[1] ?? ''), context);
  if (templatedString.replace(embeddedExpressionPattern, '').includes('${')) {
    throw new ExpressionError(`unterminated or nested "\${" in "${templatedString}"`);
  }
  return templatedString.replace(embeddedExpressionPattern, (_whole, inner: string) => {
    const value = evaluate(parseCached(inner), context);
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Pass as bpmn-engine's `expressions` option. */
export const allowlistExpressions = {
  resolveExpression,
  isExpression,
  hasExpression,
} as const;

/**
 * Pass as bpmn-engine's `scripts` option: registers nothing and finds nothing, so a script task
 * or a `language="…"` condition can never run (the definition check refuses them anyway).
 */
export const noScripts = {
  register(): undefined {
    return undefined;
  },
  getScript(): undefined {
    return undefined;
  },
};
