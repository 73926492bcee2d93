import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One regular expression of the product, where it is written and what it compiles to. */
export interface RegexSite {
  /** `libs/templates/src/lint/lint-document.ts:97`, relative to the repository root. */
  where: string;
  file: string;
  line: number;
  /** The pattern as the RegExp constructor receives it; undefined when it is built at run time. */
  source?: string;
  flags?: string;
  /** The pattern argument as written, for sites whose pattern is built at run time. */
  expression: string;
}

const SOURCE_ROOTS = ['libs', 'apps'];
const isProductFile = (name: string): boolean => /\.(ts|tsx|mts)$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name) && !name.endsWith('.d.ts');
const isTestFolder = (name: string): boolean => name === '__tests__' || name === 'test' || name === 'node_modules';

/** Every product source file: `libs/<module>/src/**` and `apps/<app>/src/**`, tests left out. */
export function productSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isTestFolder(entry.name)) walk(full);
      } else if (isProductFile(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const top of SOURCE_ROOTS) {
    for (const unit of fs.readdirSync(path.join(root, top))) {
      const src = path.join(root, top, unit, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  }
  return files.sort();
}

/**
 * Every regular expression literal and every `RegExp(...)` / `new RegExp(...)` call in the product.
 * A constructor's pattern is evaluated when it is a compile-time constant: string and template
 * literals, `String.raw`, `+`, `const` bindings (also imported ones), `[...].join(sep)` and
 * `Object.keys({...}).join(sep)`. Anything else is returned without `source`, for the caller to
 * account for.
 */
export function collectRegexes(root: string): RegexSite[] {
  const files = productSourceFiles(root);
  const program = ts.createProgram(files, {
    noResolve: true,
    noLib: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.ReactJSX,
  });
  const checker = program.getTypeChecker();
  const sites: RegexSite[] = [];
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error(`TypeScript did not load ${file}`);
    const relative = path.relative(root, file).split(path.sep).join('/');
    const site = (node: ts.Node, fields: Pick<RegexSite, 'source' | 'flags' | 'expression'>): RegexSite => {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      return { where: `${relative}:${line}`, file: relative, line, ...fields };
    };
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sourceFile);
        const slash = text.lastIndexOf('/');
        sites.push(site(node, { source: text.slice(1, slash), flags: text.slice(slash + 1), expression: text }));
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRegExpConstructor(node.expression) && node.arguments?.length) {
        const [patternArg, flagsArg] = node.arguments;
        const source = constantString(patternArg, checker);
        const flags = flagsArg === undefined ? '' : constantString(flagsArg, checker);
        sites.push(site(node, { source: flags === undefined ? undefined : source, flags, expression: patternArg.getText(sourceFile) }));
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return sites;
}

function isRegExpConstructor(callee: ts.Expression): boolean {
  return (ts.isIdentifier(callee) && callee.text === 'RegExp') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'RegExp');
}

type Constant = string | string[] | ts.ObjectLiteralExpression;

function constantString(node: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const value = constant(node, checker, 0);
  return typeof value === 'string' ? value : undefined;
}

/** The compile-time value of an expression, when it has one this evaluator understands. */
function constant(node: ts.Expression, checker: ts.TypeChecker, depth: number): Constant | undefined {
  if (depth > 20) return undefined;
  const next = (n: ts.Expression) => constant(n, checker, depth + 1);
  const nextString = (n: ts.Expression) => {
    const value = next(n);
    return typeof value === 'string' ? value : undefined;
  };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return next(node.expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((element) => (ts.isSpreadElement(element) ? undefined : nextString(element)));
    return items.every((item): item is string => item !== undefined) ? items : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = nextString(node.left);
    const right = nextString(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = nextString(span.expression);
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw') {
    const template = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(template)) return template.rawText;
    let text = template.head.rawText ?? '';
    for (const span of template.templateSpans) {
      const value = nextString(span.expression);
      if (value === undefined) return undefined;
      text += value + (span.literal.rawText ?? '');
    }
    return text;
  }
  if (ts.isIdentifier(node)) {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    return next(declaration.initializer);
  }
  // `[...].join(sep)` and `Object.keys({...}).join(sep)`
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'join') {
    const separator = node.arguments.length ? nextString(node.arguments[0]) : ',';
    const target = node.expression.expression;
    let items: Constant | undefined;
    if (ts.isCallExpression(target) && target.expression.getText() === 'Object.keys' && target.arguments.length === 1) {
      const object = next(target.arguments[0]);
      items = object && typeof object === 'object' && !Array.isArray(object) ? propertyNames(object) : undefined;
    } else {
      items = next(target);
    }
    return Array.isArray(items) && separator !== undefined ? items.join(separator) : undefined;
  }
  return undefined;
}

function propertyNames(object: ts.ObjectLiteralExpression): string[] | undefined {
  const names: string[] = [];
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
    const name = property.name;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) names.push(name.text);
    else return undefined;
  }
  return names;
}
