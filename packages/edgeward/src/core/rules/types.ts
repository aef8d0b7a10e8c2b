/**
 * The rule model's decision contract, shared by the CloudFront and API Gateway adapters and `explain`.
 *
 * @module
 */
import type { AuthErrorCode } from '../errors.js';

/** What the rules are asked about. */
export interface AccessRequest {
  /** The request path exactly as received (CloudFront `uri`, API Gateway path), before hygiene. */
  readonly path: string;
  /** HTTP method, upper case. */
  readonly method: string;
}

/** Reason codes of rule outcomes; failures reuse {@link AuthErrorCode}s. */
export type RuleReason =
  | 'rule_public'
  | 'rule_authenticated'
  | 'rule_requirements_met'
  | 'default_public'
  | 'default_authenticated'
  | 'credentials_required'
  | Extract<
      AuthErrorCode,
      'path_invalid' | 'rule_denied' | 'group_missing' | 'scope_missing' | 'claim_mismatch'
    >;

/**
 * The rules' answer for one request:
 * - `allow`: forward (public, or the token satisfies the matched rule);
 * - `unauthenticated`: the matched rule needs a verified token and none was given;
 * - `forbidden`: a verified token was given but the matched rule refuses it (403);
 * - `bad_request`: the path failed hygiene (dot-segments, encoded `/` or `\`, control characters,
 *   invalid percent-encoding) and was never matched against any rule (400).
 */
export interface RuleDecision {
  /** The answer (see above). */
  readonly outcome: 'allow' | 'unauthenticated' | 'forbidden' | 'bad_request';
  /** Why: the reason code logged and shown by `edgeward explain`. */
  readonly reason: RuleReason;
  /** Index of the deciding rule in `rules`, or -1 for the default / path hygiene. */
  readonly ruleIndex: number;
  /** Human-readable explanation for logs and `edgeward explain`; never contains token contents. */
  readonly detail: string;
}
