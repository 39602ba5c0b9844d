declare module '*/__janus.js' {
  export const JANUS_URL: string;
  export const JANUS_SIGNALING_URL: string;
  export const JANUS_FAILURE: string;
}
