/**
 * The rules indexed by the literal path segments every path they match must start with, so that
 * deciding a request tests only the rules that can match it — in configuration order, first match wins —
 * instead of every rule.
 *
 * A rule's literal segments are the complete segments before its first wildcard: `/admin/*` → `admin`;
 * `/docs/v1/*.html` → `docs`, `v1`; `/users/{sub}/*` → `users`; `/index.html` → `index.html`; `/adm*`,
 * `*.jpg` → none. Resource rules likewise: `/pets/{id}` → `pets`. A path can only match a rule whose
 * literal segments are its own leading segments, so the candidates of a path are the rules attached to
 * the nodes along its segments in a trie, merged by rule index.
 *
 * @module
 */

/** What the index needs of a rule. */
export interface IndexedRule {
  /** Position in the rules (first match wins). */
  readonly index: number;
  /** The complete literal segments any matching path starts with. */
  readonly literalSegments: readonly string[];
}

interface Node<R> {
  readonly rules: R[];
  readonly children: Map<string, Node<R>>;
}

function node<R>(): Node<R> {
  return { rules: [], children: new Map() };
}

/** Reused between calls (deciding is synchronous and never re-entered). */
const lists: unknown[][] = [];
const positions: number[] = [];

/** Rules indexed by their literal leading path segments. Build once, at module scope. */
export class RuleIndex<R extends IndexedRule> {
  readonly #root: Node<R> = node();

  /** @param rules - in order */
  constructor(rules: readonly R[]) {
    for (const rule of rules) {
      let n = this.#root;
      for (const segment of rule.literalSegments) {
        let child = n.children.get(segment);
        if (child === undefined) {
          child = node();
          n.children.set(segment, child);
        }
        n = child;
      }
      n.rules.push(rule);
    }
  }

  /**
   * The first rule, in index order from `from` on, that can match the normalized `path` and that `test`
   * accepts; `undefined` when none does.
   *
   * @param path - the normalized path (starts with `/`)
   * @param from - the lowest rule index to consider
   * @param test - the rule's own check (methods, pattern)
   */
  first(path: string, from: number, test: (rule: R) => boolean): R | undefined {
    let count = 0;
    let n: Node<R> | undefined = this.#root;
    let pos = 1;
    while (n !== undefined) {
      if (n.rules.length > 0) lists[count++] = n.rules;
      if (n.children.size === 0 || pos > path.length) break;
      let end = path.indexOf('/', pos);
      if (end < 0) end = path.length;
      n = n.children.get(path.slice(pos, end));
      pos = end + 1;
    }
    if (count === 1) {
      const rules = lists[0] as R[];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.index >= from && test(rule)) return rule;
      }
      return undefined;
    }
    for (let k = 0; k < count; k++) positions[k] = 0;
    for (;;) {
      let best = -1;
      let bestIndex = Number.POSITIVE_INFINITY;
      for (let k = 0; k < count; k++) {
        const rules = lists[k] as R[];
        let p = positions[k]!;
        while (p < rules.length && rules[p]!.index < from) p++;
        positions[k] = p;
        if (p < rules.length && rules[p]!.index < bestIndex) {
          best = k;
          bestIndex = rules[p]!.index;
        }
      }
      if (best < 0) return undefined;
      const rule = (lists[best] as R[])[positions[best]!]!;
      positions[best]!++;
      if (test(rule)) return rule;
    }
  }
}
