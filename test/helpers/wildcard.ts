/**
 * The reference wildcard matcher every wildcard in edgeward is tested against: rules' path patterns, IAM
 * resource wildcards (the policy evaluator), CloudFront `Resource` URLs (signed cookies) and CloudFront
 * cache-behavior path patterns (the local emulator) all share one matcher, `core/rules/glob.ts`.
 *
 * Plain dynamic programming over code points: `*` any run of characters (including `/`, possibly empty),
 * `?` exactly one code point, everything else literal. Slow and obviously correct.
 */
export function referenceWildcardMatch(pattern: string, text: string): boolean {
  const p = [...pattern];
  const t = [...text];
  // dp[j] = pattern prefix p[0..i) matches text prefix t[0..j)
  let dp = new Array<boolean>(t.length + 1).fill(false);
  dp[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    if (c === '*') {
      let any = false;
      for (let j = 0; j <= t.length; j++) {
        any = any || dp[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= t.length; j++) next[j] = dp[j - 1]! && (c === '?' || c === t[j - 1]);
    }
    dp = next;
  }
  return dp[t.length]!;
}
