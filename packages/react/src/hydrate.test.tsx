import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeProxy } from '../../../test/support/fakeProxy.js';
import { ClickToCall } from './ClickToCall.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hydration', () => {
  it('hydrates server markup without a mismatch, then follows the browser’s language', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('hi-IN');
    const errors = vi.spyOn(console, 'error');
    const proxy = fakeProxy();
    const element = (
      <ClickToCall
        endpoint="https://shop.example.com/ringback"
        widgetId="support"
        fetch={proxy.fetch}
      />
    );
    const container = document.createElement('div');
    document.body.append(container);
    // The server has no navigator.language: it renders English.
    container.innerHTML = renderToString(element).replace(/<style[\s\S]*?<\/style>/, '');
    expect(container.textContent).toContain('Call me');
    await act(async () => {
      hydrateRoot(container, element);
    });
    expect(errors).not.toHaveBeenCalled();
    expect(container.textContent).toContain('मुझे कॉल करें');
    expect(proxy.requests).toHaveLength(1);
    container.remove();
  });
});
