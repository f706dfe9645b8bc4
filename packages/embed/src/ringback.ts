/**
 * The script-tag build (`dist/ringback.js`, an IIFE): defines `<ringback-call>`, sets up
 * `window.Ringback` and shows the floating button its `data-*` attributes ask for.
 */
import { installRingback } from './install.js';

installRingback(document.currentScript);
