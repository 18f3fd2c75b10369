import 'server-only';

/**
 * Content Security Policy for the app: everything from this origin only. Next.js inlines small
 * bootstrap scripts and React/Tailwind/deck.gl set inline styles, hence 'unsafe-inline' for
 * scripts and styles (no nonces: pages would all have to render dynamically). deck.gl draws
 * with WebGL (no CSP directive) and may create blob: workers and images.
 */
export function contentSecurityPolicy(development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response carries: CSP, no framing, no MIME sniffing, no referrer leaks. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Sets the security headers on `headers` (in place) and returns it. */
export function applySecurityHeaders(headers: Headers): Headers {
  for (const [name, value] of Object.entries(securityHeaders())) headers.set(name, value);
  return headers;
}
