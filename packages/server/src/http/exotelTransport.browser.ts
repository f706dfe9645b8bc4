// `#exotel-transport` in browser builds (the proxy running in a page, as Storybook does):
// no transport of its own, so the Exotel client uses the page's fetch.
import type * as NodeTransport from './exotelTransport.js';

export type ExotelTransport = NodeTransport.ExotelTransport;

export function exotelTransport(): ExotelTransport | undefined {
  return undefined;
}
