// Reads a formula spec, "formula:EXPR;p=VALUE;q=VALUE", into an expression tree: mathjs parses EXPR, and every
// node is checked against what a formula may contain. Errors name the column in the spec and point at it.
import type { MathNode } from 'mathjs';
import { UsageError } from '../errors.js';
import { add, call, cond, div, FUNCTIONS, mul, neg, pow, sub, X, type CompareOp, type Expr, type FunctionName, type Test } from './formula-expr.js';
import { mathjs } from './mathjs.js';

export const FORMULA_PREFIX = 'formula:';

/** A formula spec the user got wrong: exit code 2, with the column. */
export class FormulaError extends UsageError {
  constructor(
    message: string,
    /** 1-based column in the spec (with its "formula:" prefix) where the error is, when it has one. */
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface ParsedFormula {
  /** "formula:EXPR;p=v;q=w" with the pieces trimmed and the values as numbers print: the entry's name. */
  canonical: string;
  expression: string;
  /** The expression as TeX (mathjs's toTex). */
  tex: string;
  params: { name: string; value: number }[];
  f: Expr;
}

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
/** Words mathjs reads as operators or literals: not usable as parameter names. */
const KEYWORDS = ['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined', 'end', 'Infinity', 'NaN'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters a formula may use; anything else (matrices, strings, units, ...) is refused where it stands. */
const ALLOWED = /[A-Za-z0-9_.\s+\-*/^(),<>=!?:]/;

const COMPARISONS: Record<string, CompareOp> = {
  smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=', equal: '==', unequal: '!=',
};

/** A piece of the spec and where it starts (0-based), so errors can point into the spec. */
interface Piece {
  text: string;
  start: number;
}

function splitPieces(spec: string): Piece[] {
  const pieces: Piece[] = [];
  let start = FORMULA_PREFIX.length;
  for (const text of spec.slice(start).split(';')) {
    pieces.push({ text, start });
    start += text.length + 1;
  }
  return pieces;
}

/** Throws a FormulaError about `spec` at 1-based `column`, with the spec and a caret under the column. */
function fail(spec: string, column: number, message: string): never {
  const caret = `${' '.repeat(Math.max(0, column - 1))}^`;
  throw new FormulaError(`formula activation '${spec}', column ${column}: ${message}\n  ${spec}\n  ${caret}`, column);
}

export function parseFormulaSpec(spec: string): ParsedFormula {
  if (!spec.toLowerCase().startsWith(FORMULA_PREFIX)) throw new FormulaError(`'${spec}' is not a formula activation (formula:EXPR;p=VALUE)`);
  const [expressionPiece, ...declarationPieces] = splitPieces(spec);
  const params = readDeclarations(spec, declarationPieces);
  const expression = expressionPiece.text.trim();
  const column = (offset: number) => expressionPiece.start + offset + 1;
  if (expression === '') fail(spec, column(0), 'the expression is empty (expected e.g. formula:x*sigmoid(b*x);b=1)');
  for (let i = 0; i < expressionPiece.text.length; i++) {
    const c = expressionPiece.text[i];
    if (!ALLOWED.test(c)) fail(spec, column(i), `'${c}' is not allowed in a formula`);
  }
  let node: MathNode;
  try {
    node = mathjs().parse(expressionPiece.text);
  } catch (err) {
    const at = (err as { char?: number }).char;
    const message = (err as Error).message.replace(/\s*\(char \d+\)$/, '');
    fail(spec, column(Math.max(0, (at ?? 1) - 1)), `syntax error: ${message}`);
  }
  const reader = new Reader(spec, expressionPiece, params.map((p) => p.name));
  const f = reader.expr(node);
  if (!reader.seen.has('x')) fail(spec, column(0), "the expression does not use x, the input");
  params.forEach((p, j) => {
    if (!reader.seen.has(p.name)) fail(spec, declarationPieces[j].start + 1, `parameter '${p.name}' is declared but never used`);
  });
  const canonical = `${FORMULA_PREFIX}${expression}${params.map((p) => `;${p.name}=${p.value}`).join('')}`;
  return { canonical, expression, tex: node.toTex(), params, f };
}

function readDeclarations(spec: string, pieces: readonly Piece[]): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  const declaredAt = new Map<string, number>();
  for (const { text, start } of pieces) {
    const lead = text.length - text.trimStart().length;
    const column = start + lead + 1;
    const eq = text.indexOf('=');
    if (eq < 0) fail(spec, column, `'${text.trim()}' is not a parameter declaration of the form name=value`);
    const name = text.slice(0, eq).trim();
    const valueText = text.slice(eq + 1).trim();
    if (!IDENTIFIER.test(name)) fail(spec, column, `'${name}' is not a parameter name (letters, digits and _, not starting with a digit)`);
    if (name === 'x') fail(spec, column, "x is the input, not a parameter");
    if (name in CONSTANTS || name in FUNCTIONS || KEYWORDS.includes(name)) fail(spec, column, `'${name}' is a constant, function or keyword, not a parameter name`);
    const first = declaredAt.get(name);
    if (first !== undefined) fail(spec, column, `parameter '${name}' is declared twice (first at column ${first})`);
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) fail(spec, start + eq + 2, `${name} = '${valueText}' is not a finite number`);
    declaredAt.set(name, column);
    out.push({ name, value });
  }
  return out;
}

/** Converts mathjs nodes to an expression tree, checking each; records the symbols it meets in `seen`. */
class Reader {
  readonly seen = new Set<string>();

  constructor(
    private readonly spec: string,
    private readonly piece: Piece,
    private readonly params: readonly string[],
  ) {}

  /**
   * Fails at the first occurrence of `token` in the expression (an identifier as a whole word, as a call when
   * `asCall`; a RegExp as it matches), or at the expression's start when it does not occur.
   */
  private failAt(token: string | RegExp, message: string, asCall = false): never {
    const text = this.piece.text;
    let pattern = token;
    if (typeof token === 'string' && IDENTIFIER.test(token)) {
      pattern = new RegExp(`(?<![A-Za-z0-9_.])${token}(?![A-Za-z0-9_])${asCall ? '(?=\\s*\\()' : '(?!\\s*\\()'}`);
    }
    const found = typeof pattern === 'string' ? (pattern === '' ? -1 : text.indexOf(pattern)) : (pattern.exec(text)?.index ?? -1);
    const offset = found >= 0 ? found : text.length - text.trimStart().length;
    fail(this.spec, this.piece.start + offset + 1, message);
  }

  expr(node: MathNode): Expr {
    switch (node.type) {
      case 'ParenthesisNode':
        return this.expr((node as unknown as { content: MathNode }).content);
      case 'ConstantNode':
        return this.constant((node as unknown as { value: unknown }).value);
      case 'SymbolNode':
        return this.symbol((node as unknown as { name: string }).name);
      case 'OperatorNode':
        return this.operator(node as unknown as { fn: string; op: string; args: MathNode[] });
      case 'FunctionNode':
        return this.call(node as unknown as { fn: MathNode; args: MathNode[] });
      case 'ConditionalNode': {
        const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        return cond(this.test(c.condition), this.expr(c.trueExpr), this.expr(c.falseExpr));
      }
      case 'RelationalNode':
        return this.failAt(/[<>]=?|==|!=/, 'a comparison can only be the condition of a conditional (cond ? a : b)');
      default: {
        const [what, where] = unsupported(node.type);
        return this.failAt(where, `${what} is not supported in a formula`);
      }
    }
  }

  private constant(value: unknown): Expr {
    if (typeof value !== 'number') this.failAt(String(value), `'${String(value)}' is not a number`);
    if (!Number.isFinite(value)) this.failAt(/\d[\d.]*e\+?\d{3,}/i, 'a number in the expression overflows to Infinity');
    return { kind: 'num', value };
  }

  private symbol(name: string): Expr {
    this.seen.add(name);
    if (name === 'x') return X;
    const index = this.params.indexOf(name);
    if (index >= 0) return { kind: 'param', index, name };
    if (name in CONSTANTS) return { kind: 'num', value: CONSTANTS[name], name: name as 'pi' | 'e' };
    if (name in FUNCTIONS) this.failAt(name, `'${name}' is a function: call it, e.g. ${name}(x)`);
    const declared = this.params.length === 0 ? 'no parameters are declared' : `declared: ${this.params.join(', ')}`;
    return this.failAt(name, `unknown symbol '${name}' (x is the input; ${declared}; declare one after the expression as ;${name}=VALUE)`);
  }

  private operator(node: { fn: string; op: string; args: MathNode[] }): Expr {
    const args = node.args.map((a) => this.expr(a));
    switch (node.fn) {
      case 'add': return add(args[0], args[1]);
      case 'subtract': return sub(args[0], args[1]);
      case 'multiply': return mul(args[0], args[1]);
      case 'divide': return div(args[0], args[1]);
      case 'pow': return pow(args[0], args[1]);
      case 'unaryMinus': return neg(args[0]);
      case 'unaryPlus': return args[0];
    }
    if (node.fn in COMPARISONS || ['and', 'or', 'not'].includes(node.fn)) {
      return this.failAt(node.op, `'${node.op}' gives a condition: use it as the condition of a conditional (cond ? a : b)`);
    }
    return this.failAt(node.op, `the operator '${node.op}' is not supported (use + - * / ^, comparisons and cond ? a : b)`);
  }

  private call(node: { fn: MathNode; args: MathNode[] }): Expr {
    const name = node.fn.type === 'SymbolNode' ? (node.fn as unknown as { name: string }).name : node.fn.toString();
    if (!(name in FUNCTIONS)) {
      const what = this.params.includes(name) || name === 'x' ? `'${name}' is not a function (write ${name}*(...) to multiply)` : `unknown function '${name}'`;
      this.failAt(name, `${what}; functions: ${Object.keys(FUNCTIONS).join(', ')}`, true);
    }
    const fn = name as FunctionName;
    const arity = FUNCTIONS[fn];
    const variadic = fn === 'max' || fn === 'min';
    if (node.args.length !== arity && !(variadic && node.args.length > arity)) {
      this.failAt(name, `${fn} takes ${arity} argument${arity === 1 ? '' : 's'}${variadic ? ' or more' : ''}, got ${node.args.length}`, true);
    }
    const args = node.args.map((a) => this.expr(a));
    if (fn === 'pow') return pow(args[0], args[1]);
    // max(a, b, c) = max(max(a, b), c).
    return args.slice(arity).reduce((acc, a) => call(fn, acc, a), call(fn, ...args.slice(0, arity)));
  }

  test(node: MathNode): Test {
    if (node.type === 'ParenthesisNode') return this.test((node as unknown as { content: MathNode }).content);
    if (node.type === 'RelationalNode') {
      // a < b <= c: each neighbouring pair, joined by and.
      const r = node as unknown as { conditionals: string[]; params: MathNode[] };
      const parts = r.conditionals.map((c, i): Test => ({ kind: 'compare', op: COMPARISONS[c], a: this.expr(r.params[i]), b: this.expr(r.params[i + 1]) }));
      return parts.reduce((a, b) => ({ kind: 'and', a, b }));
    }
    if (node.type === 'OperatorNode') {
      const o = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (o.fn in COMPARISONS) return { kind: 'compare', op: COMPARISONS[o.fn], a: this.expr(o.args[0]), b: this.expr(o.args[1]) };
      if (o.fn === 'and' || o.fn === 'or') return { kind: o.fn, a: this.test(o.args[0]), b: this.test(o.args[1]) };
      if (o.fn === 'not') return { kind: 'not', a: this.test(o.args[0]) };
    }
    return this.failAt('?', `the condition '${node.toString()}' is not a comparison (use <, <=, >, >=, ==, != joined by and, or, not)`);
  }
}

/** What a mathjs node type is, in words, and where its syntax shows in the text. */
function unsupported(type: string): [string, RegExp] {
  const assignment = /(?<![<>=!])=(?!=)/;
  const table: Record<string, [string, RegExp]> = {
    AssignmentNode: ['assignment (declare parameters after the expression: ;b=1)', assignment],
    FunctionAssignmentNode: ['a function definition', assignment],
    AccessorNode: ['property access', /\.(?=[A-Za-z_])/],
    RangeNode: ['a range (a:b)', /:/],
    BlockNode: ['more than one expression', /\n/],
  };
  return table[type] ?? [type, /$^/];
}
