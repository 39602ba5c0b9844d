declare module '*/__vendor-cdn.js' {
  /** dist/ on its own origin, ending in '/': `${CDN}call-elements.js`. */
  export const CDN: string;
  /** The vendor SDKs as an ESM CDN serves them: `${VENDOR}@azure/communication-calling.js`, … */
  export const VENDOR: string;
}
