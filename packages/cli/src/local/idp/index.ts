/**
 * The local Cognito-compatible identity provider (`@edgeward/cli/local`): oidc-provider with a thin Cognito
 * shim, for the local stack, browser tests and `edgeward login`.
 *
 * @module
 */
export { identityIdOf, type LocalIdentityPool } from './identity-pool.js';
export { secretHash } from './initiate-auth.js';
export { startIdentityProvider } from './server.js';
export type {
  IdentityProviderOptions,
  JsonWebKeyWithKid,
  LocalClient,
  LocalIdp,
  LocalUser,
} from './types.js';
export { readUsersFile } from './users.js';
