import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Optional access control for private deployments. Off unless `ATLAS_ACCESS_TOKEN` (one shared
 * token) or `ATLAS_USERS_FILE` (lines `user:password`, `#` comments) is set. Credentials arrive
 * as `Authorization: Bearer <token>`, HTTP Basic (`user:password`, or any user with the token as
 * password), or the session cookie set by the login form. Secrets are compared as sha256 digests
 * with timingSafeEqual and never logged.
 */
export interface AccessConfig {
  readonly tokenDigest?: Buffer;
  readonly users: ReadonlyMap<string, Buffer>;
  /** Signs session cookies; derived from the credentials, so changing them logs everyone out. */
  readonly sessionKey: Buffer;
}

/** Name of the session cookie set by the login form. */
export const SESSION_COOKIE = 'atlas_session';
/** Path of the login form (GET) and its submission (POST). */
export const LOGIN_PATH = '/login';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const DUMMY = digest('no such user');

/** Parses a users file: `user:password` per line; blank lines and `#` comments skipped. */
export function parseUsersFile(text: string): Map<string, Buffer> {
  const users = new Map<string, Buffer>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon < 1 || colon === line.length - 1)
      throw new Error(`ATLAS_USERS_FILE line ${index + 1}: expected user:password`);
    users.set(line.slice(0, colon), digest(line.slice(colon + 1)));
  });
  return users;
}

let cached: { key: string; config: AccessConfig | undefined } | undefined;

/** The access configuration from the environment (read once per setting), or undefined when off. */
export function accessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig | undefined {
  const token = env.ATLAS_ACCESS_TOKEN || undefined;
  const usersFile = env.ATLAS_USERS_FILE || undefined;
  const key = `${token === undefined ? '' : digest(token).toString('hex')}\0${usersFile ?? ''}`;
  if (cached?.key === key) return cached.config;
  let config: AccessConfig | undefined;
  if (token !== undefined || usersFile !== undefined) {
    const usersText = usersFile ? readFileSync(/*turbopackIgnore: true*/ usersFile, 'utf8') : '';
    const users = parseUsersFile(usersText);
    if (token === undefined && users.size === 0) throw new Error('ATLAS_USERS_FILE lists no users');
    config = {
      ...(token !== undefined ? { tokenDigest: digest(token) } : {}),
      users,
      sessionKey: createHash('sha256')
        .update(`atlas-session\0${token ?? ''}\0${usersText}`)
        .digest(),
    };
  }
  cached = { key, config };
  return config;
}

const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** True when `user`/`secret` are valid: the token (any user) or the user's password. */
export function checkSecret(config: AccessConfig, user: string | undefined, secret: string): boolean {
  const given = digest(secret);
  const tokenOk = config.tokenDigest ? same(given, config.tokenDigest) : false;
  // Always compare against something, so unknown users take as long as known ones.
  const stored = user !== undefined ? config.users.get(user) : undefined;
  const userOk = same(given, stored ?? DUMMY) && stored !== undefined;
  return tokenOk || userOk;
}

/** The session cookie value for `principal`: `<base64url principal>.<hmac>`. */
export function sessionCookieValue(config: AccessConfig, principal: string): string {
  const name = Buffer.from(principal, 'utf8').toString('base64url');
  return `${name}.${createHmac('sha256', config.sessionKey).update(name).digest('base64url')}`;
}

function checkSession(config: AccessConfig, value: string): boolean {
  const [name, mac] = value.split('.');
  if (!name || !mac) return false;
  const expected = createHmac('sha256', config.sessionKey).update(name).digest();
  return same(Buffer.from(mac, 'base64url'), expected);
}

/** True when the request carries valid credentials (header or session cookie). */
export function isAuthorized(
  config: AccessConfig,
  authorization: string | null,
  sessionCookie: string | undefined,
): boolean {
  if (sessionCookie && checkSession(config, sessionCookie)) return true;
  if (!authorization) return false;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return checkSecret(config, undefined, value);
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    return checkSecret(config, decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  return false;
}

/** A same-origin path to return to after login ('/' for anything else, e.g. '//evil.example'). */
export function safeNextPath(value: string | null | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login form: a plain HTML page (no scripts) posting to LOGIN_PATH. */
export function loginPage(next: string, failed: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cerberus Atlas — sign in</title>
<meta name="viewport" content="width=device-width"><style>body{font:16px system-ui,sans-serif;max-width:22rem;margin:15vh auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input{padding:.5rem;box-sizing:border-box}button{padding:.6rem}p.error{color:#b00020}</style></head>
<body><h1>Cerberus Atlas</h1><p>This deployment is private. Sign in with your user name and password, or leave the user empty and enter the access token.</p>
${failed ? '<p class="error" role="alert">Wrong user name, password or token.</p>' : ''}
<form method="post" action="${LOGIN_PATH}"><input type="hidden" name="next" value="${escapeHtml(next)}">
<label>User <input name="user" autocomplete="username"></label>
<label>Password or token <input name="secret" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}
