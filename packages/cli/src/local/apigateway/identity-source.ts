/**
 * Identity sources of API Gateway Lambda authorizers: the request headers and query string parameters an
 * authorizer needs. A request missing one is refused with 401 before the authorizer runs, and their values
 * key the authorizer result cache. REST APIs spell them `method.request.header.<Name>`, HTTP APIs
 * `$request.header.<name>`.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * @module
 */

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
 * @throws Error naming the source when it is neither a header nor a query string source
 */
export function parseIdentitySource(source: string, syntax: IdentitySourceSyntax): IdentitySource {
  const s = source.trim();
  if (s.startsWith(syntax.header)) return { from: 'header', name: s.slice(syntax.header.length) };
  if (s.startsWith(syntax.query)) return { from: 'query', name: s.slice(syntax.query.length) };
  throw new Error(`unsupported identity source ${JSON.stringify(s)}`);
}
