/**
 * A browser for tests, with plain HTTP: a cookie jar (per host, honouring Path, Max-Age=0 and
 * Secure), redirects followed by hand, and forms read from the page and submitted. Enough to
 * walk a sign-in through an OpenID provider without a real browser.
 */
export interface TestPage {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The redirects followed to get here, in order. */
  readonly redirects: readonly string[];
}

export interface TestForm {
  readonly action: string;
  readonly method: string;
  readonly fields: Record<string, string>;
}

interface StoredCookie {
  readonly host: string;
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly secure: boolean;
}

const attribute = (parts: string[], name: string): string | undefined =>
  parts
    .find((part) => part.trim().toLowerCase().startsWith(`${name}=`))
    ?.split('=')
    .slice(1)
    .join('=')
    .trim();

const decodeEntities = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export class TestBrowser {
  private cookies: StoredCookie[] = [];

  /** The value of a cookie the browser holds for `url`'s host, if any. */
  cookie(url: string, name: string): string | undefined {
    return this.cookies.find((cookie) => cookie.host === new URL(url).host && cookie.name === name)?.value;
  }

  /** The raw Set-Cookie lines of the last response that set `name` (to check its attributes). */
  readonly setCookieLines: string[] = [];

  private store(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair = '', ...parts] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = decodeURIComponent(pair.slice(separator + 1).trim());
      const path = attribute(parts, 'path') ?? '/';
      this.cookies = this.cookies.filter((cookie) => !(cookie.host === url.host && cookie.name === name && cookie.path === path));
      const maxAge = attribute(parts, 'max-age');
      if (maxAge !== undefined && Number(maxAge) <= 0) continue;
      this.cookies.push({ host: url.host, name, value, path, secure: parts.some((part) => part.trim().toLowerCase() === 'secure') });
    }
  }

  private cookieHeader(url: URL): string | undefined {
    const sent = this.cookies.filter(
      (cookie) =>
        cookie.host === url.host &&
        (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)) &&
        (!cookie.secure || url.protocol === 'https:' || url.hostname === '127.0.0.1'),
    );
    return sent.length > 0 ? sent.map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`).join('; ') : undefined;
  }

  /** One request, no redirect followed. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.store(target, response.headers);
    return response;
  }

  /** A request, then every redirect (as GET), up to the page that answers, or to the first URL `stopAt` accepts (not requested). */
  async open(url: string, init: RequestInit = {}, stopAt?: (url: string) => boolean): Promise<TestPage> {
    const redirects: string[] = [];
    let current = url;
    let response = await this.request(current, init);
    while (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      current = new URL(response.headers.get('location')!, current).href;
      redirects.push(current);
      if (stopAt?.(current)) return { url: current, status: response.status, headers: response.headers, body: '', redirects };
      if (redirects.length > 20) throw new Error(`too many redirects from ${url}`);
      response = await this.request(current);
    }
    return { url: current, status: response.status, headers: response.headers, body: await response.text(), redirects };
  }

  /** The `index`-th form of a page, its action resolved against the page. */
  form(page: TestPage, index = 0): TestForm {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
    const found = forms[index];
    if (!found) throw new Error(`no form ${index} on ${page.url}:\n${page.body.slice(0, 2000)}`);
    const [, attributes = '', inner = ''] = found;
    const action = /action="([^"]*)"/i.exec(attributes)?.[1];
    const method = /method="([^"]*)"/i.exec(attributes)?.[1] ?? 'get';
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[1] ?? '')?.[1];
      if (name) fields[decodeEntities(name)] = decodeEntities(/value="([^"]*)"/i.exec(input[1] ?? '')?.[1] ?? '');
    }
    return { action: new URL(decodeEntities(action ?? page.url), page.url).href, method: method.toLowerCase(), fields };
  }

  /** Submits a form with some fields filled in, following the redirects. */
  submit(
    form: TestForm,
    values: Record<string, string> = {},
    options: { headers?: Record<string, string>; stopAt?: (url: string) => boolean } = {},
  ): Promise<TestPage> {
    const body = new URLSearchParams({ ...form.fields, ...values }).toString();
    return this.open(
      form.action,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers }, body },
      options.stopAt,
    );
  }
}
