// @vitest-environment node
import { renderToReadableStream, renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fakeProxy } from '../../../test/support/fakeProxy.js';
import { ClickToCall } from './ClickToCall.js';

describe('server rendering', () => {
  it('runs without a DOM', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders the form without touching window, fetch or timers', () => {
    const proxy = fakeProxy();
    const html = renderToString(
      <ClickToCall
        endpoint="https://shop.example.com/ringback"
        widgetId="support"
        fetch={proxy.fetch}
      />,
    );
    expect(html).toContain('Your phone number');
    expect(html).toContain('Call me');
    expect(html).toContain('role="status"');
    expect(html).toContain('+91');
    expect(proxy.requests).toHaveLength(0);
  });

  it('puts the CSP nonce on the stylesheet when the app renders with that nonce', async () => {
    const stream = await renderToReadableStream(
      <ClickToCall endpoint="https://x.example" widgetId="support" nonce="n0nce" />,
      // React 19.2 takes a separate style nonce; it only adds nonces it was given.
      { nonce: { script: 'n0nce', style: 'n0nce' } },
    );
    await stream.allReady;
    const html = await new Response(stream).text();
    expect(html).toMatch(/<style[^>]*nonce="n0nce"[^>]*>\.rb-ctc\{/);
  });

  it('renders Hindi and the countries given before the widget’s configuration is known', () => {
    const html = renderToString(
      <ClickToCall
        endpoint="https://x.example"
        widgetId="support"
        locale="hi"
        countries={['IN', 'AE']}
      />,
    );
    expect(html).toContain('मुझे कॉल करें');
    expect(html).toContain('भारत +91');
    expect(html).toContain('lang="hi"');
  });
});
