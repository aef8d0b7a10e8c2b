/**
 * Identity sources of API Gateway Lambda authorizers: the request headers and query string parameters an
 * authorizer needs. A request missing one is refused with 401 before the authorizer runs, and their values
 * key the authorizer result cache. REST APIs spell them `method.request.header.<Name>`, HTTP APIs
 * `$request.header.<name>`.
 *
 * @see [Amazon API Gateway Developer Guide - Use API Gateway Lambda authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html)
 * @see [Amazon API Gateway Developer Guide - Lambda authorizers for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)
 * @module
 */
import { LocalStackError } from '../errors.js';

/** One identity source: a request header (any case) or a query string parameter. */
export interface IdentitySource {
  readonly from: 'header' | 'query';
  readonly name: string;
}

/** How an API flavour spells identity sources: the prefix before a header name and a parameter name. */
export interface IdentitySourceSyntax {
  readonly header: string;
  readonly query: string;
}

/** REST API identity sources: `method.request.header.<Name>`, `method.request.querystring.<name>`. */
export const REST_IDENTITY_SOURCES: IdentitySourceSyntax = {
  header: 'method.request.header.',
  query: 'method.request.querystring.',
};

/** HTTP API identity sources: `$request.header.<name>`, `$request.querystring.<name>`. */
export const HTTP_IDENTITY_SOURCES: IdentitySourceSyntax = {
  header: '$request.header.',
  query: '$request.querystring.',
};

/**
 * Parses one identity source (surrounding white space ignored).
 *
 * @throws LocalStackError `local_config_invalid` naming the source when it is neither a header nor a query string source
 */
export function parseIdentitySource(source: string, syntax: IdentitySourceSyntax): IdentitySource {
  const s = source.trim();
  if (s.startsWith(syntax.header)) return { from: 'header', name: s.slice(syntax.header.length) };
  if (s.startsWith(syntax.query)) return { from: 'query', name: s.slice(syntax.query.length) };
  throw new LocalStackError('local_config_invalid', `unsupported identity source ${JSON.stringify(s)}`);
}
