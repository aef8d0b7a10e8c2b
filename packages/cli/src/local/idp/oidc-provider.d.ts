/**
 * Minimal ambient types for the parts of `oidc-provider` 9 the local identity provider uses. The package
 * ships no TypeScript declarations (and `@types/oidc-provider` is not installed); only what
 * `packages/cli/src/local/idp/` touches is typed here, loosely where the library's own shape is loose.
 *
 * @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The Koa context oidc-provider hands to middleware and configuration callbacks. */
  export interface KoaContextWithOIDC {
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[] | undefined>;
    querystring: string;
    readonly secure: boolean;
    readonly response: { get(header: string): string };
    status: number;
    body: unknown;
    type: string;
    respond?: boolean;
    readonly cookies: {
      get(name: string, options?: { signed?: boolean }): string | undefined;
      set(name: string, value: string | null, options?: Record<string, unknown>): void;
    };
    get(header: string): string;
    set(header: string, value: string): void;
    redirect(url: string): void;
    // biome-ignore lint/suspicious/noExplicitAny: oidc-provider's per-request context is untyped
    oidc: any;
  }

  /** Koa middleware. */
  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void> | void;

  /** The stored interaction (login/consent prompt) as returned by `interactionDetails`. */
  export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly params: Readonly<Record<string, unknown>>;
    readonly session?: { readonly accountId?: string };
    readonly returnTo: string;
  }

  /** A grant model (what an end-user allowed a client). */
  export interface GrantModel {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  /** An authorization code model. */
  export interface AuthorizationCodeModel {
    save(): Promise<string>;
  }

  /** A refresh token model as found in the adapter. */
  export interface RefreshTokenModel {
    readonly accountId: string;
    readonly clientId: string;
    readonly isExpired: boolean;
  }

  /** A browser session model. */
  export interface SessionModel {
    readonly accountId?: string;
    destroy(): Promise<void>;
  }

  /** The storage adapter of one model. */
  export interface ModelAdapter {
    find(id: string): Promise<Record<string, unknown> | undefined>;
  }

  /** The OpenID Provider: a Koa application. */
  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    use(middleware: Middleware): this;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    readonly Grant: {
      new (input: { accountId: string; clientId: string }): GrantModel;
      find(id: string): Promise<GrantModel | undefined>;
    };
    readonly AuthorizationCode: new (
      input: Record<string, unknown>,
    ) => AuthorizationCodeModel;
    readonly RefreshToken: { find(value: string): Promise<RefreshTokenModel | undefined> };
    readonly AccessToken: { readonly adapter: ModelAdapter };
    readonly Client: { find(id: string): Promise<unknown> };
    readonly Session: { get(ctx: KoaContextWithOIDC): Promise<SessionModel> };
  }

  /** OAuth 2.0 / OIDC error classes (`error`, `error_description`, HTTP status). */
  export const errors: {
    readonly InvalidTarget: new (description?: string) => Error;
    readonly InvalidRequest: new (description?: string) => Error;
    readonly SessionNotFound: new (description?: string) => Error;
  };

  export default Provider;
}
