/** A tiny browser stand-in for the agent workspace over HTTP: cookies, CSRF tokens, forms. */
export class UiClient {
  private cookies = new Map<string, string>();

  /** `headers`: sent with every request, e.g. `x-forwarded-for` to act from another address (the service trusts its loopback proxy). */
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', headers: { ...this.headers, cookie: this.cookieHeader() } });
    this.store(res);
    return res;
  }

  async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    this.store(res);
    return res;
  }

  /** The `_csrf` value of the first form on a page. */
  static csrfOf(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no _csrf on the page');
    return m[1];
  }

  async login(username: string, password: string): Promise<Response> {
    const page = await (await this.get('/ui/login')).text();
    return this.post('/ui/login', { _csrf: UiClient.csrfOf(page), username, password });
  }

  /** The CSRF token of the session (from any page). */
  async csrf(path = '/ui'): Promise<string> {
    return UiClient.csrfOf(await (await this.get(path)).text());
  }
}

/**
 * The first login with a temporary or initial password: the workspace asks for a new one before
 * anything else. Makes that change (to `<password>-gewijzigd`) and returns the new password; an
 * account without the forced change keeps its password.
 */
export async function completeFirstLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const c = new UiClient(baseUrl);
  const login = await c.login(username, password);
  if (login.status !== 303) throw new Error(`first login of ${username} failed: ${login.status}`);
  if (login.headers.get('location') !== '/ui/account/password') return password;
  const next = `${password}-gewijzigd`;
  const csrf = await c.csrf('/ui/account/password');
  const res = await c.post('/ui/account/password', { _csrf: csrf, current: password, password: next, repeat: next });
  if (res.status !== 303) throw new Error(`password change of ${username} failed: ${res.status}`);
  await c.post('/ui/logout', { _csrf: await c.csrf() });
  return next;
}
