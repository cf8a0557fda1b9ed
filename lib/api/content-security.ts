/**
 * The content security policy of every page the API serves (/docs, the explorer at /): nothing
 * but the app's own origin, scripts and styles only with the response's nonce, no inline style
 * attributes, no framing.
 */
import { NONCE } from 'hono/secure-headers';

export const contentSecurityPolicy = {
  defaultSrc: ["'none'"],
  scriptSrc: [NONCE],
  styleSrc: [NONCE],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
