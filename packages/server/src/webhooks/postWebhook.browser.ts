// `#webhook-transport` in browser builds (the proxy running in a page, as Storybook does):
// a page cannot check where a name resolves, so nothing is sent.
import type * as NodeTransport from './postWebhook.js';

export type WebhookRequest = NodeTransport.WebhookRequest;
export type WebhookResponse = NodeTransport.WebhookResponse;

export async function postWebhook(_req: WebhookRequest): Promise<WebhookResponse> {
  return {
    status: null,
    error: 'target_not_allowed',
    detail: 'webhooks are not sent from a browser build',
  };
}
