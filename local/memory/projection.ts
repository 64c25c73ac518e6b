import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PathSegment } from './ast.ts';
import { emptyItem, type Item } from './attribute-values.ts';
import { type ResolvedPath, resolvePath, type Scope } from './document-path.ts';
import { ExpressionError, invalidExpression } from './errors.ts';
import { ExpressionCache } from './expression-cache.ts';
import type { ValueCheck } from './expression-checks.ts';
import { parsePath } from './operand-parser.ts';
import { isNameRef, type Placeholders } from './placeholders.ts';
import { TokenStream } from './token-stream.ts';
import { checkPaths } from './update-paths.ts';

/**
 * ProjectionExpression: the attributes (or parts of them) a read returns. Nested paths keep their
 * structure (`a.b` gives `{ a: { b } }`); list elements keep their order (`l[2], l[0]` gives the two
 * elements, first then third); whatever is missing is left out, and so are maps and lists left empty.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
 */
export interface CompiledProjection extends Placeholders {
  readonly paths: readonly (readonly PathSegment[])[];
  readonly checks: readonly ValueCheck[];
  /** The paths as a tree, when no `#name` needs resolving. */
  readonly tree: ProjectionTree | undefined;
}

/** What to keep under each name or index; `null`: all of it. */
type ProjectionTree = Map<string | number, ProjectionTree | null>;

const projections = new ExpressionCache<CompiledProjection>((text) => {
  const stream = new TokenStream(text, 'projection');
  const paths = [parsePath(stream).segments];
  while (stream.at(',') && stream.next()) paths.push(parsePath(stream).segments);
  stream.expectEnd();
  const names = new Set(paths.flatMap((path) => path.filter(isNameRef)));
  const resolved = names.size === 0 ? (paths as readonly ResolvedPath[]) : undefined;
  if (resolved) checkPaths(resolved);
  return { paths, checks: [], names, values: new Set(), tree: resolved && treeOf(resolved) };
});

/** The compiled projection of `text`; `ValidationException` if DynamoDB would refuse it. */
export function compiledProjection(text: string): CompiledProjection {
  return projections.get(text, 'ProjectionExpression');
}

/** The tree of a projection in a request's scope. */
export function projectionTree(projection: CompiledProjection, scope: Scope): ProjectionTree {
  if (projection.tree) return projection.tree;
  const resolved = projection.paths.map((path) => resolvePath(path, scope));
  try {
    checkPaths(resolved);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidExpression('ProjectionExpression', error.message);
    throw error;
  }
  return treeOf(resolved);
}

function treeOf(paths: readonly ResolvedPath[]): ProjectionTree {
  const root: ProjectionTree = new Map();
  for (const path of paths) {
    let node = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) node.set(segment, null);
      else {
        const child = node.get(segment) ?? new Map();
        node.set(segment, child);
        node = child;
      }
    });
  }
  return root;
}

/** The projected part of an item (sharing its stored values). */
export function projectItem(item: Item, tree: ProjectionTree): Item {
  const projected = emptyItem();
  for (const [name, subtree] of tree) {
    const value = item[name as string];
    const kept = value === undefined || subtree === null ? value : projectValue(value, subtree);
    if (kept !== undefined) projected[name as string] = kept;
  }
  return projected;
}

function projectValue(value: AttributeValue, tree: ProjectionTree): AttributeValue | undefined {
  const [first] = tree.keys();
  if (typeof first === 'number') {
    const list = value.L;
    if (list === undefined) return undefined;
    const indexes = [...tree.keys()].sort((a, b) => (a as number) - (b as number));
    const kept = indexes.flatMap((index) => {
      const element = list[index as number];
      const subtree = tree.get(index);
      const part = element === undefined || !subtree ? element : projectValue(element, subtree);
      return part === undefined ? [] : [part];
    });
    return kept.length === 0 ? undefined : { L: kept };
  }
  if (value.M === undefined) return undefined;
  const map = projectItem(value.M, tree);
  return Object.keys(map).length === 0 ? undefined : { M: map };
}
