import type { Meta, StoryObj } from '@storybook/react-vite';
import { createElement, useEffect } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { Scenario } from './scenario.js';
import { EXAMPLE_ENDPOINT } from './snippet.js';

// `@ringback/embed` as a host page uses it: the script-tag bundle, built from source and
// served at /ringback.js (.storybook/embedScript.ts), talking to the story's own proxy.

declare global {
  interface Window {
    Ringback?: { version?: string; init(o: object): void; open(): void; destroy(): void };
  }
}

/** Adds `<script src="/ringback.js" data-…>` to the page, as a host would, and waits for it. */
function loadScript(data: Record<string, string> = {}): Promise<void> {
  const script = document.createElement('script');
  script.src = '/ringback.js';
  Object.assign(script.dataset, data);
  return new Promise((resolve, reject) => {
    script.onload = () => resolve();
    script.onerror = reject;
    document.head.append(script);
  });
}

/** The page's side of a story: runs `setUp` once mounted, removes the floating button after. */
function HostPage({ setUp, children }: { setUp: () => unknown; children?: React.ReactNode }) {
  useEffect(() => {
    void setUp();
    return () => window.Ringback?.destroy();
  }, [setUp]);
  return (
    <div style={{ minHeight: 320, minWidth: 360, padding: 24, font: '16px system-ui' }}>
      {children ?? <p>The floating button sits at the bottom right of this frame.</p>}
    </div>
  );
}

const html = (code: string) => ({ docs: { source: { code, language: 'html' } } });

const meta = {
  title: 'Embedding',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Queries inside the shadow root of the first `tag` in `scope` (from its root element). */
async function shadowOf(tag: string, scope: ParentNode = document) {
  const root = await waitFor(() => {
    const found = scope.querySelector(tag)?.shadowRoot?.querySelector<HTMLElement>('.rb-root');
    if (!found) throw new Error(`no ${tag} yet`);
    return found;
  });
  return within(root);
}

/** One tag: a floating "Call me" button at the bottom right, with the widget in its panel. */
export const ScriptTag: Story = {
  name: 'Script tag',
  parameters: html(
    `<script src="https://shop.example.com/ringback.js" data-endpoint="${EXAMPLE_ENDPOINT}" data-widget-id="support" async></script>`,
  ),
  render: (_, { loaded }) => {
    const { endpoint, widgetId } = loaded.scenario as Scenario;
    return <HostPage setUp={() => loadScript({ endpoint, widgetId })} />;
  },
  play: async () => {
    const launcher = await shadowOf('ringback-launcher');
    const button = await launcher.findByRole('button', { name: 'Call me' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    await expect(await launcher.findByRole('dialog', { name: 'Call me' })).toBeVisible();
  },
};

/** `<ringback-call>` anywhere in the page; the script (without `data-*`) defines it. */
export const InlineElement: Story = {
  name: 'Inline element',
  parameters: html(
    `<ringback-call endpoint="${EXAMPLE_ENDPOINT}" widget-id="support" consent="We call you once about your enquiry."></ringback-call>
<script src="https://shop.example.com/ringback.js" async></script>`,
  ),
  render: (_, { loaded }) => {
    const { endpoint, widgetId } = loaded.scenario as Scenario;
    return (
      <HostPage setUp={loadScript}>
        {createElement('ringback-call', {
          endpoint,
          'widget-id': widgetId,
          consent: 'We call you once about your enquiry.',
        })}
      </HostPage>
    );
  },
  play: async ({ canvasElement }) => {
    const widget = await shadowOf('ringback-call', canvasElement);
    await userEvent.type(await widget.findByLabelText('Your phone number'), '98123 45678');
    await userEvent.click(widget.getByRole('button', { name: 'Call me' }));
    await waitFor(() => expect(widget.getByRole('status')).toHaveTextContent(/^Calling our team/));
  },
};

/** The floating button driven from the page's code: `Ringback.init()`, `open()`, events. */
export const FloatingButton: Story = {
  name: 'Floating button',
  parameters: html(
    `<script src="https://shop.example.com/ringback.js" async></script>
<script>
  addEventListener('load', () => {
    Ringback.init({ endpoint: '${EXAMPLE_ENDPOINT}', widgetId: 'support', position: 'right' });
    Ringback.on('call-ended', ({ state }) => console.log('call ended:', state));
    document.querySelector('#call-us').onclick = () => Ringback.open();
  });
</script>`,
  ),
  render: (_, { loaded }) => {
    const { endpoint, widgetId } = loaded.scenario as Scenario;
    return (
      <HostPage
        setUp={async () => {
          await loadScript();
          window.Ringback!.init({ endpoint, widgetId });
        }}
      >
        <button type="button" id="call-us" onClick={() => window.Ringback?.open()}>
          Ask for a call
        </button>
      </HostPage>
    );
  },
  play: async ({ canvasElement }) => {
    const launcher = await shadowOf('ringback-launcher');
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Ask for a call' }));
    const dialog = await shadowOf('ringback-call', await launcher.findByRole('dialog'));
    await userEvent.type(await dialog.findByLabelText('Your phone number'), '98123 45678');
    await userEvent.click(await dialog.findByRole('button', { name: 'Call me' }));
    await waitFor(() => expect(dialog.getByRole('status')).toHaveTextContent(/^Calling our team/));
    // Closed mid-call, the button carries the call's stage.
    await userEvent.click(launcher.getByRole('button', { name: 'Close' }));
    await expect(
      await launcher.findByRole('button', { name: 'Calling us', expanded: false }),
    ).toBeVisible();
  },
};
