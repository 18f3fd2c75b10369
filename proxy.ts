/**
 * Next.js 16 proxy (formerly middleware): runs before every request. Adds the security headers
 * to every response and, when access control is configured (lib/server/access-control.ts),
 * answers 401 to requests without valid credentials and serves the login form.
 */
import { NextResponse, type NextRequest } from 'next/server';
import {
  accessConfig,
  checkSecret,
  isAuthorized,
  LOGIN_PATH,
  loginPage,
  safeNextPath,
  SESSION_COOKIE,
  sessionCookieValue,
  type AccessConfig,
} from './lib/server/access-control';
import { applySecurityHeaders } from './lib/server/security-headers';

const REALM = 'Basic realm="Cerberus Atlas", charset="UTF-8"';

function html(body: string, status: number): NextResponse {
  const response = new NextResponse(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
  applySecurityHeaders(response.headers);
  return response;
}

async function login(request: NextRequest, config: AccessConfig): Promise<NextResponse> {
  if (request.method !== 'POST')
    return html(loginPage(safeNextPath(request.nextUrl.searchParams.get('next')), false), 200);
  const form = await request.formData().catch(() => undefined);
  const user = String(form?.get('user') ?? '').trim();
  const secret = String(form?.get('secret') ?? '');
  const next = safeNextPath(String(form?.get('next') ?? '/'));
  if (!checkSecret(config, user === '' ? undefined : user, secret)) return html(loginPage(next, true), 401);
  const response = NextResponse.redirect(new URL(next, request.url), 303);
  response.cookies.set(SESSION_COOKIE, sessionCookieValue(config, user === '' ? 'token' : user), {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.nextUrl.protocol === 'https:',
    path: '/',
  });
  applySecurityHeaders(response.headers);
  return response;
}

function unauthorized(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/') || request.method !== 'GET') {
    const response = NextResponse.json(
      { error: 'unauthorized', message: 'This deployment is private: send Authorization: Bearer <token>, HTTP Basic credentials, or sign in at /login.' },
      { status: 401, headers: { 'www-authenticate': REALM, 'cache-control': 'no-store' } },
    ); // prettier-ignore
    applySecurityHeaders(response.headers);
    return response;
  }
  return html(loginPage(safeNextPath(`${pathname}${search}`), false), 401);
}

/** The proxy: access control (when configured), then security headers on the response. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const config = accessConfig();
  if (config) {
    if (request.nextUrl.pathname === LOGIN_PATH) return login(request, config);
    if (!isAuthorized(config, request.headers.get('authorization'), request.cookies.get(SESSION_COOKIE)?.value))
      return unauthorized(request);
  }
  const response = NextResponse.next();
  applySecurityHeaders(response.headers);
  return response;
}
