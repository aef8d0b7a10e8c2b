/**
 * The local user pool's user directory: loading `users.json`, looking users up, checking passwords and
 * producing the Cognito user attributes that go into tokens and userInfo.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LocalUser } from './types.js';

/** Looks up users by username or `sub` and checks passwords. */
export interface UserDirectory {
  /** The user with this username (case-sensitive), if any. */
  byUsername(username: string): LocalUser | undefined;
  /** The user with this `sub`, if any. */
  bySub(sub: string): LocalUser | undefined;
  /** The user when `username` exists and `password` matches, else undefined (no hint which failed). */
  authenticate(username: string, password: string): LocalUser | undefined;
  /** True while the user still has the temporary password of `forceChangePassword`. */
  mustChangePassword(username: string): boolean;
  /** Replaces the user's password and clears `forceChangePassword` (kept in memory). */
  changePassword(username: string, newPassword: string): void;
  /** Every user, in file order. */
  readonly all: readonly LocalUser[];
}

/**
 * Reads users from a `users.json` file: either `{ "users": [ ... ] }` (other top-level members such as
 * a `_comment` are ignored) or a bare array.
 *
 * @throws Error naming the file and the problem when it cannot be read or is invalid
 */
export function readUsersFile(path: string): LocalUser[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`users file ${path}: cannot read JSON`, { cause: error });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) throw new Error(`users file ${path}: expected {"users": [...]} or an array`);
  return list.map((entry, i) => parseUser(entry, `${path} users[${i}]`));
}

function parseUser(entry: unknown, where: string): LocalUser {
  if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: expected an object`);
  const u = entry as Record<string, unknown>;
  for (const key of ['username', 'password', 'sub'] as const) {
    if (typeof u[key] !== 'string' || u[key] === '') throw new Error(`${where}: "${key}" must be a string`);
  }
  if (u.email !== undefined && typeof u.email !== 'string')
    throw new Error(`${where}: "email" must be a string`);
  if (u.emailVerified !== undefined && typeof u.emailVerified !== 'boolean') {
    throw new Error(`${where}: "emailVerified" must be a boolean`);
  }
  if (u.groups !== undefined && !(Array.isArray(u.groups) && u.groups.every((g) => typeof g === 'string'))) {
    throw new Error(`${where}: "groups" must be an array of strings`);
  }
  if (u.forceChangePassword !== undefined && typeof u.forceChangePassword !== 'boolean') {
    throw new Error(`${where}: "forceChangePassword" must be a boolean`);
  }
  return {
    username: u.username as string,
    password: u.password as string,
    sub: u.sub as string,
    ...(u.email === undefined ? {} : { email: u.email as string }),
    ...(u.emailVerified === undefined ? {} : { emailVerified: u.emailVerified as boolean }),
    ...(u.groups === undefined ? {} : { groups: u.groups as string[] }),
    ...(u.forceChangePassword === undefined ? {} : { forceChangePassword: u.forceChangePassword as boolean }),
  };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Builds a directory over `users`.
 *
 * @throws Error when a username or `sub` is duplicated or a user is malformed
 */
export function createUserDirectory(users: readonly LocalUser[]): UserDirectory {
  const checked = users.map((u, i) => parseUser(u, `users[${i}]`));
  const names = new Map<string, LocalUser>();
  const subs = new Map<string, LocalUser>();
  for (const u of checked) {
    if (names.has(u.username)) throw new Error(`duplicate username "${u.username}"`);
    if (subs.has(u.sub)) throw new Error(`duplicate sub for user "${u.username}"`);
    names.set(u.username, u);
    subs.set(u.sub, u);
  }
  // Passwords as they are now (a temporary one may have been replaced), and who must still change theirs.
  const passwords = new Map(checked.map((u) => [u.username, u.password]));
  const mustChange = new Set(checked.filter((u) => u.forceChangePassword === true).map((u) => u.username));
  // Compared through fixed-length digests so timing does not reveal the password length.
  const unknownUserDigest = digest('\0unknown user\0');
  return {
    all: checked,
    byUsername: (username) => names.get(username),
    bySub: (sub) => subs.get(sub),
    authenticate(username, password) {
      const user = names.get(username);
      const current = user ? passwords.get(user.username) : undefined;
      const ok = timingSafeEqual(
        digest(password),
        current === undefined ? unknownUserDigest : digest(current),
      );
      return ok && user ? user : undefined;
    },
    mustChangePassword: (username) => mustChange.has(username),
    changePassword(username, newPassword) {
      if (!names.has(username)) throw new Error(`no user "${username}"`);
      passwords.set(username, newPassword);
      mustChange.delete(username);
    },
  };
}

/**
 * The user's Cognito attributes as claims: `sub`, `cognito:username`, `cognito:groups` (when any),
 * `email` and `email_verified` (when an email is set).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 */
export function userClaims(user: LocalUser): Record<string, unknown> {
  return {
    sub: user.sub,
    'cognito:username': user.username,
    ...(user.groups && user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    ...(user.email === undefined ? {} : { email: user.email, email_verified: user.emailVerified ?? true }),
  };
}
